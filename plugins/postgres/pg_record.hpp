// Debezium's record shape: topic <prefix>.<schema>.<table>; key = the primary key as a Struct
// named <prefix>.<schema>.<table>.Key; value = the Envelope (before, after, source, transaction,
// op, ts_ms, ts_us, ts_ns) with rows named <prefix>.<schema>.<table>.Value and the source block
// io.debezium.connector.postgresql.Source. Transaction metadata records (BEGIN/END) on
// <prefix>.transaction.
#pragma once

#include "pg_config.hpp"
#include "pg_types.hpp"
#include "pgoutput.hpp"

#include <inlet/connector.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace inlet_pg {

struct Column {
    std::string name;
    uint32_t type_oid = 0;
    int32_t typmod = -1;
    bool optional = true;
    ColumnMapping mapping;
};

// One captured table's columns and schemas; replaced (never freed) when the table changes.
struct TableInfo {
    uint32_t oid = 0;
    std::string schema, table, id; // id: schema.table
    char replident = 'd';
    std::vector<Column> columns;
    std::vector<size_t> key_columns; // primary key, in key order
    std::string topic;
    const inlet_schema *key_schema = nullptr; // null: no primary key, null key
    const inlet_schema *row_schema = nullptr;
    const inlet_schema *envelope = nullptr;
};

// What the source block says about one change.
struct SourceInfo {
    int64_t commit_us = 0; // µs since the Unix epoch
    uint32_t xid = 0;      // 0: none
    Lsn lsn = 0;
    Lsn last_commit_lsn = 0;
    const char *snapshot = "false";
};

// A column as the catalog describes it (name, type, typmod, nullable, primary key position).
struct CatalogColumn {
    std::string name;
    uint32_t type_oid = 0;
    int32_t typmod = -1;
    bool not_null = false;
    int pk_position = -1; // 0-based position in the primary key, -1: not part of it
};

// Which transaction a change belongs to (provide.transaction.metadata), for its envelope.
struct TxBlock {
    std::string_view id; // the task's, alive while the record is built
    int64_t total_order = 0, collection_order = 0;
};

class RecordBuilder {
public:
    RecordBuilder(const Options &o, std::string partition);

    const std::string &partition() const { return partition_; }
    std::unique_ptr<TableInfo> table(uint32_t oid, const std::string &schema, const std::string &table, char replident,
                                     const std::vector<CatalogColumn> &cols);

    // Emits one change: op c/u/d/r; before/after may be null. Returns false when the batch is
    // full (the record was accepted).
    bool change(inlet::Emitter &out, const TableInfo &t, char op, const Tuple *before, const Tuple *after,
                const SourceInfo &src, const char *offset, const TxBlock *tx);
    bool tombstone(inlet::Emitter &out, const TableInfo &t, const Tuple &key_row, const char *offset);
    bool truncate(inlet::Emitter &out, const TableInfo &t, const SourceInfo &src, const char *offset, const TxBlock *tx);
    // provide.transaction.metadata: BEGIN (counts empty) and END records.
    bool tx_begin(inlet::Emitter &out, const std::string &id, int64_t ts_ms, const char *offset);
    bool tx_end(inlet::Emitter &out, const std::string &id, int64_t ts_ms, int64_t total,
                const std::map<std::string, int64_t> &per_table, const char *offset);

    int64_t now_ms = 0; // set by the caller per poll: the envelope's ts_ms

    // Records are lent to the host (INLET_RECORD_BORROWED): their values live in the arena of
    // the poll that built them, kept until the poll after next begins. Called as a poll begins:
    // clears the arena of two polls ago and builds into it.
    void next_poll() {
        arena_ = &arenas_[arena_ == &arenas_[0] ? 1 : 0];
        arena_->reset();
    }

private:
    void row(const TableInfo &t, const Tuple &tuple, inlet_value &out);
    void key(const TableInfo &t, const Tuple &tuple, inlet_value &out);
    void source(const TableInfo &t, const SourceInfo &src, inlet_value &out);
    void envelope(const TableInfo &t, char op, const inlet_value &before, const inlet_value &after,
                  const inlet_value &src, const TxBlock *tx, inlet_value &out);
    bool emit(inlet::Emitter &out, const char *topic, const inlet_schema *ks, const inlet_value *k,
              const inlet_schema *vs, const inlet_value *v, const char *offset);

    const Options &o_;
    std::string partition_;
    SchemaPool pool_;
    ValueArena arenas_[2];
    ValueArena *arena_ = &arenas_[0];
    const inlet_schema *source_schema_ = nullptr;
    const inlet_schema *tx_block_schema_ = nullptr;
    const inlet_schema *tx_key_schema_ = nullptr, *tx_value_schema_ = nullptr, *tx_collection_schema_ = nullptr;
    std::string tx_topic_;
};

// Debezium's topic naming: characters outside [A-Za-z0-9._-] become '_'.
std::string topic_name(const std::string &prefix, const std::string &schema, const std::string &table);

} // namespace inlet_pg
