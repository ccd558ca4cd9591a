#include "rest/http_server.hpp"

#include "rest/admission.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <list>
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

namespace {
class Session;
using Clock = std::chrono::steady_clock;
// An idle or trickling client is dropped rather than holding a connection forever; what a
// client still sends after a 413 is read and dropped for at most this long.
constexpr auto idle_timeout = std::chrono::seconds(30);
constexpr auto drain_timeout = std::chrono::seconds(5);
} // namespace

// One I/O thread: its io_context, the connections it owns, and a once-a-second sweep that
// closes those past their deadline. One timer for all of them, rather than Beast's per-stream
// timer, which re-arms (a timerfd update and a cancelled wait) on every read.
struct Lane {
    std::list<Session *> sessions; // before `io`: pending handlers release sessions into it
    asio::io_context io{1};
    asio::steady_timer sweep{io};

    void start_sweep();
};

struct HttpServer::Impl {
    ServerOptions options;
    Handler handler;
    std::unique_ptr<Admission> admission;
    std::vector<std::unique_ptr<Lane>> lanes;
    asio::io_context changes{1}; // requests other than GET (they may wait for the job)
    asio::executor_work_guard<asio::io_context::executor_type> changes_guard = asio::make_work_guard(changes);
    std::unique_ptr<tcp::acceptor> acceptor; // on lanes[0]'s io_context
    size_t next_lane = 0;
    std::vector<std::thread> threads;

    void accept();
    Response dispatch(const http::request<http::string_body> &req) const;
};

namespace {

// One connection: read a request, wait for its turn, answer it, repeat while the client keeps
// it alive. Lives on its lane's thread alone (a change's handler runs elsewhere and posts its
// answer back), so it needs no strand.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, Lane &lane, HttpServer::Impl &server)
        : socket_(std::move(socket)), lane_(lane), server_(server),
          at_(lane.sessions.insert(lane.sessions.end(), this)) {}
    ~Session() { lane_.sessions.erase(at_); }

    void read() {
        parser_.emplace();
        parser_->body_limit(server_.options.body_limit);
        parser_->header_limit(64 * 1024);
        deadline_ = Clock::now() + idle_timeout;
        http::async_read(socket_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
    }

    // The sweep: closing the socket ends its pending read or write, and with it the session.
    void expire(Clock::time_point now) {
        if (now < deadline_) return;
        beast::error_code ignored; // already closed by the peer: nothing to report
        socket_.close(ignored);
    }

private:
    void on_read(beast::error_code ec) {
        if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
            ec == asio::error::connection_reset || ec == asio::error::eof)
            return close();
        read_error_ = ec;
        // Every request takes a turn, malformed ones too: a flood is a flood.
        deadline_ = Clock::time_point::max(); // waiting is the server's doing, not the client's
        Clock::time_point now = Clock::now();
        Clock::time_point turn = server_.admission->admit(now);
        if (turn <= now) return serve();
        if (!timer_) timer_.emplace(lane_.io);
        timer_->expires_at(turn);
        timer_->async_wait([self = shared_from_this()](beast::error_code wait_ec) {
            if (!wait_ec) self->serve();
        });
    }

    void serve() {
        if (read_error_ == http::error::body_limit) {
            // The client is still sending the body: keep reading (and dropping) it after the
            // answer, else closing now resets the connection before it can read the 413.
            drain_ = true;
            return write(error_response(413, "Request body larger than " +
                                                 std::to_string(server_.options.body_limit) + " bytes"),
                         false);
        }
        if (read_error_) return write(error_response(400, "Malformed HTTP request: " + read_error_.message()), false);
        const auto &req = parser_->get();
        if (req.method() == http::verb::get) return write(server_.dispatch(req), req.keep_alive());
        // A change may wait for the job: on the change threads, answered back on this lane.
        asio::post(server_.changes, [self = shared_from_this()]() mutable {
            Response r = self->server_.dispatch(self->parser_->get());
            Lane &lane = self->lane_;
            // The session moves back with the answer: its last owner is its lane's thread.
            asio::post(lane.io, [self = std::move(self), r = std::move(r)]() mutable {
                bool keep_alive = self->parser_->get().keep_alive();
                self->write(std::move(r), keep_alive);
            });
        });
    }

