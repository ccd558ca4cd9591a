// /connector-plugins: the plugins this worker can run, their config definitions, and
// validation in Kafka's ConfigInfos shape (ConnectorPluginsResource, ConfigInfos.java).
#include "config/config_check.hpp"
#include "rest/connect_api.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace inlet::rest {
namespace {

using json = nlohmann::json;

json key_info(const inlet_config_key &k, size_t order) {
    return {{"name", k.name},
            {"type", host::config_type_name(k.type)},
            {"required", k.required != 0},
            {"default_value", k.default_value ? json(k.default_value) : json(nullptr)},
            // Kafka's ConfigKeyInfo always has one: a plugin that gives none (older than ABI
            // 1.2) gets HIGH for a required key, else MEDIUM.
            {"importance", host::importance_name(k) ? host::importance_name(k) : k.required ? "HIGH" : "MEDIUM"},
            {"documentation", k.doc ? k.doc : ""},
            {"group", nullptr},
            {"width", "NONE"},
            {"display_name", k.name},
            {"dependents", json::array()},
            {"order", int(order)}};
}

} // namespace

Response ConnectApi::plugins_endpoint(const Request &req, const std::vector<std::string> &s) const {
    if (s.size() == 1) {
        if (req.method != "GET") return error_response(405, "HTTP 405 Method Not Allowed");
        json out = json::array();
        for (const auto *p : plugins_)
            out.push_back({{"class", std::string(p->name())},
                           {"type", "source"},
                           {"version", p->descriptor().version ? p->descriptor().version : ""}});
        return {200, "application/json", out.dump(), ""};
    }
    const std::string &cls = s[1];
    auto it = std::find_if(plugins_.begin(), plugins_.end(), [&](const host::Plugin *p) {
        const auto &a = p->aliases();
        return p->name() == cls || std::find(a.begin(), a.end(), cls) != a.end();
    });
    if (it == plugins_.end()) return error_response(404, "Failed to find any class that implements Connector and which name matches " + cls);
    const host::Plugin &plugin = **it;

    if (s.size() == 3 && s[2] == "config") {
        if (req.method != "GET") return error_response(405, "HTTP 405 Method Not Allowed");
        json out = json::array();
        size_t i = 0;
        for (const auto &k : plugin.config_keys()) out.push_back(key_info(k, ++i));
        return {200, "application/json", out.dump(), ""};
    }
    if (s.size() == 4 && s[2] == "config" && s[3] == "validate") {
        if (req.method != "PUT") return error_response(405, "HTTP 405 Method Not Allowed");
        json body;
        if (auto bad = parse_json_body(req.body, body)) return *bad;
        if (!body.is_object()) return error_response(400, "The request body must be a JSON object of config keys to string values");
        host::KeyValues props;
        for (const auto &[k, v] : body.items()) {
            if (!v.is_string())
                return error_response(400, "Config '" + k + "' must be a string, got " + std::string(v.type_name()));
            props.emplace_back(k, v.get<std::string>());
        }
        auto issues = host::check_config(plugin.config_keys(), props);
        json configs = json::array();
        size_t errors = 0, i = 0;
        auto value_of = [&](const std::string &key) -> json {
            for (const auto &[k, v] : props)
                if (k == key) return v;
            return nullptr;
        };
        for (const auto &k : plugin.config_keys()) {
            json errs = json::array();
            for (const auto &issue : issues)
                if (!issue.warning && issue.key == k.name) errs.push_back(issue.message);
            errors += errs.size();
            json value = k.type == INLET_CFG_PASSWORD && !value_of(k.name).is_null() ? json("[hidden]") : value_of(k.name);
            configs.push_back({{"definition", key_info(k, ++i)},
                               {"value", {{"name", k.name}, {"value", value}, {"recommended_values", json::array()},
                                          {"errors", errs}, {"visible", true}}}});
        }
        json out{{"name", std::string(plugin.name())}, {"error_count", errors}, {"groups", json::array()}, {"configs", configs}};
        return {200, "application/json", out.dump(-1, ' ', false, json::error_handler_t::replace), ""};
    }
    return error_response(404, "HTTP 404 Not Found");
}

} // namespace inlet::rest
