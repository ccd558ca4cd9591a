// One HTTP exchange as the REST API sees it, independent of the socket: what the server hands
// to the router and what comes back. Keeping the router a function of these makes the whole
// request-to-response path testable (and fuzzable) without a network.
#pragma once

#include <string>

namespace inlet::rest {

struct Request {
    std::string method; // "GET", "PUT", …
    std::string target; // path and query, as sent
    std::string body;
    std::string accept; // the Accept header, for the dashboard's content negotiation
};

struct Response {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::string location; // Location header (201 Created)
};

// Kafka Connect's error shape, {"error_code":…,"message":…} (ErrorMessage.java).
Response error_response(unsigned status, const std::string &message);

} // namespace inlet::rest
