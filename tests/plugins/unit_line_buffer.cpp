// LineBuffer: lines split across read boundaries, Kafka's line ends, partial tails, long lines,
// a buffer sized to need.
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

struct Split {
    std::vector<std::string> lines;
    std::vector<size_t> ends; // stream position after each line
    std::string rest;
};

// All complete lines of `data` read through a buffer of exactly `cap` bytes, plus what is left.
Split split_all(const std::string &data, size_t cap) {
    Pipe p(data);
    LineBuffer buf(cap, cap, cap);
    Split out;
    size_t consumed = 0;
    for (;;) {
        while (auto l = buf.next()) {
            out.lines.emplace_back(l->text);
            consumed += l->consumed;
            out.ends.push_back(consumed);
        }
        if (buf.fill(p.r) == 0) break;
    }
    out.rest = std::string(buf.pending());
    CHECK(consumed + out.rest.size() == data.size());
    return out;
}

} // namespace

TEST_CASE("lines spanning every possible read boundary come out whole and in order") {
    const std::string data = "alpha\nbe\n\ngamma-delta\nepsilon\nz\n";
    const std::vector<std::string> want = {"alpha", "be", "", "gamma-delta", "epsilon", "z"};
    // 12 is the longest line plus its newline: the smallest buffer that can hold every line.
    for (size_t cap = 12; cap <= data.size() + 3; ++cap) {
        CAPTURE(cap);
        auto s = split_all(data, cap);
        CHECK(s.lines == want);
        CHECK(s.rest.empty());
    }
}

TEST_CASE("a final line without terminator stays pending") {
    auto s = split_all("one\ntwo\nthree", 8);
    CHECK(s.lines == std::vector<std::string>{"one", "two"});
    CHECK(s.rest == "three");
}

// Expected values from Apache Kafka, connect/file/src/test/java/org/apache/kafka/connect/file/
// FileStreamSourceTaskTest.java, testNormalLifecycle: after "partial line finished\n" (offset
// 22) it writes "line1\rline2\r\nline3\nline4\n\r" and expects line1..line4 at positions 28, 35,
// 41, 47, the final "\r" held back "until we can read the subsequent byte"; then "subsequent
// text" makes that "\r" an empty line at 48. Line ends are FileStreamSourceTask.extractLine's.
TEST_CASE("Kafka's line ends: \\n, \\r\\n as one, a lone \\r; positions as testNormalLifecycle") {
    const std::string data = "partial line finished\nline1\rline2\r\nline3\nline4\n\rsubsequent text";
    for (size_t cap = 24; cap <= data.size() + 2; ++cap) { // every split of every terminator
        CAPTURE(cap);
        auto s = split_all(data, cap);
        CHECK(s.lines == std::vector<std::string>{"partial line finished", "line1", "line2", "line3",
                                                  "line4", ""});
        CHECK(s.ends == std::vector<size_t>{22, 28, 35, 41, 47, 48});
        CHECK(s.rest == "subsequent text");
    }
}

TEST_CASE("a \\r at the end of a read waits for the next byte; \\r\\n split over reads is one end") {
    // The pipe delivers "a\r" first: the line is undecided until "\n" arrives.
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    LineBuffer buf(64, 64, 64);
    REQUIRE(::write(fds[1], "a\r", 2) == 2);
    CHECK(buf.fill(fds[0]) == 2);
    CHECK_FALSE(buf.next());
    REQUIRE(::write(fds[1], "\nb\r", 3) == 3);
    CHECK(buf.fill(fds[0]) == 3);
    auto l = buf.next();
    REQUIRE(l);
    CHECK(l->text == "a");
    CHECK(l->consumed == 3);
    CHECK_FALSE(buf.next()); // "b\r" waits again
    REQUIRE(::write(fds[1], "c", 1) == 1);
    CHECK(buf.fill(fds[0]) == 1);
    l = buf.next();
    REQUIRE(l);
    CHECK(l->text == "b");
    CHECK(l->consumed == 2);
    CHECK(buf.pending() == "c");
    ::close(fds[0]);
    ::close(fds[1]);
    // Every boundary, mixed ends.
    for (size_t cap = 4; cap <= 16; ++cap) {
        CAPTURE(cap);
        auto s = split_all("a\r\nb\rc\n\r\nd\r\re", cap);
        CHECK(s.lines == std::vector<std::string>{"a", "b", "c", "", "d", ""});
        CHECK(s.rest == "e");
    }
}

