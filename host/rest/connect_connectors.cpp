// The write side of /connectors: create (POST), change (PUT …/config), delete, KIP-875 offsets
// (GET, PATCH, DELETE …/offsets) and active topics (GET …/topics, PUT …/topics/reset), with the
// status codes and messages of Kafka Connect 3.x's ConnectorsResource, AbstractHerder and
// StandaloneHerder. The job applies each change between batches (engine/job_connectors.cpp).
#include "rest/connect_api.hpp"

#include "runtime/host_api.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace inlet::rest {
namespace {

using json = nlohmann::json;
using Outcome = host::ControlReply::Outcome;

// How long a request waits for the sink stage (Kafka: ConnectorsResource.REQUEST_TIMEOUT_MS,
// 90 s; a worker's change takes one step of its loop, or the end of a connector's tasks).
constexpr std::chrono::seconds change_timeout{60};

Response reply_error(const host::ControlReply &r) {
    switch (r.outcome) {
    case Outcome::accepted: break;
    case Outcome::not_found: return error_response(404, r.message);
    case Outcome::conflict: return error_response(409, r.message);
    case Outcome::bad_request: return error_response(400, r.message);
    case Outcome::failed:
    case Outcome::timed_out: return error_response(500, r.message);
    }
    return error_response(500, "unexpected outcome");
}

// A config object as Jackson reads a Map<String, String>: strings, and numbers and booleans as
// their text; anything else is refused naming the key.
std::optional<Response> read_config(const json &body, host::KeyValues &out) {
    if (!body.is_object()) return error_response(400, "The connector config must be a JSON object of keys to string values");
    for (const auto &[k, v] : body.items()) {
        if (v.is_string()) out.emplace_back(k, v.get<std::string>());
        else if (v.is_number() || v.is_boolean()) out.emplace_back(k, v.dump());
        else return error_response(400, "Config '" + k + "' must be a string, got " + std::string(v.type_name()));
    }
    return std::nullopt;
}

// ConnectorsResource.checkAndPutConnectorConfigName.
std::optional<Response> put_name(const std::string &name, host::KeyValues &config) {
    for (const auto &[k, v] : config)
        if (k == "name") {
            if (v != name)
                return error_response(400, "Connector name configuration (" + v +
                                               ") doesn't match connector name in the URL (" + name + ")");
            return std::nullopt;
        }
    config.emplace_back("name", name);
    return std::nullopt;
}

// AbstractHerder.maybeAddConfigErrors' message.
Response config_errors(const std::vector<std::string> &errors) {
    std::string m = "Connector configuration is invalid and contains the following " +
                    std::to_string(errors.size()) + " error(s):";
    for (const auto &e : errors) m += "\n" + e;
    m += "\nYou can also find the above list of errors at the endpoint "
         "`/connector-plugins/{connectorType}/config/validate`";
    return error_response(400, m);
}

std::string trim(const std::string &s) {
    size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

} // namespace

std::optional<Response> parse_json_body(const std::string &body, json &out) {
    try {
        out = json::parse(body);
    } catch (const json::parse_error &e) {
        return error_response(400, "Malformed JSON at byte " + std::to_string(e.byte) + ": " + e.what());
    } catch (const json::out_of_range &e) {
        // A number beyond a double ("1E999") is not a parse_error to nlohmann (found by fuzz_rest).
        return error_response(400, std::string("Malformed JSON: ") + e.what());
    }
    return std::nullopt;
}

Response ConnectApi::put_connector(const std::string &name, host::KeyValues config, bool allow_replace,
                                   host::RunState initial_state) const {
    if (!bind_) return error_response(405, "This worker cannot create or change connectors");
    if (name.empty()) // ConnectorConfig's NonEmptyStringWithoutControlChars on `name`
        return config_errors({"Invalid value  for configuration name: String may not be empty"});
    if (std::any_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
        return config_errors({"Invalid value for configuration name: String may not contain control characters"});
    if (auto bad = put_name(name, config)) return *bad;
    host::BindResult bound = bind_(name, config);
    if (!bound.source) return config_errors(bound.errors);
    host::ConnectorChange change;
    change.op = host::ConnectorChange::Op::put;
    change.connector = name;
    change.source = std::move(bound.source);
    change.allow_replace = allow_replace;
    change.initial_state = initial_state;
    host::ChangeReply r = job_.change(std::move(change), change_timeout);
    if (r.outcome != Outcome::accepted) return reply_error(r);
    Response out = info_response(name, r.created ? 201 : 200);
    if (r.created) out.location = "/connectors/" + name;
    return out;
}

Response ConnectApi::create_connector(const Request &req) const {
    json body;
    if (auto bad = parse_json_body(req.body, body)) return *bad;
    if (!body.is_object()) return error_response(400, "The request body must be a JSON object with \"name\" and \"config\"");
    std::string name;
    if (body.contains("name") && !body["name"].is_null()) {
        if (!body["name"].is_string()) return error_response(400, "\"name\" must be a string");
        name = trim(body["name"].get<std::string>());
    }
    if (!body.contains("config") || !body["config"].is_object())
        return error_response(400, "\"config\" must be a JSON object of the connector's keys to string values");
    host::KeyValues config;
    if (auto bad = read_config(body["config"], config)) return *bad;
    host::RunState initial = host::RunState::running; // KIP-980's initial_state
    if (body.contains("initial_state") && !body["initial_state"].is_null()) {
        const json &s = body["initial_state"];
        std::string v = s.is_string() ? s.get<std::string>() : "";
        if (v == "PAUSED") initial = host::RunState::paused;
        else if (v == "STOPPED") initial = host::RunState::stopped;
        else if (v != "RUNNING")
            return error_response(400, "\"initial_state\" must be RUNNING, PAUSED or STOPPED");
    }
    return put_connector(name, std::move(config), false, initial);
}

Response ConnectApi::put_config(const Request &req, const std::string &name) const {
    json body;
    if (auto bad = parse_json_body(req.body, body)) return *bad;
    host::KeyValues config;
    if (auto bad = read_config(body, config)) return *bad;
    return put_connector(name, std::move(config), true, host::RunState::running);
}

Response ConnectApi::delete_connector(const std::string &name) const {
    return bodiless_change(host::ConnectorChange::Op::remove, name, 204);
}

Response ConnectApi::bodiless_change(host::ConnectorChange::Op op, const std::string &name, unsigned ok_status) const {
    host::ConnectorChange change;
    change.op = op;
    change.connector = name;
    host::ChangeReply r = job_.change(std::move(change), change_timeout);
    if (r.outcome != Outcome::accepted) return reply_error(r);
    return {ok_status, "application/json", "", ""};
}

Response ConnectApi::offsets_endpoint(const Request &req, const std::string &name) const {
    host::ConnectorChange change;
    change.connector = name;
    if (req.method == "GET") {
        change.op = host::ConnectorChange::Op::offsets;
    } else if (req.method == "DELETE") {
        change.op = host::ConnectorChange::Op::reset_offsets;
    } else if (req.method == "PATCH") {
        change.op = host::ConnectorChange::Op::alter_offsets;
        json body;
        if (auto bad = parse_json_body(req.body, body)) return *bad;
        // ConnectorsResource.alterConnectorOffsets checks this before the herder is asked.
        if (!body.is_object() || !body.contains("offsets") || !body["offsets"].is_array() || body["offsets"].empty())
            return error_response(400, "Partitions / offsets need to be provided for an alter offsets request");
        size_t i = 0;
        for (const auto &e : body["offsets"]) {
            std::string where = "offsets[" + std::to_string(i++) + "]";
            if (!e.is_object()) return error_response(400, where + " must be a JSON object with \"partition\" and \"offset\"");
            if (!e.contains("partition") || !e["partition"].is_object())
                return error_response(400, where + ".partition: the partition for a source connector offset must be a JSON object");
            if (e.contains("offset") && !e["offset"].is_null() && !e["offset"].is_object())
                return error_response(400, where + ".offset: must be a JSON object, or null to reset the partition");
            host::ConnectorOffset po;
            po.partition = host::canonical_json(e["partition"].dump());
            if (e.contains("offset") && !e["offset"].is_null()) po.offset = e["offset"].dump();
            change.offsets.push_back(std::move(po));
        }
    } else {
        return error_response(405, "HTTP 405 Method Not Allowed");
    }
    bool read = change.op == host::ConnectorChange::Op::offsets;
    host::ChangeReply r = job_.change(std::move(change), change_timeout);
    if (r.outcome != Outcome::accepted) return reply_error(r);
    json out;
    if (read) {
        out = {{"offsets", json::array()}};
        for (const auto &po : r.offsets)
            out["offsets"].push_back({{"partition", json::parse(po.partition, nullptr, false)},
                                      {"offset", json::parse(po.offset, nullptr, false)}});
    } else {
        out = {{"message", r.message}};
    }
    return {200, "application/json", out.dump(-1, ' ', false, json::error_handler_t::replace), ""};
}

Response ConnectApi::topics_endpoint(const Request &req, const std::vector<std::string> &s) const {
    const std::string &name = s[1];
    if (s.size() == 3) {
        if (req.method != "GET") return error_response(405, "HTTP 405 Method Not Allowed");
        for (const auto &c : job_.view().connectors)
            if (c.name == name) {
                // ConnectorsResource.getConnectorActiveTopics: {name: ActiveTopicsInfo}.
                json out{{name, {{"topics", c.topics}}}};
                return {200, "application/json", out.dump(-1, ' ', false, json::error_handler_t::replace), ""};
            }
        return error_response(404, "Connector " + name + " not found");
    }
    if (req.method != "PUT") return error_response(405, "HTTP 405 Method Not Allowed");
    return bodiless_change(host::ConnectorChange::Op::reset_topics, name, 202);
}

} // namespace inlet::rest
