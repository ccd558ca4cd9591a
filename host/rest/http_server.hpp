// The REST API's HTTP/1.1 server, on Boost.Beast: accepts connections (kept alive between
// requests, as scrapers and browsers keep them), reads each request with Beast's parser (bodies
// over the limit are refused with 413 before they are read whole), checks the bearer token when
// one is set, waits for the request's turn in the admission budget (rest/admission.hpp), and
// hands it to the handler. Nothing it is sent can end the process: every request-level error
// becomes a response in Kafka's error shape, every connection-level error closes that
// connection only.
//
// Threads: one I/O thread owns the connections and answers reads (GET) itself, from the
// handler's cached view, with no hand-off between threads; requests that change something,
// which may wait for the job (a connector replaced, an offsets change waiting for its
// snapshot), run on `change_threads` threads of their own, so reads go on meanwhile.
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
    // The admission budget: at most this many requests a second on average, in bursts of a
    // tenth of a second's worth; beyond it requests wait their turn (in arrival order, never
    // refused). 0: no budget. rest/README.md, "Under load".
    unsigned max_rate = default_max_rate;
    static constexpr unsigned default_max_rate = 500;
    // Threads that own connections and answer reads, each with its own io_context and its own
    // connections (1 measured best: BENCHMARKS.md, scenario 8), and threads for the changes.
    int io_threads = 1;
    int change_threads = 2;
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
