// canonical_flat_object against the full parser: whatever the fast path answers must be exactly
// what nlohmann's parse + dump gives, and anything outside its easy shape must be declined.
#include "runtime/host_api.hpp"
#include "snapshot/flat_json.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <string>

using inlet::host::canonical_flat_object;

namespace {

std::string full(const std::string &json) { return nlohmann::json::parse(json).dump(); }

} // namespace

TEST_CASE("flat objects come out sorted and without blanks, as the full parser writes them") {
    for (std::string json : {R"({})", R"( { } )", R"({"task":3,"p":17})",
                             R"({ "filename" : "/var/log/x.log" , "position" : 42 })",
                             R"({"b":true,"a":false,"c":null})", R"({"n":-5,"z":0})",
                             R"({"a!":1,"a":2,"a ":3})", R"({"":"empty key"})",
                             "{\"k\":\t\"v\"\n,\r\"j\":1}", R"({"big":999999999999999999})"}) {
        CAPTURE(json);
        auto fast = canonical_flat_object(json);
        REQUIRE(fast.has_value());
        CHECK(*fast == full(json));
    }
}

TEST_CASE("anything beyond the easy shape is left to the full parser") {
    for (std::string json :
         {R"([1])", R"("x")", R"({"a":1.5})", R"({"a":1e3})", R"({"a":-0})", R"({"a":007})",
          R"({"a":1234567890123456789})", R"({"a":"\n"})", R"({"a\"b":1})", R"({"a":{"b":1}})",
          R"({"a":[1]})", R"({"a":1,"a":2})", R"({"a":1,})", R"({"a":1} x)", R"({"a" 1})",
          R"({"a":tru})", R"({"é":1})", R"({"a":"é"})", R"({"a":1)", "", "{"}) {
        CAPTURE(json);
        CHECK_FALSE(canonical_flat_object(json).has_value());
    }
}

TEST_CASE("random flat objects agree with the full parser") {
    std::mt19937_64 rng(42);
    const std::string alphabet = "abcXYZ019 !#~/_-";
    auto word = [&] {
        std::string w;
        for (size_t n = rng() % 5; n > 0; --n) w.push_back(alphabet[rng() % alphabet.size()]);
        return w;
    };
    for (int round = 0; round < 2000; ++round) {
        std::string json = "{";
        size_t fields = rng() % 4;
        for (size_t f = fields; f > 0; --f) {
            if (json.size() > 1) json += rng() % 2 ? "," : " , ";
            json += "\"" + word() + "\":";
            switch (rng() % 3) {
            case 0: json += "\"" + word() + "\""; break;
            case 1: json += std::to_string(int64_t(rng() % 2000000) - 1000000); break;
            default: json += rng() % 2 ? "true" : "null"; break;
            }
        }
        json += "}";
        CAPTURE(json);
        auto fast = canonical_flat_object(json);
        auto doc = nlohmann::json::parse(json);
        if (fast) CHECK(*fast == doc.dump());
        // The variant that writes into a reused buffer agrees, whatever the buffer held.
        std::string reused = round % 2 ? std::string(300, 'x') : std::string();
        CHECK(canonical_flat_object(json, reused) == fast.has_value());
        if (fast) CHECK(reused == *fast);
        else CHECK(doc.size() < fields); // declined: only for a duplicate key
    }
}

TEST_CASE("objects with more fields than the fast path holds inline go to the full parser") {
    std::string json = "{";
    for (int k = 20; k > 0; --k) json += (k == 20 ? "" : ",") + ("\"k" + std::to_string(k) + "\":") + std::to_string(k);
    json += "}";
    CHECK_FALSE(canonical_flat_object(json).has_value());
    CHECK(inlet::host::canonical_json(json) == full(json));
    std::string sixteen = R"({"p":1,"o":2,"n":3,"m":4,"l":5,"k":6,"j":7,"i":8,"h":9,"g":10,"f":11,"e":12,"d":13,"c":14,"b":15,"a":16})";
    REQUIRE(canonical_flat_object(sixteen).has_value());
    CHECK(*canonical_flat_object(sixteen) == full(sixteen));
}

TEST_CASE("one field of a flat object, as written; other shapes are left to the full parser") {
    using inlet::host::flat_object_field;
    CHECK(flat_object_field(R"({"task":3,"next":17})", "next") == std::string_view("17"));
    CHECK(flat_object_field(R"({ "f" : "/x" })", "f") == std::string_view(R"("/x")"));
    CHECK(flat_object_field(R"({"a":1})", "b") == std::string_view());
    CHECK_FALSE(flat_object_field(R"({"a":1,"a":2})", "a").has_value());
    CHECK_FALSE(flat_object_field(R"({"a":1.5})", "a").has_value());
    CHECK_FALSE(flat_object_field(R"({"a":{"b":1}})", "a").has_value());
}
