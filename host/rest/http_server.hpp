// The REST API's HTTP/1.1 server, on Boost.Beast over a few Asio threads: accepts connections,
// reads each request with Beast's parser (bodies over the limit are refused with 413 before
// they are read whole), checks the bearer token when one is set, and hands the request to the
// handler. Nothing it is sent can end the process: every request-level error becomes a response
// in Kafka's error shape, every connection-level error closes that connection only.
#pragma once

#include "rest/http_types.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace inlet::rest {

class ServerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ServerOptions {
    std::string address = "127.0.0.1";
    uint16_t port = 8083; // 0: any free port
    std::string token;    // non-empty: every request needs "Authorization: Bearer <token>"
    size_t body_limit = 1u << 20;
    // Added to the process's niceness for the server's threads (setpriority on each thread):
    // when the CPUs are short, operators' requests wait rather than the job's threads. 0: the
    // job's priority. rest/README.md, "Under load".
    int nice = 10;
};

class HttpServer {
public:
    using Handler = std::function<Response(const Request &)>;
    // Binds and listens now (ServerError naming the address when it cannot), then serves on its
    // own thread until destroyed.
    HttpServer(ServerOptions options, Handler handler);
    ~HttpServer();
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    uint16_t port() const; // the bound port (useful with port 0)

    struct Impl; // defined in http_server.cpp (its connections need it)

private:
    std::unique_ptr<Impl> impl_;
};

// Compares in time that depends only on the lengths, not on where the first difference is.
bool constant_time_equal(const std::string &a, const std::string &b);

} // namespace inlet::rest
