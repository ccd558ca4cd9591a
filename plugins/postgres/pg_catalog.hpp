// Catalog queries on the ordinary (non-replication) connection: server checks, the captured
// tables, a table's columns and primary key, the publication and the slot's state.
#pragma once

#include "pg_conn.hpp"
#include "pg_record.hpp"

#include <optional>
#include <string>
#include <vector>

namespace inlet_pg {

struct TableRef {
    uint32_t oid = 0;
    std::string schema, table;
    std::string id() const { return schema + "." + table; }
};

struct SlotState {
    std::string plugin, database;
    Lsn confirmed_flush = 0;
    int active_pid = 0; // 0: not in use
};

// wal_level must be logical; one line saying what to change otherwise.
void check_wal_level(const PgConn &c, const Options &o);
// The user must have REPLICATION (or be a superuser); checked before anything is created.
void check_replication_privilege(const PgConn &c, const Options &o);
// The captured tables, sorted by schema.table: the filters, and task.tables when split. Each
// table.include.list pattern must match a table.
std::vector<TableRef> captured_tables(const PgConn &c, const Options &o);
std::vector<CatalogColumn> table_columns(const PgConn &c, uint32_t oid, char *replident);
// Creates or adjusts the publication per publication.autocreate.mode.
void ensure_publication(const PgConn &c, const Options &o, const std::vector<TableRef> &tables);
std::optional<SlotState> slot_state(const PgConn &c, const std::string &slot);
void drop_slot(const PgConn &c, const std::string &slot);

} // namespace inlet_pg
