// Units of the postgres connector's I/O-free core (plugins/postgres: pgoutput decoding, the type
// mapping's conversions, Debezium's table filters), linked from the same static library the
// plugin uses. The end-to-end behaviour against a real server is in the *.py tests here.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "pg_config.hpp"
#include "pg_types.hpp"
#include "pgoutput.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>

using namespace inlet_pg;

namespace {

std::string hex(const std::string &s) {
    static const char *d = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out.push_back(d[c >> 4]);
        out.push_back(d[c & 15]);
    }
    return out;
}

// A minimal host so inlet::Config can read a map.
std::map<std::string, std::string> *current = nullptr;
const char *get(const inlet_config *, const char *key) {
    auto it = current->find(key);
    return it == current->end() ? nullptr : it->second.c_str();
}

Options parse(std::map<std::string, std::string> kv) {
    current = &kv;
    inlet_host h{};
    h.struct_size = sizeof h;
    h.config_get = &get;
    std::vector<inlet_kv> items;
    for (auto &[k, v] : kv) items.push_back({k.c_str(), v.c_str()});
    inlet_config c{items.data(), items.size()};
    return Options::parse(inlet::Config(&h, &c));
}

std::map<std::string, std::string> base() {
    return {{"database.hostname", "h"}, {"database.user", "u"}, {"database.dbname", "d"}, {"topic.prefix", "p"}};
}

} // namespace

TEST_CASE("a decimal's unscaled value is Java's BigInteger.toByteArray (minimal two's complement)") {
    // Expected bytes worked out by hand: 1234567 = 0x12D687; -1 = 0xFF; 128 needs a sign byte;
    // -128 = 0x80; -129 = 0xFF7F; 0 is one zero byte.
    CHECK(hex(unscaled_bytes("12345.67", 2, nullptr)) == "12d687");
    CHECK(hex(unscaled_bytes("-0.01", 2, nullptr)) == "ff");
    CHECK(hex(unscaled_bytes("1.28", 2, nullptr)) == "0080");
    CHECK(hex(unscaled_bytes("-1.28", 2, nullptr)) == "80");
    CHECK(hex(unscaled_bytes("-1.29", 2, nullptr)) == "ff7f");
    CHECK(hex(unscaled_bytes("0", 3, nullptr)) == "00");
    CHECK(hex(unscaled_bytes("5", 2, nullptr)) == "01f4"); // 500
    int scale = 0;
    CHECK(hex(unscaled_bytes("-0.001", -1, &scale)) == "ff");
    CHECK(scale == 3);
    CHECK(hex(unscaled_bytes("123456789012345678901234567890", 0, nullptr)) == "018ee90ff6c373e0ee4e3f0ad2");
}

TEST_CASE("the fast decimal path (up to 38 digits) gives the general path's bytes") {
    // unscaled_into takes 64- and 128-bit shortcuts; unscaled_bytes is the digit-by-digit
    // general form checked by hand above. Every length 1-38, both signs, scales 0-6, as-written
    // (-1) and truncating ones, digits from a fixed LCG so the run is the same every time.
    uint64_t x = 12345;
    auto digit = [&] {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<char>('0' + (x >> 33) % 10);
    };
    std::string out;
    int checked = 0;
    for (int len = 1; len <= 38; ++len)
        for (int scale : {-1, 0, 2, 6})
            for (int at : {0, 1, len / 2, len})
                for (const char *sign : {"", "-"}) {
                    std::string text = sign;
                    for (int i = 0; i < len; ++i) {
                        if (i == at && at > 0) text.push_back('.');
                        text.push_back(digit());
                    }
                    int s1 = 0, s2 = 0;
                    const std::string expected = unscaled_bytes(text, scale, &s1);
                    unscaled_into(text, scale, &s2, out);
                    INFO(text << " scale " << scale);
                    CHECK(hex(out) == hex(expected));
                    CHECK(s1 == s2);
                    ++checked;
                }
    CHECK(checked == 38 * 4 * 4 * 2);
    // Past 38 digits: the general path, 10^39 = 0x02f050fe938943acc45f65568000000000.
    unscaled_into("1000000000000000000000000000000000000000", 0, nullptr, out);
    CHECK(hex(out) == "02f050fe938943acc45f65568000000000");
    unscaled_into("-0.00", 2, nullptr, out);
    CHECK(hex(out) == "00");
}

