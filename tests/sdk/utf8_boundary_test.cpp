// The UTF-8 rule at the plugin boundary (runtime/record_check.hpp): each ill-formed sequence in
// a STRING becomes U+FFFD exactly as Java's UTF-8 decoder makes it.
//
// Source of the expected values: Kafka's FileStreamSourceTask reads its file through
// `new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))`
// (apache/kafka connect/file/src/main/java/org/apache/kafka/connect/file/FileStreamSourceTask.java,
// poll() and start()); an InputStreamReader replaces malformed input with U+FFFD. How many
// U+FFFD each byte sequence below gives was measured by decoding it with that exact reader
// (and with `new String(bytes, UTF_8)`, which agrees) on OpenJDK 17.0.15 (Debian 12's JDK).
#include <doctest/doctest.h>

#include "runtime/record_check.hpp"

#include <string>
#include <vector>

using namespace inlet::host;

namespace {

const std::string fffd = "\xEF\xBF\xBD";

std::string repaired(const std::string &in, size_t *replacements = nullptr) {
    Utf8Repair r = utf8_repaired_size(in.data(), in.size());
    std::string out(r.size, '\0');
    size_t n = utf8_repair(out.data(), in.data(), in.size());
    CHECK(n == r.size);
    if (replacements != nullptr) *replacements = r.replacements;
    return out;
}

// "X" in the expected text stands for one U+FFFD.
std::string expand(const std::string &pattern) {
    std::string out;
    for (char c : pattern) out += c == 'X' ? fffd : std::string(1, c);
    return out;
}

struct Case {
    const char *bytes;
    const char *java; // what Java decodes it to, X = U+FFFD
};

} // namespace

TEST_CASE("ill-formed UTF-8 becomes exactly the U+FFFD Java's decoder produces") {
    const std::vector<Case> cases = {
        {"\xC3\x28\xFF", "X(X"},              // the bytes
        {"\xC3", "X"},                         // truncated 2-byte
        {"\xE2\x82", "X"},                     // truncated 3-byte: one unit
        {"\xE2\x82" "A", "XA"},
        {"\xF0\x9F\x98", "X"},                 // truncated 4-byte: one unit
        {"\xF0\x9F\x98" "A", "XA"},
        {"\xC0\x80", "XX"},                    // overlong 2-byte: byte by byte
        {"\xC1\xBF", "XX"},
        {"\xE0\x80\x80", "XXX"},               // overlong 3-byte
        {"\xE0\x9F\xBF", "XXX"},
        {"\xF0\x80\x80\x80", "XXXX"},          // overlong 4-byte
        {"\xF0\x8F\xBF\xBF", "XXXX"},
        {"\xED\xA0\x80", "X"},                 // an encoded surrogate: ONE unit in Java
        {"\xED\xBF\xBF", "X"},
        {"\xED\xA0", "X"},
        {"\xED\xA0" "A", "XA"},
        {"\xED\xA0\xC0", "XX"},
        {"\xF4\x90\x80\x80", "XXXX"},          // past U+10FFFF
        {"\xF5\x80\x80\x80", "XXXX"},
        {"\xF8\x88\x80\x80\x80", "XXXXX"},     // 5- and 6-byte forms
        {"\xFC\x84\x80\x80\x80\x80", "XXXXXX"},
        {"\x80\x80" "A", "XXA"},               // stray continuations
        {"\xFF\xFE", "XX"},
        {"\xE0\xA0\xC0", "XX"},
        {"\xF0\x90\x80\xC0", "XX"},
        {"A\xE2(\xA1" "B", "AX(XB"},
        {"\xE1\x80\xE2\xF0\x91\x92\xF1\xBF" "A", "XXXXA"},
        {"\xC2\xC2\x80", "X\xC2\x80"},
    };
    for (const Case &c : cases) {
        CAPTURE(std::string(c.bytes));
        std::string in = c.bytes;
        CHECK(utf8_valid_prefix(in.data(), in.size()) < in.size());
        size_t n = 0;
        std::string out = repaired(in, &n);
        CHECK(out == expand(c.java));
        size_t x = 0;
        for (char ch : std::string(c.java)) x += ch == 'X';
        CHECK(n == x);
    }
}

TEST_CASE("well-formed UTF-8 is left alone, the edges of each range included") {
    // Java decodes these to U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFD, U+10000, U+10FFFF.
    const std::vector<std::string> good = {
        "plain ascii, longer than sixteen bytes so the wide steps run",
        "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBD",
        "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80",
        ""};
    for (const auto &s : good) {
        CAPTURE(s);
        CHECK(utf8_valid_prefix(s.data(), s.size()) == s.size());
        size_t n = 1;
        CHECK(repaired(s, &n) == s);
        CHECK(n == 0);
    }
}

TEST_CASE("the valid prefix stops at the first bad byte, wherever it falls in a wide step") {
    // Lengths around the 64-, 16- and 8-byte steps and the overlapping last load.
    for (size_t len : {7u, 15u, 16u, 17u, 40u, 63u, 64u, 65u, 150u}) {
        for (size_t at = 0; at < len; ++at) {
            std::string s(len, 'a');
            s[at] = '\xFF';
            CAPTURE(len);
            CAPTURE(at);
            CHECK(utf8_valid_prefix(s.data(), s.size()) == at);
            CHECK(repaired(s) == std::string(at, 'a') + fffd + std::string(len - 1 - at, 'a'));
        }
        std::string clean(len, 'b');
        CHECK(utf8_valid_prefix(clean.data(), clean.size()) == len);
    }
}
