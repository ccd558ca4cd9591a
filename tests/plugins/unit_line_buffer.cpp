// LineBuffer: lines split across read boundaries, CRLF, partial tails, full buffers.
#include "line_buffer.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <string>
#include <vector>

using inlet_file::LineBuffer;

namespace {

// A pipe holding `data`, closed for writing, so reads see the bytes and then end of file.
struct Pipe {
    int r = -1, w = -1;
    explicit Pipe(const std::string &data) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        r = fds[0];
        w = fds[1];
        REQUIRE(::write(w, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
        ::close(w);
    }
    ~Pipe() { ::close(r); }
};

// All complete lines of `data` read through a buffer of `cap` bytes, plus what is left pending.
std::pair<std::vector<std::string>, std::string> split_all(const std::string &data, size_t cap) {
    Pipe p(data);
    LineBuffer buf(cap);
    std::vector<std::string> lines;
    size_t consumed = 0;
    for (;;) {
        while (auto l = buf.next()) {
            lines.emplace_back(l->text);
            consumed += l->consumed;
        }
        if (buf.full() || buf.fill(p.r) == 0) break;
    }
    std::string rest(buf.pending());
    CHECK(consumed + rest.size() == data.size());
    return {lines, rest};
}

} // namespace

TEST_CASE("lines spanning every possible read boundary come out whole and in order") {
    const std::string data = "alpha\nbe\n\ngamma-delta\nepsilon\nz\n";
    const std::vector<std::string> want = {"alpha", "be", "", "gamma-delta", "epsilon", "z"};
    // 12 is the longest line plus its newline: the smallest buffer that can hold every line.
    for (size_t cap = 12; cap <= data.size() + 3; ++cap) {
        CAPTURE(cap);
        auto [lines, rest] = split_all(data, cap);
        CHECK(lines == want);
        CHECK(rest.empty());
    }
}

TEST_CASE("a final line without newline stays pending") {
    auto [lines, rest] = split_all("one\ntwo\nthree", 8);
    CHECK(lines == std::vector<std::string>{"one", "two"});
    CHECK(rest == "three");
}

TEST_CASE("CRLF loses its CR; a lone CR is data") {
    auto [lines, rest] = split_all("a\r\nb\rc\n\r\n", 64);
    CHECK(lines == std::vector<std::string>{"a", "b\rc", ""});
    CHECK(rest.empty());
}

TEST_CASE("a line longer than the buffer fills it; consume_through_newline resynchronises") {
    Pipe p("0123456789ABCDEF\nnext\n");
    LineBuffer buf(8);
    CHECK(buf.fill(p.r) == 8);
    CHECK_FALSE(buf.next());
    CHECK(buf.full());
    CHECK(buf.fill(p.r) == 0); // no room: the caller must treat the line as overlong
    // Skip: drop what is buffered, read on until the newline.
    buf.consume(buf.pending().size());
    REQUIRE(buf.fill(p.r) > 0);
    CHECK_FALSE(buf.consume_through_newline()); // "89ABCDEF" holds no newline yet
    buf.consume(buf.pending().size());
    REQUIRE(buf.fill(p.r) > 0);
    auto n = buf.consume_through_newline();
    REQUIRE(n);
    CHECK(*n == 1); // just the "\n" ending the long line
    auto l = buf.next();
    if (!l) {
        REQUIRE(buf.fill(p.r) > 0);
        l = buf.next();
    }
    REQUIRE(l);
    CHECK(l->text == "next");
}

TEST_CASE("clear forgets buffered bytes") {
    Pipe p("abc\ndef");
    LineBuffer buf(16);
    buf.fill(p.r);
    buf.clear();
    CHECK(buf.pending().empty());
    CHECK_FALSE(buf.next());
}