    // One response in flight per connection (the next request is read once it is written): the
    // session's own, rather than one allocated per request.
    void write(Response r, bool keep_alive) {
        deadline_ = Clock::now() + idle_timeout;
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
        http::async_write(socket_, res_, [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) {
            if (ec || !keep_alive) {
                self->close();
                if (!ec && self->drain_) self->drain();
                return;
            }
            self->read();
        });
    }

    // Reads and drops what the client still sends, up to 64 MiB or drain_timeout.
    void drain() {
        auto chunk = std::make_shared<std::array<char, 64 * 1024>>();
        if (drained_ == 0) deadline_ = Clock::now() + drain_timeout;
        socket_.async_read_some(asio::buffer(*chunk), [self = shared_from_this(), chunk](beast::error_code ec, size_t n) {
            self->drained_ += n;
            if (!ec && self->drained_ < (64u << 20)) self->drain();
        });
    }

    void close() {
        beast::error_code ignored; // the peer may be gone already: nothing to report
        socket_.shutdown(tcp::socket::shutdown_send, ignored);
    }

    tcp::socket socket_;
    Lane &lane_;
    HttpServer::Impl &server_;
    std::list<Session *>::iterator at_; // in lane_.sessions
    Clock::time_point deadline_ = Clock::time_point::max();
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    beast::error_code read_error_;
    std::optional<asio::steady_timer> timer_; // a turn later than now
    http::response<http::string_body> res_;
    bool drain_ = false;
    size_t drained_ = 0;
};

} // namespace

void Lane::start_sweep() {
    sweep.expires_after(std::chrono::seconds(1));
    sweep.async_wait([this](beast::error_code ec) {
        if (ec) return;
        Clock::time_point now = Clock::now();
        for (Session *s : sessions) s->expire(now);
        start_sweep();
    });
}

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
    Lane &lane = *lanes[next_lane++ % lanes.size()];
    acceptor->async_accept(lane.io, [this, &lane](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (!ec) {
            // A session belongs to its lane's thread: made there (at once when that is this one).
            asio::dispatch(lane.io, [this, &lane, socket = std::move(socket)]() mutable {
                std::make_shared<Session>(std::move(socket), lane, *this)->read();
            });
        } else {
            spdlog::warn("REST: accept failed: {}", ec.message());
        }
        accept();
    });
}

HttpServer::HttpServer(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    impl_->handler = std::move(handler);
    impl_->admission = std::make_unique<Admission>(impl_->options.max_rate);
    for (int i = 0; i < std::max(1, impl_->options.io_threads); ++i) impl_->lanes.push_back(std::make_unique<Lane>());
    impl_->acceptor = std::make_unique<tcp::acceptor>(impl_->lanes[0]->io);
    const std::string where = impl_->options.address + ":" + std::to_string(impl_->options.port);
    beast::error_code ec;
    auto address = asio::ip::make_address(impl_->options.address, ec);
    if (ec) throw ServerError("--rest " + where + ": '" + impl_->options.address + "' is not an IP address");
    tcp::endpoint endpoint(address, impl_->options.port);
    auto &acc = *impl_->acceptor;
    acc.open(endpoint.protocol(), ec);
    if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acc.bind(endpoint, ec);
    if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw ServerError("cannot serve the REST API on " + where + ": " + ec.message());
    impl_->accept();
    for (auto &lane : impl_->lanes) lane->start_sweep();
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
    for (auto &lane : impl_->lanes)
        impl_->threads.emplace_back([io = &lane->io, lower_priority] {
            lower_priority();
            io->run();
        });
    for (int i = 0; i < std::max(1, impl_->options.change_threads); ++i)
        impl_->threads.emplace_back([impl = impl_.get(), lower_priority] {
            lower_priority();
            impl->changes.run();
        });
}

HttpServer::~HttpServer() {
    for (auto &lane : impl_->lanes) lane->io.stop();
    impl_->changes.stop();
    for (auto &t : impl_->threads) t.join();
    // Sessions still referenced by pending handlers are released into their lanes' lists as
    // the io_contexts go: the acceptor first (it is on lane 0), the changes' context before the
    // lanes.
    impl_->acceptor.reset();
    impl_->changes_guard.reset();
}

uint16_t HttpServer::port() const { return impl_->acceptor->local_endpoint().port(); }

} // namespace inlet::rest
