#include "rest/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>

namespace inlet::rest {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

ClientResponse http_call(const std::string &base, const std::string &method,
                         const std::string &target, const std::string &body,
                         const std::string &token) {
    std::string hostport = base;
    if (hostport.rfind("http://", 0) == 0) hostport = hostport.substr(7);
    while (!hostport.empty() && hostport.back() == '/') hostport.pop_back();
    size_t colon = hostport.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == hostport.size())
        throw ClientError("'" + base + "' is not http://HOST:PORT");
    std::string host = hostport.substr(0, colon), port = hostport.substr(colon + 1);
    const std::string url = "http://" + hostport + target;
    try {
        asio::io_context io;
        asio::ip::tcp::resolver resolver(io);
        beast::tcp_stream stream(io);
        stream.expires_after(std::chrono::seconds(30));
        stream.connect(resolver.resolve(host, port));
        http::request<http::string_body> req(http::string_to_verb(method), target, 11);
        req.set(http::field::host, hostport);
        req.set(http::field::user_agent, "inlet");
        req.set(http::field::accept, "application/json");
        if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
        if (!body.empty()) req.set(http::field::content_type, "application/json");
        req.body() = body;
        req.prepare_payload();
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(64u << 20);
        http::read(stream, buffer, parser);
        beast::error_code ignored; // closing a finished exchange: nothing left to report
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        return {parser.get().result_int(), parser.get().body()};
    } catch (const boost::system::system_error &e) {
        throw ClientError("cannot reach the worker at " + url + ": " + e.code().message());
    }
}

} // namespace inlet::rest
