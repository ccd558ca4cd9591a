#include "pg_snapshot.hpp"

#include <algorithm>

namespace inlet_pg {

TableSnapshot::TableSnapshot(const PgConn &conn, const std::string &snapshot_name, std::deque<TableRef> tables,
                             int64_t fetch)
    : conn_(conn), tables_(std::move(tables)), fetch_(fetch) {
    conn_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting the snapshot transaction");
    if (!snapshot_name.empty())
        conn_.exec("SET TRANSACTION SNAPSHOT " + conn_.literal(snapshot_name), "importing the slot's snapshot");
}

Result TableSnapshot::fetch(const std::vector<CatalogColumn> &cols) {
    const TableRef &t = tables_.front();
    if (!open_) {
        std::string list;
        for (const auto &c : cols) list += (list.empty() ? "" : ", ") + conn_.ident(c.name);
        // Primary key order makes the output stable run to run (and easy to compare).
        std::string order;
        std::vector<std::pair<int, std::string>> pk;
        for (const auto &c : cols)
            if (c.pk_position >= 0) pk.emplace_back(c.pk_position, conn_.ident(c.name));
        std::sort(pk.begin(), pk.end());
        for (const auto &[pos, name] : pk) order += (order.empty() ? " ORDER BY " : ", ") + name;
        conn_.exec("DECLARE inlet_snapshot NO SCROLL CURSOR FOR SELECT " + (list.empty() ? std::string("*") : list) +
                       " FROM " + conn_.ident(t.schema) + "." + conn_.ident(t.table) + order,
                   "reading a table");
        open_ = true;
    }
    return conn_.exec("FETCH FORWARD " + std::to_string(fetch_) + " FROM inlet_snapshot", "reading a table");
}

void TableSnapshot::done_table() {
    if (open_) conn_.exec("CLOSE inlet_snapshot", "closing the snapshot cursor");
    open_ = false;
    tables_.pop_front();
}

void TableSnapshot::finish() { conn_.exec("COMMIT", "ending the snapshot transaction"); }

} // namespace inlet_pg
