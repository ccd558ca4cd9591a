#include "pg_record.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string_view>

namespace inlet_pg {

namespace {
constexpr const char *connector_version = "1.0.0";

void str(inlet_value &v, std::string_view s) {
    v = inlet_value{};
    v.type = INLET_TYPE_STRING;
    v.u.s.ptr = s.data();
    v.u.s.len = s.size();
}
void i64(inlet_value &v, int64_t x) {
    v = inlet_value{};
    v.type = INLET_TYPE_INT64;
    v.u.i = x;
}
void null(inlet_value &v) {
    v = inlet_value{};
    v.type = INLET_TYPE_NULL;
}
void structure(inlet_value &v, std::span<inlet_value> items) {
    v = inlet_value{};
    v.type = INLET_TYPE_STRUCT;
    v.u.seq.items = items.data();
    v.u.seq.count = items.size();
}
} // namespace

std::string topic_name(const std::string &prefix, const std::string &schema, const std::string &table) {
    std::string t = prefix + "." + schema + "." + table;
    for (auto &c : t)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
    return t;
}

RecordBuilder::RecordBuilder(const Options &o, std::string partition) : o_(o), partition_(std::move(partition)) {
    auto s = [&](inlet_type t, bool opt) { return pool_.make(t, opt); };
    source_schema_ = pool_.structure(
        "io.debezium.connector.postgresql.Source",
        {{"version", s(INLET_TYPE_STRING, false)},
         {"connector", s(INLET_TYPE_STRING, false)},
         {"name", s(INLET_TYPE_STRING, false)},
         {"ts_ms", s(INLET_TYPE_INT64, false)},
         {"snapshot", pool_.make(INLET_TYPE_STRING, true, "io.debezium.data.Enum", 1,
                                 R"({"allowed":"true,first,first_in_data_collection,last_in_data_collection,last,false,incremental"})")},
         {"db", s(INLET_TYPE_STRING, false)},
         {"sequence", s(INLET_TYPE_STRING, true)},
         {"ts_us", s(INLET_TYPE_INT64, true)},
         {"ts_ns", s(INLET_TYPE_INT64, true)},
         {"schema", s(INLET_TYPE_STRING, false)},
         {"table", s(INLET_TYPE_STRING, false)},
         {"txId", s(INLET_TYPE_INT64, true)},
         {"lsn", s(INLET_TYPE_INT64, true)},
         {"xmin", s(INLET_TYPE_INT64, true)}},
        false);
    tx_block_schema_ = pool_.structure("event.block",
                                       {{"id", s(INLET_TYPE_STRING, false)},
                                        {"total_order", s(INLET_TYPE_INT64, false)},
                                        {"data_collection_order", s(INLET_TYPE_INT64, false)}},
                                       true, 1);
    tx_topic_ = o.prefix + ".transaction";
    tx_key_schema_ = pool_.structure("io.debezium.connector.common.TransactionMetadataKey",
                                     {{"id", s(INLET_TYPE_STRING, false)}}, false);
    tx_collection_schema_ = pool_.structure("", {{"data_collection", s(INLET_TYPE_STRING, false)},
                                                 {"event_count", s(INLET_TYPE_INT64, false)}},
                                            false);
    tx_value_schema_ = pool_.structure(
        "io.debezium.connector.common.TransactionMetadataValue",
        {{"status", s(INLET_TYPE_STRING, false)},
         {"id", s(INLET_TYPE_STRING, false)},
         {"event_count", s(INLET_TYPE_INT64, true)},
         {"data_collections", pool_.make(INLET_TYPE_ARRAY, true, {}, 0, {}, tx_collection_schema_)},
         {"ts_ms", s(INLET_TYPE_INT64, false)}},
        false);
}

std::unique_ptr<TableInfo> RecordBuilder::table(uint32_t oid, const std::string &schema, const std::string &table,
                                                char replident, const std::vector<CatalogColumn> &cols) {
    auto t = std::make_unique<TableInfo>();
    t->oid = oid;
    t->schema = schema;
    t->table = table;
    t->id = schema + "." + table;
    t->replident = replident;
    t->topic = topic_name(o_.prefix, schema, table);
    const std::string base = o_.prefix + "." + schema + "." + table;
    std::vector<std::pair<int, size_t>> pk;
    std::vector<std::pair<std::string, const inlet_schema *>> fields;
    for (const auto &c : cols) {
        Column col;
        col.name = c.name;
        col.type_oid = c.type_oid;
        col.typmod = c.typmod;
        col.optional = !c.not_null;
        col.mapping = map_column(c.type_oid, c.typmod, col.optional, o_, pool_);
        if (c.pk_position >= 0) pk.emplace_back(c.pk_position, t->columns.size());
        fields.emplace_back(col.name, col.mapping.schema);
        t->columns.push_back(std::move(col));
    }
    std::sort(pk.begin(), pk.end());
    std::vector<std::pair<std::string, const inlet_schema *>> key_fields;
    for (auto &[pos, i] : pk) {
        t->key_columns.push_back(i);
        key_fields.emplace_back(t->columns[i].name, t->columns[i].mapping.schema);
    }
    if (!key_fields.empty()) t->key_schema = pool_.structure(base + ".Key", key_fields, false);
    t->row_schema = pool_.structure(base + ".Value", fields, true);
    auto s = [&](inlet_type ty, bool opt) { return pool_.make(ty, opt); };
    t->envelope = pool_.structure(base + ".Envelope",
                                  {{"before", t->row_schema},
                                   {"after", t->row_schema},
                                   {"source", source_schema_},
                                   {"transaction", tx_block_schema_},
                                   {"op", s(INLET_TYPE_STRING, false)},
                                   {"ts_ms", s(INLET_TYPE_INT64, true)},
                                   {"ts_us", s(INLET_TYPE_INT64, true)},
                                   {"ts_ns", s(INLET_TYPE_INT64, true)}},
                                  false);
    return t;
}

void RecordBuilder::row(const TableInfo &t, const Tuple &tuple, inlet_value &out) {
    auto items = arena_->seq(t.columns.size());
    for (size_t i = 0; i < t.columns.size(); ++i) {
        const Column &c = t.columns[i];
        const Datum d = i < tuple.size() ? tuple[i] : Datum{};
        try {
            if (d.kind == 't') convert(c.mapping, d.text, *arena_, items[i]);
            else if (d.kind == 'u') unavailable(c.mapping, *arena_, items[i]);
            else if (c.optional) null(items[i]);
            else zero(c.mapping, *arena_, items[i]);
        } catch (const std::exception &e) {
            throw std::runtime_error(t.id + "." + c.name + ": " + e.what());
        }
    }
    structure(out, items);
}

void RecordBuilder::key(const TableInfo &t, const Tuple &tuple, inlet_value &out) {
    auto items = arena_->seq(t.key_columns.size());
    for (size_t k = 0; k < t.key_columns.size(); ++k) {
        const size_t i = t.key_columns[k];
        const Datum d = i < tuple.size() ? tuple[i] : Datum{};
        if (d.kind != 't') throw std::runtime_error(t.id + "." + t.columns[i].name + ": the primary key has no value");
        try {
            convert(t.columns[i].mapping, d.text, *arena_, items[k]);
        } catch (const std::exception &e) {
            throw std::runtime_error(t.id + "." + t.columns[i].name + ": " + e.what());
        }
    }
    structure(out, items);
}

void RecordBuilder::source(const TableInfo &t, const SourceInfo &src, inlet_value &out) {
    // Constant parts point at strings that live until stop (the options, the TableInfo).
    static constexpr std::string_view version = connector_version, connector = "postgresql";
    auto f = arena_->seq(14);
    str(f[0], version);
    str(f[1], connector);
    str(f[2], o_.prefix);
    const int64_t us = src.commit_us;
    i64(f[3], us >= 0 ? us / 1000 : -((-us + 999) / 1000));
    str(f[4], std::strcmp(src.snapshot, "true") == 0 ? "true" : "false");
    str(f[5], o_.dbname);
    // ["<last commit LSN>","<this LSN>"], written in place (the string keeps its capacity).
    auto &seq = arena_->string();
    seq.resize(64);
    char *p = seq.data();
    *p++ = '[';
    *p++ = '"';
    p = std::to_chars(p, p + 20, src.last_commit_lsn).ptr;
    *p++ = '"';
    *p++ = ',';
    *p++ = '"';
    p = std::to_chars(p, p + 20, src.lsn).ptr;
    *p++ = '"';
    *p++ = ']';
    seq.resize(static_cast<size_t>(p - seq.data()));
    str(f[6], seq);
    i64(f[7], us);
    i64(f[8], us * 1000);
    str(f[9], t.schema);
    str(f[10], t.table);
    if (src.xid) i64(f[11], src.xid);
    else null(f[11]);
    i64(f[12], static_cast<int64_t>(src.lsn));
    null(f[13]);
    structure(out, f);
}

void RecordBuilder::envelope(const TableInfo &, char op, const inlet_value &before, const inlet_value &after,
                             const inlet_value &src, const TxBlock *tx, inlet_value &out) {
    auto f = arena_->seq(8);
    f[0] = before;
    f[1] = after;
    f[2] = src;
    if (tx) {
        auto b = arena_->seq(3);
        str(b[0], arena_->string().assign(tx->id)); // the task's id changes with the next BEGIN
        i64(b[1], tx->total_order);
        i64(b[2], tx->collection_order);
        structure(f[3], b);
    } else {
        null(f[3]);
    }
    static constexpr std::string_view ops[] = {"c", "u", "d", "r", "t"};
    str(f[4], ops[op == 'c' ? 0 : op == 'u' ? 1 : op == 'd' ? 2 : op == 'r' ? 3 : 4]);
    i64(f[5], now_ms);
    i64(f[6], now_ms * 1000);
    i64(f[7], now_ms * 1000000);
    structure(out, f);
}

bool RecordBuilder::emit(inlet::Emitter &out, const char *topic, const inlet_schema *ks, const inlet_value *k,
                         const inlet_schema *vs, const inlet_value *v, const char *offset) {
    inlet::Record rec;
    rec.topic(topic).partition(partition_.c_str()).offset(offset).key(ks, k).value(vs, v).borrowed();
    return out.emit(rec);
}

bool RecordBuilder::change(inlet::Emitter &out, const TableInfo &t, char op, const Tuple *before, const Tuple *after,
                           const SourceInfo &src, const char *offset, const TxBlock *tx) {
    inlet_value b{}, a{}, s{}, env{}, k{};
    if (before) row(t, *before, b);
    else null(b);
    if (after) row(t, *after, a);
    else null(a);
    source(t, src, s);
    envelope(t, op, b, a, s, tx, env);
    const Tuple *key_row = after ? after : before;
    if (t.key_schema && key_row) key(t, *key_row, k);
    return emit(out, t.topic.c_str(), t.key_schema, t.key_schema ? &k : nullptr, t.envelope, &env, offset);
}

bool RecordBuilder::tombstone(inlet::Emitter &out, const TableInfo &t, const Tuple &key_row, const char *offset) {
    inlet_value k{};
    if (t.key_schema) key(t, key_row, k);
    return emit(out, t.topic.c_str(), t.key_schema, t.key_schema ? &k : nullptr, nullptr, nullptr, offset);
}

bool RecordBuilder::truncate(inlet::Emitter &out, const TableInfo &t, const SourceInfo &src, const char *offset,
                             const TxBlock *tx) {
    inlet_value n{}, s{}, env{};
    null(n);
    source(t, src, s);
    envelope(t, 't', n, n, s, tx, env);
    return emit(out, t.topic.c_str(), nullptr, nullptr, t.envelope, &env, offset);
}

bool RecordBuilder::tx_begin(inlet::Emitter &out, const std::string &task_id, int64_t ts_ms, const char *offset) {
    const std::string &id = arena_->string().assign(task_id); // lent: the task's changes
    auto k = arena_->seq(1);
    str(k[0], id);
    inlet_value key{}, val{};
    structure(key, k);
    auto f = arena_->seq(5);
    str(f[0], "BEGIN");
    str(f[1], id);
    null(f[2]);
    null(f[3]);
    i64(f[4], ts_ms);
    structure(val, f);
    return emit(out, tx_topic_.c_str(), tx_key_schema_, &key, tx_value_schema_, &val, offset);
}

bool RecordBuilder::tx_end(inlet::Emitter &out, const std::string &task_id, int64_t ts_ms, int64_t total,
                           const std::map<std::string, int64_t> &per_table, const char *offset) {
    const std::string &id = arena_->string().assign(task_id); // lent: the task's changes
    auto k = arena_->seq(1);
    str(k[0], id);
    inlet_value key{}, val{}, arr{};
    structure(key, k);
    auto items = arena_->seq(per_table.size());
    size_t i = 0;
    for (const auto &[name, count] : per_table) {
        auto c = arena_->seq(2);
        str(c[0], arena_->string().assign(name)); // the task clears its map at the next BEGIN
        i64(c[1], count);
        structure(items[i++], c);
    }
    arr.type = INLET_TYPE_ARRAY;
    arr.u.seq.items = items.data();
    arr.u.seq.count = items.size();
    auto f = arena_->seq(5);
    str(f[0], "END");
    str(f[1], id);
    i64(f[2], total);
    f[3] = arr;
    i64(f[4], ts_ms);
    structure(val, f);
    return emit(out, tx_topic_.c_str(), tx_key_schema_, &key, tx_value_schema_, &val, offset);
}

} // namespace inlet_pg
