// Kafka Connect's REST API over one running job: the router that turns a Request into a
// Response (paths, bodies, status codes and the error shape of Kafka Connect 3.x's
// ConnectorsResource, ConnectorPluginsResource and RootResource), plus GET /metrics. It has no
// socket: HttpServer feeds it, and the fuzz target calls it directly.
#pragma once

#include "engine/job.hpp"
#include "loader/plugin.hpp"
#include "rest/http_types.hpp"
#include "rest/view_cache.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace inlet::rest {

struct Target; // a request target taken apart (connect_api.cpp)

class ConnectApi {
public:
    // `worker_id` is how this worker names itself in statuses ("127.0.0.1:8083", as Kafka's
    // advertised URL). The job and the plugins must outlive the API.
    // `bind` turns a client's config into a connector (the job's ConnectorBinder); empty: the
    // API cannot create or change connectors (405).
    // `view_max_age`: how old the view behind GET /metrics and the connectors' status and info
    // may be (rest/view_cache.hpp); 0: copied for every request.
    ConnectApi(host::Job &job, std::vector<const host::Plugin *> plugins, std::string worker_id,
               host::ConnectorBinder bind = {},
               std::chrono::milliseconds view_max_age = std::chrono::milliseconds(100));

    Response handle(const Request &request) const;

private:
    // Every path; `view` is the cached view for a read that needs nothing else (nullptr: ask
    // the job where a view is needed).
    Response route(const Request &request, const Target &target, const host::JobView *view) const;
    Response plugins_endpoint(const Request &request, const std::vector<std::string> &path) const;
    // connect_connectors.cpp: the write side.
    Response create_connector(const Request &request) const;
    Response put_config(const Request &request, const std::string &name) const;
    Response put_connector(const std::string &name, host::KeyValues config, bool allow_replace,
                           host::RunState initial_state) const;
    Response delete_connector(const std::string &name) const;
    // A change answered with `ok_status` and no body.
    Response bodiless_change(host::ConnectorChange::Op op, const std::string &name, unsigned ok_status) const;
    Response offsets_endpoint(const Request &request, const std::string &name) const;
    Response topics_endpoint(const Request &request, const std::vector<std::string> &path) const;
    // ConnectorInfo of a connector as the job sees it now.
    Response info_response(const std::string &name, unsigned status) const;

    host::Job &job_;
    std::vector<const host::Plugin *> plugins_;
    std::string worker_id_;
    host::ConnectorBinder bind_;
    mutable ViewCache views_;
};

// The request body as JSON, or the 400 that says where it is malformed.
std::optional<Response> parse_json_body(const std::string &body, nlohmann::json &out);

} // namespace inlet::rest