TEST_CASE("numbers and text convert without copies or surprises") {
    Options o = parse(base());
    SchemaPool pool;
    ValueArena arena;
    inlet_value v{};
    const std::string text = "a text value longer than the small-string buffer";
    convert(map_column(25, -1, true, o, pool), text, arena, v);
    CHECK(v.u.s.ptr == text.data()); // a view of the received bytes, copied once by the host
    CHECK(v.u.s.len == text.size());
    convert(map_column(20, -1, true, o, pool), "9223372036854775807", arena, v);
    CHECK(v.u.i == INT64_MAX);
    convert(map_column(20, -1, true, o, pool), "-9223372036854775808", arena, v);
    CHECK(v.u.i == INT64_MIN);
    convert(map_column(20, -1, true, o, pool), "-42", arena, v);
    CHECK(v.u.i == -42);
    CHECK_THROWS(convert(map_column(20, -1, true, o, pool), "9223372036854775808", arena, v));
    CHECK_THROWS(convert(map_column(23, -1, true, o, pool), "12x", arena, v));
    CHECK_THROWS(convert(map_column(23, -1, true, o, pool), "", arena, v));
    convert(map_column(701, -1, true, o, pool), "NaN", arena, v);
    CHECK(std::isnan(v.u.f));
    convert(map_column(701, -1, true, o, pool), "-Infinity", arena, v);
    CHECK(std::isinf(v.u.f));
    CHECK(v.u.f < 0);
    convert(map_column(701, -1, true, o, pool), "142857.142857142857", arena, v);
    CHECK(v.u.f == 142857.142857142857);
    convert(map_column(700, -1, true, o, pool), "3.4028235e+38", arena, v);
    CHECK(v.type == INLET_TYPE_FLOAT32);
    CHECK(static_cast<float>(v.u.f) == 3.4028235e+38f);
    CHECK_THROWS(convert(map_column(701, -1, true, o, pool), "1.5 ", arena, v));
}

TEST_CASE("fallback zeros and placeholders are whole values even in a reused arena") {
    // The arena hands out values uncleared: fill it with junk first, as earlier records would.
    Options o = parse(base());
    SchemaPool pool;
    ValueArena arena;
    for (auto &junk : arena.seq(256)) {
        junk.type = INLET_TYPE_INT64;
        junk.u.i = 0x5a5a5a5a5a5a5a5a;
    }
    arena.reset();
    inlet_value v{};
    zero(map_column(1700, -1, false, o, pool), arena, v); // NOT NULL numeric, no scale
    REQUIRE(v.type == INLET_TYPE_STRUCT);
    REQUIRE(v.u.seq.count == 2);
    CHECK(v.u.seq.items[0].type == INLET_TYPE_INT32);
    CHECK(v.u.seq.items[0].u.i == 0);
    CHECK(hex(std::string(v.u.seq.items[1].u.s.ptr, v.u.seq.items[1].u.s.len)) == "00");
    zero(map_column(1700, (10 << 16 | 2) + 4, false, o, pool), arena, v); // numeric(10,2)
    CHECK(hex(std::string(v.u.s.ptr, v.u.s.len)) == "00");
    zero(map_column(20, -1, false, o, pool), arena, v);
    CHECK(v.type == INLET_TYPE_INT64);
    CHECK(v.u.i == 0);
    unavailable(map_column(1009, -1, true, o, pool), arena, v); // text[]
    REQUIRE(v.type == INLET_TYPE_ARRAY);
    REQUIRE(v.u.seq.count == 1);
    CHECK(std::string(v.u.seq.items[0].u.s.ptr, v.u.seq.items[0].u.s.len) == unavailable_placeholder);
    convert(map_column(1007, -1, true, o, pool), "{1,NULL,3}", arena, v);
    REQUIRE(v.u.seq.count == 3);
    CHECK(v.u.seq.items[1].type == INLET_TYPE_NULL);
    CHECK(v.u.seq.items[2].u.i == 3);
}

TEST_CASE("timestamptz in UTC (the fast path) renders as the same instant written another way") {
    // The connections set TimeZone=UTC, so the server writes +00 and zoned() only swaps in 'T'
    // and 'Z'; the general path (any other offset) does the arithmetic. Both must agree.
    Options o = parse(base());
    SchemaPool pool;
    ValueArena arena;
    inlet_value v{};
    auto zoned_text = [&](const char *t) {
        convert(map_column(1184, -1, true, o, pool), t, arena, v);
        return std::string(v.u.s.ptr, v.u.s.len);
    };
    const std::pair<const char *, const char *> same[] = {
        {"2024-01-01 00:00:01+00", "2024-01-01 01:00:01+01"},
        {"2024-02-29 23:30:00.12+00", "2024-03-01 05:00:00.12+05:30"},
        {"1969-12-31 23:59:59.999999+00", "1969-12-31 22:59:59.999999-01"},
        {"0001-01-01 00:00:00.5+00", "0001-01-01 02:00:00.5+02"},
    };
    for (auto [utc, other] : same) {
        INFO(utc);
        CHECK(zoned_text(utc) == zoned_text(other));
    }
    CHECK(zoned_text("2024-02-29 23:30:00.12+00") == "2024-02-29T23:30:00.12Z");
    CHECK(zoned_text("0044-03-15 12:00:00+00 BC") == "-0043-03-15T12:00:00Z"); // general path
    CHECK_THROWS(zoned_text("2024-01-01 0x:00:00+00"));
    convert(map_column(1082, -1, true, o, pool), "2024-01-01", arena, v);
    CHECK(v.u.i == 19723);
    convert(map_column(1082, -1, true, o, pool), "12024-01-01", arena, v); // five-digit year
    CHECK(v.u.i == 3672148);
}

