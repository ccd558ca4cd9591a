// Decoding pgoutput's logical replication messages (protocol version 1), as PostgreSQL's
// "Logical Replication Message Formats" documents them: Begin, Commit, Origin, Relation, Type,
// Insert, Update, Delete, Truncate. Values stay views into the received buffer (no copy).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace inlet_pg {

using Lsn = uint64_t;

std::string lsn_text(Lsn lsn);                 // "16/B374D848", the server's notation
Lsn parse_lsn(std::string_view text);          // throws std::invalid_argument

// Big-endian reads over one message; a short message throws (a protocol error, not a crash).
// Inline: several reads per column of every change.
class Reader {
public:
    Reader(const char *p, size_t n) : p_(p), end_(p + n) {}
    uint8_t u8() {
        need(1);
        return static_cast<uint8_t>(*p_++);
    }
    uint16_t u16() { return static_cast<uint16_t>(be(2)); }
    uint32_t u32() { return static_cast<uint32_t>(be(4)); }
    uint64_t u64() { return be(8); }
    std::string_view cstr();
    std::string_view bytes(size_t n) {
        need(n);
        std::string_view s(p_, n);
        p_ += n;
        return s;
    }
    size_t left() const { return static_cast<size_t>(end_ - p_); }

private:
    uint64_t be(int n) {
        need(static_cast<size_t>(n));
        uint64_t v = 0;
        for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(p_[i]);
        p_ += n;
        return v;
    }
    void need(size_t n) const {
        if (static_cast<size_t>(end_ - p_) < n) short_message();
    }
    [[noreturn]] static void short_message();
    const char *p_;
    const char *end_;
};

// One column of a tuple: 'n' null, 'u' unchanged TOASTed value (not sent), 't' text.
struct Datum {
    char kind = 'n';
    std::string_view text;
};
using Tuple = std::vector<Datum>;

struct RelationColumn {
    bool key = false; // part of the replica identity
    std::string name;
    uint32_t type_oid = 0;
    int32_t typmod = -1;
};

struct RelationMsg {
    uint32_t oid = 0;
    std::string schema, table;
    char replident = 'd'; // d default, n nothing, f full, i index
    std::vector<RelationColumn> columns;
};

struct BeginMsg {
    Lsn final_lsn = 0; // the commit record's LSN
    int64_t commit_us = 0; // µs since 2000-01-01
    uint32_t xid = 0;
};

struct CommitMsg {
    Lsn commit_lsn = 0, end_lsn = 0;
    int64_t commit_us = 0;
};

// Insert ('I'), Update ('U') or Delete ('D'). `old` is set for an update or delete that carries
// the old key ('K') or the old row ('O', REPLICA IDENTITY FULL).
struct ChangeMsg {
    char op = 'I';
    uint32_t oid = 0;
    char old_kind = 0; // 0, 'K' or 'O'
    Tuple old_tuple, new_tuple;
};

struct TruncateMsg {
    uint8_t options = 0; // 1 CASCADE, 2 RESTART IDENTITY
    std::vector<uint32_t> oids;
};

int64_t pg_epoch_us_to_unix_ms(int64_t us);

// Parsers: `r` is positioned after the message's type byte.
BeginMsg parse_begin(Reader &r);
CommitMsg parse_commit(Reader &r);
RelationMsg parse_relation(Reader &r);
void parse_change(char op, Reader &r, ChangeMsg &out); // reuses out's tuples' storage
TruncateMsg parse_truncate(Reader &r);

} // namespace inlet_pg
