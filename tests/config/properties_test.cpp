#include "config/job_loader.hpp"
#include "config/properties.hpp"

#include <doctest/doctest.h>

using namespace inlet::host;

namespace {
std::string value_of(const std::vector<Property> &props, const std::string &key) {
    std::string v = "<absent>";
    for (const auto &p : props)
        if (p.key == key) v = p.value;
    return v;
}
} // namespace

TEST_CASE("properties: the three separators and whitespace around them") {
    auto p = parse_properties("a=1\nb:2\nc 3\n  d  =  4  \ne\t:\tfive\nf\n", "t.properties");
    REQUIRE(p.size() == 6);
    CHECK(value_of(p, "a") == "1");
    CHECK(value_of(p, "b") == "2");
    CHECK(value_of(p, "c") == "3");
    CHECK(value_of(p, "d") == "4  "); // trailing whitespace is part of the value, as in Java
    CHECK(value_of(p, "e") == "five");
    CHECK(value_of(p, "f") == "");
    CHECK(p[3].line == 4);
}

TEST_CASE("properties: only the first separator separates") {
    auto p = parse_properties("url=jdbc:x://h:1/db?a=b\nk = = v\n", "t");
    CHECK(value_of(p, "url") == "jdbc:x://h:1/db?a=b");
    CHECK(value_of(p, "k") == "= v");
}

TEST_CASE("properties: comments and blank lines") {
    auto p = parse_properties("# a comment\n   ! another\n\n   \nk=v # not a comment\n", "t");
    REQUIRE(p.size() == 1);
    CHECK(value_of(p, "k") == "v # not a comment");
    CHECK(p[0].line == 5);
}

TEST_CASE("properties: line continuation") {
    auto p = parse_properties("list=a,\\\n      b,\\\n\tc\nnext=1\n", "t");
    CHECK(value_of(p, "list") == "a,b,c");
    CHECK(value_of(p, "next") == "1");
    REQUIRE(p.size() == 2);
    CHECK(p[0].line == 1);
    CHECK(p[1].line == 4);
}

TEST_CASE("properties: an even number of trailing backslashes does not continue") {
    auto p = parse_properties("path=C:\\\\dir\\\\\nnext=1\n", "t");
    CHECK(value_of(p, "path") == "C:\\dir\\");
    CHECK(value_of(p, "next") == "1");
}

TEST_CASE("properties: a comment line never continues; a continued line may start with #") {
    auto p = parse_properties("# comment \\\nk=v\nm=a\\\n#b\n", "t");
    CHECK(value_of(p, "k") == "v");
    CHECK(value_of(p, "m") == "a#b");
}

TEST_CASE("properties: a continuation at the end of input keeps what it has") {
    auto p = parse_properties("k=v\\", "t");
    CHECK(value_of(p, "k") == "v");
}

TEST_CASE("properties: escapes in keys and values") {
    auto p = parse_properties("a\\=b\\:c\\ d=x\\ty\\nz\\\\w\\u0041\\u00e9\\q\n", "t");
    REQUIRE(p.size() == 1);
    CHECK(p[0].key == "a=b:c d");
    CHECK(p[0].value == "x\ty\nz\\wA\xC3\xA9q");
}

TEST_CASE("properties: surrogate pairs become one UTF-8 code point; raw UTF-8 passes") {
    auto p = parse_properties("smile=\\ud83d\\ude00\nraw=h\xC3\xA9llo\n", "t");
    CHECK(value_of(p, "smile") == "\xF0\x9F\x98\x80");
    CHECK(value_of(p, "raw") == "h\xC3\xA9llo");
}

TEST_CASE("properties: CR and CRLF line ends") {
    auto p = parse_properties("a=1\r\nb=2\rc=3", "t");
    CHECK(value_of(p, "a") == "1");
    CHECK(value_of(p, "b") == "2");
    CHECK(value_of(p, "c") == "3");
    CHECK(p[2].line == 3);
}

TEST_CASE("properties: a malformed \\u escape names the file and line") {
    try {
        parse_properties("ok=1\n\n# c\nbad=\\u12G4\n", "conn.properties");
        FAIL("no error");
    } catch (const JobSyntaxError &e) {
        CHECK(std::string(e.what()) ==
              "conn.properties:4: malformed \\uXXXX escape (4 hex digits expected)");
    }
    // On a continued line the logical line's first line is reported.
    CHECK_THROWS_WITH_AS(parse_properties("k=a\\\n  \\u12", "c.properties"),
                         "c.properties:1: malformed \\uXXXX escape (4 hex digits expected)",
                         JobSyntaxError);
}

TEST_CASE("properties: duplicates are all returned, in order") {
    auto p = parse_properties("k=1\nk=2\n", "t");
    REQUIRE(p.size() == 2);
    CHECK(value_of(p, "k") == "2");
}

TEST_CASE("properties: an unreadable file is a syntax error naming it") {
    CHECK_THROWS_AS(read_properties_file("/nonexistent/inlet/x.properties"), JobSyntaxError);
    try {
        read_properties_file("/nonexistent/inlet/x.properties");
    } catch (const JobSyntaxError &e) {
        CHECK(std::string(e.what()).find("/nonexistent/inlet/x.properties: cannot read") == 0);
    }
}