TEST_CASE("temporal text converts as Debezium's adaptive types say") {
    Options o = parse(base());
    SchemaPool pool;
    ValueArena arena;
    inlet_value v{};
    convert(map_column(1082, -1, true, o, pool), "1970-01-02", arena, v);
    CHECK(v.u.i == 1);
    convert(map_column(1082, -1, true, o, pool), "1969-12-31", arena, v);
    CHECK(v.u.i == -1);
    convert(map_column(1082, -1, true, o, pool), "0001-01-01 BC", arena, v);
    // 0001-01-01 AD is day -719162; 1 BC (astronomical year 0) is a leap year of 366 days.
    CHECK(v.u.i == -719162 - 366);
    convert(map_column(1114, -1, true, o, pool), "1970-01-01 00:00:01.5", arena, v);
    CHECK(v.type == INLET_TYPE_INT64);
    CHECK(v.u.i == 1500000);
    convert(map_column(1114, 3, true, o, pool), "1969-12-31 23:59:59.999", arena, v);
    CHECK(v.u.i == -1);
    convert(map_column(1114, -1, true, o, pool), "infinity", arena, v);
    CHECK(v.u.i == 9223372036825200000LL); // PgJDBC's stand-in, as Debezium documents
    convert(map_column(1184, -1, true, o, pool), "2024-02-29 23:30:00.120+05:30", arena, v);
    CHECK(std::string(v.u.s.ptr, v.u.s.len) == "2024-02-29T18:00:00.12Z");
    convert(map_column(1184, -1, true, o, pool), "2024-01-01 00:00:00-01", arena, v);
    CHECK(std::string(v.u.s.ptr, v.u.s.len) == "2024-01-01T01:00:00Z");
    convert(map_column(1083, 3, true, o, pool), "24:00:00", arena, v);
    CHECK(v.u.i == 86400000);
}

TEST_CASE("arrays: quoting, escapes and NULL items") {
    Options o = parse(base());
    SchemaPool pool;
    ValueArena arena;
    inlet_value v{};
    convert(map_column(1009, -1, true, o, pool), R"({"a,b","q\"x",NULL,"NULL",plain})", arena, v);
    REQUIRE(v.type == INLET_TYPE_ARRAY);
    REQUIRE(v.u.seq.count == 5);
    auto s = [&](size_t i) { return std::string(v.u.seq.items[i].u.s.ptr, v.u.seq.items[i].u.s.len); };
    CHECK(s(0) == "a,b");
    CHECK(s(1) == "q\"x");
    CHECK(v.u.seq.items[2].type == INLET_TYPE_NULL);
    CHECK(s(3) == "NULL");
    CHECK(s(4) == "plain");
    convert(map_column(1007, -1, true, o, pool), "{}", arena, v);
    CHECK(v.u.seq.count == 0);
    CHECK_THROWS(convert(map_column(1007, -1, true, o, pool), "{{1,2},{3,4}}", arena, v));
}

