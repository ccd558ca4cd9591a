// A small synchronous HTTP/1.1 client on Boost.Beast, for the CLI verbs that talk to a worker's
// REST API (`inlet status`, `inlet connectors …`). Plain HTTP only, like the server.
#pragma once

#include <stdexcept>
#include <string>

namespace inlet::rest {

class ClientError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ClientResponse {
    unsigned status = 0;
    std::string body;
};

// `base` is "http://HOST:PORT" or "HOST:PORT". `token`: sent as a bearer token when not empty.
// ClientError naming the URL when the worker cannot be reached.
ClientResponse http_call(const std::string &base, const std::string &method,
                         const std::string &target, const std::string &body = {},
                         const std::string &token = {});

} // namespace inlet::rest
