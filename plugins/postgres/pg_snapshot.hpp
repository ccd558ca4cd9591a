// The initial snapshot: every captured table read with a cursor inside one REPEATABLE READ
// transaction that imported the slot's exported snapshot, so the rows are exactly the state at
// the slot's consistent point and streaming from that point neither misses nor repeats a change.
#pragma once

#include "pg_catalog.hpp"

#include <deque>

namespace inlet_pg {

class TableSnapshot {
public:
    // Begins the transaction; `snapshot_name` empty: a fresh snapshot of its own.
    TableSnapshot(const PgConn &conn, const std::string &snapshot_name, std::deque<TableRef> tables, int64_t fetch);

    // The table being read, or null when all are done.
    const TableRef *current() const { return tables_.empty() ? nullptr : &tables_.front(); }
    // The next rows of the current table (empty result: the table is done; call done_table()).
    Result fetch(const std::vector<CatalogColumn> &cols);
    void done_table();
    void finish(); // commits the read-only transaction

private:
    const PgConn &conn_;
    std::deque<TableRef> tables_;
    int64_t fetch_;
    bool open_ = false; // the cursor of the current table is declared
};

} // namespace inlet_pg