TEST_CASE("every default comes from the key table (the one place each is written)") {
    auto table_default = [](const char *name) {
        for (const auto &k : config_keys())
            if (std::strcmp(k.name, name) == 0 && k.default_value) return std::string(k.default_value);
        return std::string("<none>");
    };
    const Options o = parse(base());
    CHECK(std::to_string(o.port) == table_default("database.port"));
    CHECK(o.sslmode == table_default("database.sslmode"));
    CHECK(o.slot == table_default("slot.name"));
    CHECK(o.publication == table_default("publication.name"));
    CHECK(o.publication_mode == PublicationMode::all_tables);
    CHECK(table_default("publication.autocreate.mode") == "all_tables");
    CHECK(o.snapshot_mode == SnapshotMode::initial);
    CHECK(table_default("snapshot.mode") == "initial");
    CHECK(std::to_string(o.heartbeat_ms) == table_default("heartbeat.interval.ms"));
    CHECK(std::to_string(o.status_ms) == table_default("status.update.interval.ms"));
    CHECK(std::to_string(o.fetch_size) == table_default("snapshot.fetch.size"));
    CHECK((o.tombstones ? "true" : "false") == table_default("tombstones.on.delete"));
    CHECK((o.tx_metadata ? "true" : "false") == table_default("provide.transaction.metadata"));
    // skipped.operations defaults to "t": truncates skipped, nothing else (Debezium's default).
    CHECK(table_default("skipped.operations") == "t");
    CHECK(o.skip_truncate);
    CHECK_FALSE(o.skip_create);
    CHECK_FALSE(o.skip_update);
    CHECK_FALSE(o.skip_delete);
    auto none = base();
    none["skipped.operations"] = "none";
    CHECK_FALSE(parse(none).skip_truncate);
    auto set = base();
    set["database.port"] = "6543";
    set["slot.name"] = "mine";
    set["skipped.operations"] = "c,d";
    const Options p = parse(set);
    CHECK(p.port == 6543);
    CHECK(p.slot == "mine");
    CHECK(p.skip_create);
    CHECK(p.skip_delete);
    CHECK_FALSE(p.skip_truncate);
    // Required keys have no default; the table says which.
    for (const auto &k : config_keys()) {
        INFO(k.name);
        CHECK_FALSE((k.required != 0 && k.default_value != nullptr));
    }
}

TEST_CASE("table filters match whole names, ignoring case, as Debezium's Predicates.includes") {
    auto kv = base();
    kv["table.include.list"] = "public\\.orders,inv\\.item.*";
    Options o = parse(kv);
    CHECK(o.filter.includes("public", "orders"));
    CHECK(o.filter.includes("PUBLIC", "Orders"));
    CHECK_FALSE(o.filter.includes("public", "orders_archive")); // anchored: no substring match
    CHECK(o.filter.includes("inv", "items"));
    CHECK_FALSE(o.filter.includes("public", "items"));
    auto ex = base();
    ex["schema.exclude.list"] = "audit";
    Options e = parse(ex);
    CHECK_FALSE(e.filter.includes("audit", "x"));
    CHECK(e.filter.includes("auditx", "x"));
    CHECK_FALSE(e.filter.includes("pg_catalog", "pg_class"));
    auto both = base();
    both["table.include.list"] = "a\\.b";
    both["table.exclude.list"] = "a\\.c";
    CHECK_THROWS_AS(parse(both), inlet::ConfigError);
    auto bad = base();
    bad["table.include.list"] = "public\\.(";
    CHECK_THROWS_AS(parse(bad), inlet::ConfigError);
}

TEST_CASE("pgoutput messages decode; a short message is a protocol error, not a crash") {
    // Relation: oid 16384, "public", "t", replident 'f', 2 columns (id key int4, v text typmod -1).
    std::string rel;
    auto u32 = [&](std::string &s, uint32_t x) {
        for (int i = 3; i >= 0; --i) s.push_back(static_cast<char>((x >> (8 * i)) & 0xff));
    };
    u32(rel, 16384);
    rel += std::string("public") + '\0' + "t" + '\0' + "f";
    rel += std::string("\0\2", 2);
    rel += std::string("\1id\0", 4);
    u32(rel, 23);
    u32(rel, 0xffffffffu);
    rel += std::string("\0v\0", 3);
    u32(rel, 25);
    u32(rel, 0xffffffffu);
    Reader r(rel.data(), rel.size());
    RelationMsg m = parse_relation(r);
    CHECK(m.oid == 16384);
    CHECK(m.schema == "public");
    CHECK(m.replident == 'f');
    REQUIRE(m.columns.size() == 2);
    CHECK(m.columns[0].key);
    CHECK(m.columns[1].typmod == -1);
    Reader cut(rel.data(), rel.size() - 3);
    CHECK_THROWS(parse_relation(cut));

    // Update with an old full row and a new one holding an unchanged TOASTed value.
    std::string upd;
    u32(upd, 16384);
    upd += "O";
    upd += std::string("\0\2", 2) + "t";
    u32(upd, 1);
    upd += "7n";
    upd += "N";
    upd += std::string("\0\2", 2) + "t";
    u32(upd, 1);
    upd += "7u";
    Reader ru(upd.data(), upd.size());
    ChangeMsg c;
    parse_change('U', ru, c);
    CHECK(c.old_kind == 'O');
    CHECK(c.old_tuple[1].kind == 'n');
    CHECK(c.new_tuple[0].text == "7");
    CHECK(c.new_tuple[1].kind == 'u');
    CHECK(parse_lsn("16/B374D848") == 0x16B374D848ULL);
    CHECK(lsn_text(0x16B374D848ULL) == "16/B374D848");
}
