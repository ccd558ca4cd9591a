#include "pgoutput.hpp"

#include <charconv>
#include <cstdio>
#include <cstring>

namespace inlet_pg {

std::string lsn_text(Lsn lsn) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%X/%X", static_cast<unsigned>(lsn >> 32), static_cast<unsigned>(lsn));
    return buf;
}

Lsn parse_lsn(std::string_view t) {
    const size_t slash = t.find('/');
    if (slash == std::string_view::npos) throw std::invalid_argument("not an LSN: " + std::string(t));
    uint32_t hi = 0, lo = 0;
    auto a = std::from_chars(t.data(), t.data() + slash, hi, 16);
    auto b = std::from_chars(t.data() + slash + 1, t.data() + t.size(), lo, 16);
    if (a.ec != std::errc() || b.ec != std::errc() || a.ptr != t.data() + slash || b.ptr != t.data() + t.size())
        throw std::invalid_argument("not an LSN: " + std::string(t));
    return (static_cast<Lsn>(hi) << 32) | lo;
}

void Reader::short_message() { throw std::runtime_error("pgoutput: message shorter than its fields (protocol error)"); }
std::string_view Reader::cstr() {
    const void *z = std::memchr(p_, 0, static_cast<size_t>(end_ - p_));
    if (!z) throw std::runtime_error("pgoutput: unterminated string (protocol error)");
    std::string_view s(p_, static_cast<size_t>(static_cast<const char *>(z) - p_));
    p_ += s.size() + 1;
    return s;
}
int64_t pg_epoch_us_to_unix_ms(int64_t us) {
    constexpr int64_t epoch_shift_us = 946684800LL * 1000000; // 2000-01-01 in Unix µs
    const int64_t unix_us = us + epoch_shift_us;
    return unix_us >= 0 ? unix_us / 1000 : -((-unix_us + 999) / 1000);
}

BeginMsg parse_begin(Reader &r) {
    BeginMsg m;
    m.final_lsn = r.u64();
    m.commit_us = static_cast<int64_t>(r.u64());
    m.xid = r.u32();
    return m;
}

CommitMsg parse_commit(Reader &r) {
    CommitMsg m;
    r.u8(); // flags, unused
    m.commit_lsn = r.u64();
    m.end_lsn = r.u64();
    m.commit_us = static_cast<int64_t>(r.u64());
    return m;
}

RelationMsg parse_relation(Reader &r) {
    RelationMsg m;
    m.oid = r.u32();
    m.schema = r.cstr();
    if (m.schema.empty()) m.schema = "pg_catalog";
    m.table = r.cstr();
    m.replident = static_cast<char>(r.u8());
    const uint16_t n = r.u16();
    m.columns.resize(n);
    for (auto &c : m.columns) {
        c.key = (r.u8() & 1) != 0;
        c.name = r.cstr();
        c.type_oid = r.u32();
        c.typmod = static_cast<int32_t>(r.u32());
    }
    return m;
}

namespace {
void parse_tuple(Reader &r, Tuple &t) {
    const uint16_t n = r.u16();
    t.resize(n);
    for (auto &d : t) {
        d.kind = static_cast<char>(r.u8());
        d.text = {};
        if (d.kind == 't' || d.kind == 'b') d.text = r.bytes(r.u32());
        else if (d.kind != 'n' && d.kind != 'u')
            throw std::runtime_error(std::string("pgoutput: unknown tuple data kind '") + d.kind + "'");
    }
}
} // namespace

void parse_change(char op, Reader &r, ChangeMsg &m) {
    m.op = op;
    m.oid = r.u32();
    m.old_kind = 0;
    char tag = static_cast<char>(r.u8());
    if (op == 'I') {
        if (tag != 'N') throw std::runtime_error("pgoutput: insert without a new tuple");
        parse_tuple(r, m.new_tuple);
        return;
    }
    if (tag == 'K' || tag == 'O') {
        m.old_kind = tag;
        parse_tuple(r, m.old_tuple);
        if (op == 'D') return;
        tag = static_cast<char>(r.u8());
    }
    if (op == 'D') throw std::runtime_error("pgoutput: delete without an old key or row");
    if (tag != 'N') throw std::runtime_error("pgoutput: update without a new tuple");
    parse_tuple(r, m.new_tuple);
}

TruncateMsg parse_truncate(Reader &r) {
    TruncateMsg m;
    const uint32_t n = r.u32();
    m.options = r.u8();
    m.oids.resize(n);
    for (auto &o : m.oids) o = r.u32();
    return m;
}

} // namespace inlet_pg
