// Kafka Connect's REST API over one running job: the router that turns a Request into a
// Response (paths, bodies, status codes and the error shape of Kafka Connect 3.x's
// ConnectorsResource, ConnectorPluginsResource and RootResource), plus GET /metrics. It has no
// socket: HttpServer feeds it, and the fuzz target calls it directly.
#pragma once

#include "engine/job.hpp"
#include "loader/plugin.hpp"
#include "rest/http_types.hpp"

#include <string>
#include <vector>

namespace inlet::rest {

class ConnectApi {
public:
    // `worker_id` is how this worker names itself in statuses ("127.0.0.1:8083", as Kafka's
    // advertised URL). The job and the plugins must outlive the API.
    ConnectApi(host::Job &job, std::vector<const host::Plugin *> plugins, std::string worker_id);

    Response handle(const Request &request) const;

private:
    Response plugins_endpoint(const Request &request, const std::vector<std::string> &path) const;

    host::Job &job_;
    std::vector<const host::Plugin *> plugins_;
    std::string worker_id_;
};

} // namespace inlet::rest
