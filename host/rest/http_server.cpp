#include "rest/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace inlet::rest {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

Response error_response(unsigned status, const std::string &message) {
    Response r;
    r.status = status;
    // dump() with replacement: a message quoting a client's bytes must still be valid JSON.
    r.body = nlohmann::json{{"error_code", status}, {"message", message}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
    return r;
}

bool constant_time_equal(const std::string &a, const std::string &b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    size_t n = std::max(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
        unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

constexpr int io_threads = 4;

struct HttpServer::Impl {
    ServerOptions options;
    Handler handler;
    asio::io_context io{io_threads};
    tcp::acceptor acceptor{io};
    std::vector<std::thread> threads;

    void accept();
    Response dispatch(const http::request<http::string_body> &req) const;
};

namespace {

// One connection: read a request, answer it, repeat while the client keeps it alive.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, const HttpServer::Impl &server)
        : stream_(std::move(socket)), server_(server) {}

    void read() {
        parser_.emplace();
        parser_->body_limit(server_.options.body_limit);
        parser_->header_limit(64 * 1024);
        // An idle or trickling client is dropped rather than holding a connection forever.
        stream_.expires_after(std::chrono::seconds(30));
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
    }

private:
    void on_read(beast::error_code ec) {
        if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
            ec == asio::error::connection_reset || ec == asio::error::eof)
            return close();
        if (ec == http::error::body_limit) {
            // The client is still sending the body: keep reading (and dropping) it after the
            // answer, else closing now resets the connection before it can read the 413.
            drain_ = true;
            return write(error_response(413, "Request body larger than " +
                                                 std::to_string(server_.options.body_limit) + " bytes"),
                         false);
        }
        if (ec) return write(error_response(400, "Malformed HTTP request: " + ec.message()), false);
        const auto &req = parser_->get();
        write(server_.dispatch(req), req.keep_alive());
    }

    // One response in flight per connection (the next request is read once it is written): the
    // session's own, rather than one allocated per request.
    void write(Response r, bool keep_alive) {
        res_ = http::response<http::string_body>{};
        res_.version(11);
        res_.result(r.status);
        res_.set(http::field::server, "inlet");
        res_.set(http::field::content_type, r.content_type);
        if (!r.location.empty()) res_.set(http::field::location, r.location);
        if (r.status == 401) res_.set(http::field::www_authenticate, "Bearer");
        res_.keep_alive(keep_alive);
        res_.body() = std::move(r.body);
        res_.prepare_payload();
        http::async_write(stream_, res_,
                          [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
                              if (ec || !keep_alive) {
                                  self->close();
                                  if (!ec && self->drain_) self->drain();
                                  return;
                              }
                              self->read();
                          });
    }

    // Reads and drops what the client still sends, up to 64 MiB or 5 s.
    void drain() {
        auto chunk = std::make_shared<std::array<char, 64 * 1024>>();
        stream_.expires_after(std::chrono::seconds(5));
        stream_.async_read_some(asio::buffer(*chunk), [self = shared_from_this(), chunk](beast::error_code ec, size_t n) {
            self->drained_ += n;
            if (!ec && self->drained_ < (64u << 20)) self->drain();
        });
    }

    void close() {
        beast::error_code ignored; // the peer may be gone already: nothing to report
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> res_;
    const HttpServer::Impl &server_;
    bool drain_ = false;
    size_t drained_ = 0;
};

} // namespace

Response HttpServer::Impl::dispatch(const http::request<http::string_body> &req) const {
    if (!options.token.empty()) {
        auto auth = req[http::field::authorization];
        std::string given(auth.data(), auth.size());
        const std::string prefix = "Bearer ";
        bool ok = given.size() > prefix.size() && given.compare(0, prefix.size(), prefix) == 0 &&
                  constant_time_equal(given.substr(prefix.size()), options.token);
        if (!ok) return error_response(401, "A valid bearer token is required (Authorization: Bearer <token>)");
    }
    Request r;
    auto text = [](beast::string_view v) { return std::string(v.data(), v.size()); };
    r.method = text(req.method_string());
    r.target = text(req.target());
    r.body = req.body();
    r.accept = text(req[http::field::accept]);
    try {
        return handler(r);
    } catch (const std::exception &e) {
        spdlog::error("REST {} {}: {}", r.method, r.target, e.what());
        return error_response(500, e.what());
    }
}

void HttpServer::Impl::accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (!ec) std::make_shared<Session>(std::move(socket), *this)->read();
        else spdlog::warn("REST: accept failed: {}", ec.message());
        accept();
    });
}

HttpServer::HttpServer(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    impl_->handler = std::move(handler);
    const std::string where = impl_->options.address + ":" + std::to_string(impl_->options.port);
    beast::error_code ec;
    auto address = asio::ip::make_address(impl_->options.address, ec);
    if (ec) throw ServerError("--rest " + where + ": '" + impl_->options.address + "' is not an IP address");
    tcp::endpoint endpoint(address, impl_->options.port);
    auto &acc = impl_->acceptor;
    acc.open(endpoint.protocol(), ec);
    if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acc.bind(endpoint, ec);
    if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw ServerError("cannot serve the REST API on " + where + ": " + ec.message());
    impl_->accept();
    // Linux keeps a niceness per thread: setpriority(PRIO_PROCESS, tid) on each of these
    // lowers them alone, never the job's threads. Raising one's niceness needs no privilege.
    const int nice = std::clamp(impl_->options.nice, 0, 19);
    auto lower_priority = [nice] {
        if (nice == 0) return;
        errno = 0;
        int now = ::getpriority(PRIO_PROCESS, 0);
        pid_t tid = pid_t(::syscall(SYS_gettid));
        if ((now == -1 && errno != 0) || ::setpriority(PRIO_PROCESS, id_t(tid), std::min(now + nice, 19)) != 0)
            spdlog::warn("REST: cannot lower the API threads' priority by {}: {}", nice, std::strerror(errno));
    };
    // A few threads: a request that waits for the job (a connector being replaced, an offsets
    // change waiting for its snapshot) holds one, while status and metrics go on on the others.
    // Each connection is on its own strand.
    for (int i = 0; i < io_threads; ++i)
        impl_->threads.emplace_back([impl = impl_.get(), lower_priority] {
            lower_priority();
            impl->io.run();
        });
}

HttpServer::~HttpServer() {
    impl_->io.stop();
    for (auto &t : impl_->threads) t.join();
}

uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

} // namespace inlet::rest