TEST_CASE("a line longer than the largest buffer stops filling; consume_through_terminator resynchronises") {
    Pipe p("0123456789ABCDEF\r\nnext\n");
    LineBuffer buf(8, 8, 8);
    CHECK(buf.fill(p.r) == 8);
    CHECK_FALSE(buf.next());
    CHECK(buf.fill(p.r) == 0); // no room: the caller must treat the line as overlong
    buf.consume(buf.pending().size());
    REQUIRE(buf.fill(p.r) > 0);
    CHECK_FALSE(buf.consume_through_terminator()); // "89ABCDEF" holds no terminator yet
    buf.consume(buf.pending().size());
    REQUIRE(buf.fill(p.r) > 0);
    auto n = buf.consume_through_terminator();
    REQUIRE(n);
    CHECK(*n == 2); // the "\r\n" ending the long line
    auto l = buf.next();
    if (!l) {
        REQUIRE(buf.fill(p.r) > 0);
        l = buf.next();
    }
    REQUIRE(l);
    CHECK(l->text == "next");
}

TEST_CASE("the buffer starts small, grows for a long line and for a big file, and is given back") {
    const std::string longline(5000, 'x');
    Pipe p("s\n" + longline + "\ne\n");
    LineBuffer buf(1 << 20, 64, 256);
    std::vector<std::string> lines;
    for (;;) {
        while (auto l = buf.next()) lines.emplace_back(l->text);
        if (buf.fill(p.r) == 0) break;
    }
    CHECK(lines == std::vector<std::string>{"s", longline, "e"});
    CHECK(buf.capacity() >= 5001);
    CHECK(buf.capacity() <= 16384); // doubled from 64 to fit, not the maximum
    buf.release();
    CHECK(buf.capacity() == 0);
    // Reads that fill the buffer double it up to read_ahead, no further.
    Pipe big(std::string(60000, 'y')); // within a pipe's 64 KiB
    LineBuffer b2(1 << 20, 64, 256);
    while (b2.fill(big.r) > 0) b2.consume(b2.pending().size());
    CHECK(b2.capacity() == 256);
}

TEST_CASE("clear forgets buffered bytes") {
    Pipe p("abc\ndef");
    LineBuffer buf(16);
    buf.fill(p.r);
    buf.clear();
    CHECK(buf.pending().empty());
    CHECK_FALSE(buf.next());
}

// Lines lent to the host (INLET_RECORD_BORROWED) must stay unchanged until the poll after the one
// that handed them out has returned: with a BufferKeeper, reads that would overwrite them (a
// compaction, a growth, a clear after truncation) go to another buffer.
TEST_CASE("line buffer: lines handed out stay unchanged through the next poll") {
    std::string data;
    // Under a pipe's 64 KiB, which the Pipe helper writes at once.
    for (int i = 0; i < 1500; ++i) data += "line-" + std::to_string(i) + std::string(i % 29, 'x') + "\n";
    Pipe p(data);
    inlet_file::BufferKeeper keeper;
    std::vector<std::string> all;
    {
        LineBuffer buf(1024, 64, 256); // small: many refills, growths and buffer switches
        buf.keep_with(&keeper, 0); // lend from every buffer size
        struct Lent {
            std::string_view view;
            std::string copy;
        };
        std::vector<Lent> previous, current;
        bool eof = false;
        while (!eof) {
            keeper.next_poll();
            current.clear();
            for (int n = 0; n < 17 && !eof;) { // 17 lines a poll, across several reads
                if (auto line = buf.next()) {
                    current.push_back({line->text, std::string(line->text)});
                    all.emplace_back(line->text);
                    ++n;
                } else if (buf.fill(p.r) == 0) {
                    eof = true;
                }
            }
            // This poll returned: the previous poll's lines were lent until now.
            for (const auto &l : previous) REQUIRE(l.view == l.copy);
            previous.swap(current);
        }
    }
    REQUIRE(all.size() == 1500);
    CHECK(all[1499] == "line-1499" + std::string(1499 % 29, 'x'));
    // The destroyed buffer's memory went back to the keeper, bounded by what it keeps spare.
    CHECK(keeper.held_bytes() <= (4u << 20));
}

TEST_CASE("buffer keeper: spares a burst left behind are freed once unused for a while") {
    inlet_file::BufferKeeper keeper;
    keeper.next_poll();
    auto a = keeper.take(1 << 20); // the catch-up's read-ahead buffers, retired unpinned
    auto b = keeper.take(1 << 20);
    keeper.retire(std::move(a));
    keeper.retire(std::move(b));
    CHECK(keeper.held_bytes() == (2u << 20));
    // A buffer taken and retired every poll (the steady load's size) stays; the others go.
    for (uint64_t i = 0; i <= inlet_file::BufferKeeper::spare_polls; ++i) {
        keeper.next_poll();
        keeper.retire(keeper.take(16 << 10));
    }
    CHECK(keeper.held_bytes() == (16u << 10));
}
