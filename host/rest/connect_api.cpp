#include "rest/connect_api.hpp"

#include "config/config_check.hpp"
#include "rest/dashboard.hpp"
#include "rest/metrics_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

namespace inlet::rest {

struct Target {
    std::vector<std::string> segments; // decoded path segments
    std::multimap<std::string, std::string> query;
    bool bad = false; // a %-escape that does not decode
};

namespace {

using json = nlohmann::json;
using host::ConnectorView;
using host::RunState;

constexpr const char *hidden = "[hidden]";

std::string percent_decode(std::string_view s, bool plus_is_space, bool &bad) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else if (c == '%') {
            auto hex = [](char h) -> int {
                if (h >= '0' && h <= '9') return h - '0';
                if (h >= 'a' && h <= 'f') return h - 'a' + 10;
                if (h >= 'A' && h <= 'F') return h - 'A' + 10;
                return -1;
            };
            int hi = i + 2 < s.size() ? hex(s[i + 1]) : -1;
            int lo = i + 2 < s.size() ? hex(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                bad = true;
                return out;
            }
            out.push_back(char(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

Target parse_target(std::string_view target) {
    Target t;
    size_t q = target.find('?');
    std::string_view path = target.substr(0, q);
    size_t start = 0;
    while (start < path.size()) {
        size_t slash = path.find('/', start);
        std::string_view seg = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
        if (!seg.empty()) t.segments.push_back(percent_decode(seg, false, t.bad));
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    if (q == std::string_view::npos) return t;
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
        size_t amp = query.find('&');
        std::string_view kv = query.substr(0, amp);
        size_t eq = kv.find('=');
        std::string k = percent_decode(kv.substr(0, eq), true, t.bad);
        std::string v = eq == std::string_view::npos ? "" : percent_decode(kv.substr(eq + 1), true, t.bad);
        if (!k.empty()) t.query.emplace(std::move(k), std::move(v));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return t;
}

Response json_response(unsigned status, const json &body) {
    Response r;
    r.status = status;
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
}

// A boolean query parameter as JAX-RS reads one (Boolean.valueOf: "true" in any case is
// true, anything else false); absent: the default.
bool query_flag(const Target &t, const std::string &name) {
    auto it = t.query.find(name);
    if (it == t.query.end()) return false;
    std::string v = it->second;
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return v == "true";
}

json config_json(const ConnectorView &c) {
    json out = json::object();
    for (const auto &[k, v] : c.config) {
        bool hide = std::find(c.hidden_keys.begin(), c.hidden_keys.end(), k) != c.hidden_keys.end();
        out[k] = hide ? hidden : v;
    }
    return out;
}

json task_status_json(const host::TaskView &t, const std::string &worker) {
    json j{{"id", t.id}, {"state", host::state_name(t.state)}, {"worker_id", worker}};
    if (!t.trace.empty() && (t.state == RunState::failed || t.state == RunState::restarting))
        j["trace"] = t.trace;
    return j;
}

json status_json(const ConnectorView &c, const std::string &worker) {
    json tasks = json::array();
    for (const auto &t : c.tasks) tasks.push_back(task_status_json(t, worker));
    return {{"name", c.name},
            {"connector", {{"state", host::state_name(c.state)}, {"worker_id", worker}}},
            {"tasks", tasks},
            {"type", "source"}};
}

json info_json(const ConnectorView &c) {
    json tasks = json::array();
    for (const auto &t : c.tasks) tasks.push_back({{"connector", c.name}, {"task", t.id}});
    return {{"name", c.name}, {"config", config_json(c)}, {"tasks", tasks}, {"type", "source"}};
}

// Task configs read back with the connector's hidden keys hidden (a task config copies them).
json task_config_json(const ConnectorView &c, const host::TaskView &t) {
    json out = json::object();
    for (const auto &[k, v] : t.config) {
        bool hide = std::find(c.hidden_keys.begin(), c.hidden_keys.end(), k) != c.hidden_keys.end();
        out[k] = hide ? hidden : v;
    }
    return out;
}

Response not_found_connector(const std::string &name) {
    return error_response(404, "Connector " + name + " not found");
}

Response from_reply(const host::ControlReply &reply, unsigned ok_status) {
    switch (reply.outcome) {
    case host::ControlReply::Outcome::accepted: {
        Response r;
        r.status = ok_status;
        return r;
    }
    case host::ControlReply::Outcome::not_found: return error_response(404, reply.message);
    case host::ControlReply::Outcome::conflict: return error_response(409, reply.message);
    case host::ControlReply::Outcome::bad_request: return error_response(400, reply.message);
    case host::ControlReply::Outcome::failed:
    case host::ControlReply::Outcome::timed_out: return error_response(500, reply.message);
    }
    return error_response(500, "unexpected control outcome");
}

std::optional<uint32_t> parse_task_id(const std::string &s) {
    if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
        return std::nullopt;
    return uint32_t(std::stoul(s));
}

// The GET paths answered from the view alone: what an operator's status page and a Prometheus
// server poll. Offsets and topics ask the job itself.
bool reads_view_only(const std::vector<std::string> &s) {
    if (s.size() == 1) return s[0] == "metrics" || s[0] == "connectors";
    if (s.empty() || s[0] != "connectors") return false;
    if (s.size() == 2) return true;
    if (s.size() == 3) return s[2] == "status" || s[2] == "config" || s[2] == "tasks";
    return s.size() == 5 && s[2] == "tasks" && s[4] == "status";
}

} // namespace

ConnectApi::ConnectApi(host::Job &job, std::vector<const host::Plugin *> plugins, std::string worker_id,
                       host::ConnectorBinder bind, std::chrono::milliseconds view_max_age)
    : job_(job), plugins_(std::move(plugins)), worker_id_(std::move(worker_id)), bind_(std::move(bind)),
      views_([&job] { return job.view(); }, view_max_age) {}

Response ConnectApi::info_response(const std::string &name, unsigned status) const {
    for (const auto &c : job_.view().connectors)
        if (c.name == name) return json_response(status, info_json(c));
    return not_found_connector(name); // deleted again in the meantime
}

Response ConnectApi::handle(const Request &req) const {
    Target t = parse_target(req.target);
    if (t.bad) return error_response(400, "Malformed %-escape in the request path or query");
    if (req.method == "GET" && reads_view_only(t.segments)) {
        auto copy = views_.current();
        if (auto done = copy->rendered(req.target)) return std::move(*done);
        Response r = route(req, t, &copy->view());
        if (r.status == 200) copy->keep(req.target, r);
        return r;
    }
    Response r = route(req, t, nullptr);
    if (req.method != "GET") views_.invalidate(); // what it changed is seen by the next read
    return r;
}

Response ConnectApi::route(const Request &req, const Target &t, const host::JobView *cached) const {
    const auto &s = t.segments;
    const std::string &m = req.method;
    auto method_not_allowed = [&] { return error_response(405, "HTTP 405 Method Not Allowed"); };

    const bool browser = req.accept.find("text/html") != std::string::npos;
    if ((s.empty() && browser && m == "GET") || (s.size() == 1 && s[0] == "ui")) {
        if (m != "GET") return method_not_allowed();
        return {200, "text/html; charset=utf-8", dashboard_html(), ""};
    }
    if (s.empty()) { // RootResource: the worker's version
        if (m != "GET") return method_not_allowed();
        return json_response(200, {{"version", INLET_VERSION}, {"commit", ""}, {"kafka_cluster_id", nullptr}});
    }
    if (s[0] == "metrics" && s.size() == 1) {
        if (m != "GET") return method_not_allowed();
        Response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        if (cached) {
            r.body = metrics_text(*cached);
        } else {
            r.body = metrics_text(job_.view());
        }
        return r;
    }
    if (s[0] == "connector-plugins") return plugins_endpoint(req, s);
    if (s[0] != "connectors") return error_response(404, "HTTP 404 Not Found");

    host::JobView fresh;
    if (!cached) fresh = job_.view();
    const host::JobView &view = cached ? *cached : fresh;
    if (s.size() == 1) {
        if (m == "POST") return create_connector(req);
        if (m != "GET") return method_not_allowed();
        auto expands = t.query.equal_range("expand");
        if (expands.first == expands.second) {
            json names = json::array();
            for (const auto &c : view.connectors) names.push_back(c.name);
            return json_response(200, names);
        }
        json out = json::object();
        for (const auto &c : view.connectors) {
            json e = json::object();
            for (auto it = expands.first; it != expands.second; ++it) {
                if (it->second == "status") e["status"] = status_json(c, worker_id_);
                else if (it->second == "info") e["info"] = info_json(c); // others: ignored, as Kafka
            }
            out[c.name] = e;
        }
        return json_response(200, out);
    }

    const std::string &name = s[1];
    // These answer 404 themselves (PUT …/config creates; the others ask the job, whose answer
    // is current, where `view` may already be stale).
    if (s.size() == 3 && s[2] == "config" && m == "PUT") return put_config(req, name);
    if (s.size() == 2 && m == "DELETE") return delete_connector(name);
    if (s.size() == 3 && s[2] == "offsets") return offsets_endpoint(req, name);
    if (s.size() >= 3 && s[2] == "topics" && (s.size() == 3 || (s.size() == 4 && s[3] == "reset")))
        return topics_endpoint(req, s);
    auto it = std::find_if(view.connectors.begin(), view.connectors.end(),
                           [&](const ConnectorView &c) { return c.name == name; });
    if (it == view.connectors.end()) return not_found_connector(name);
    const ConnectorView &c = *it;
    host::ControlRequest control;
    control.connector = name;

    if (s.size() == 2) {
        if (m != "GET") return method_not_allowed();
        return json_response(200, info_json(c));
    }
    const std::string &what = s[2];
    if (s.size() == 3) {
        if (what == "config") {
            if (m != "GET") return method_not_allowed();
            return json_response(200, config_json(c));
        }
        if (what == "status") {
            if (m != "GET") return method_not_allowed();
            return json_response(200, status_json(c, worker_id_));
        }
        if (what == "tasks") {
            if (m != "GET") return method_not_allowed();
            json out = json::array();
            for (const auto &task : c.tasks)
                out.push_back({{"id", {{"connector", name}, {"task", task.id}}}, {"config", task_config_json(c, task)}});
            return json_response(200, out);
        }
        if (what == "pause" || what == "resume" || what == "stop") {
            if (m != "PUT") return method_not_allowed();
            control.op = what == "pause"    ? host::ControlRequest::Op::pause
                         : what == "resume" ? host::ControlRequest::Op::resume
                                            : host::ControlRequest::Op::stop;
            return from_reply(job_.control(control), 202);
        }
        if (what == "restart") {
            if (m != "POST") return method_not_allowed();
            control.op = host::ControlRequest::Op::restart;
            control.include_tasks = query_flag(t, "includeTasks");
            control.only_failed = query_flag(t, "onlyFailed");
            bool plain = !control.include_tasks && !control.only_failed;
            Response r = from_reply(job_.control(control), plain ? 204 : 202);
            if (r.status == 202) {
                for (const auto &cv : job_.view().connectors)
                    if (cv.name == name) r.body = status_json(cv, worker_id_).dump();
            }
            return r;
        }
    }
    if (what == "tasks" && s.size() >= 4) {
        auto id = parse_task_id(s[3]);
        const host::TaskView *task = nullptr;
        if (id)
            for (const auto &tv : c.tasks)
                if (tv.id == *id) task = &tv;
        if (s.size() == 5 && s[4] == "status") {
            if (m != "GET") return method_not_allowed();
            if (!task) return error_response(404, "No status found for task " + name + "-" + s[3]);
            return json_response(200, task_status_json(*task, worker_id_));
        }
        if (s.size() == 5 && s[4] == "restart") {
            if (m != "POST") return method_not_allowed();
            if (!task) return error_response(404, "Task " + name + "-" + s[3] + " not found");
            control.op = host::ControlRequest::Op::restart;
            control.task = *id;
            return from_reply(job_.control(control), 204);
        }
    }
    return error_response(404, "HTTP 404 Not Found");
}

} // namespace inlet::rest
