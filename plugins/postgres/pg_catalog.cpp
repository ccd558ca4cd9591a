#include "pg_catalog.hpp"

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <set>

namespace inlet_pg {

void check_wal_level(const PgConn &c, const Options &o) {
    auto r = c.exec("SHOW wal_level", "reading wal_level");
    const std::string level = PQgetvalue(r.get(), 0, 0);
    if (level != "logical")
        throw inlet::ConfigError("", "wal_level is '" + level + "' on " + o.where() +
                                         ": logical decoding needs wal_level = logical (set it in postgresql.conf "
                                         "and restart the server)");
}

void check_replication_privilege(const PgConn &c, const Options &o) {
    auto r = c.exec("SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user", "reading the user's role");
    if (PQntuples(r.get()) == 1 && PQgetvalue(r.get(), 0, 0)[0] != 't')
        throw inlet::ConfigError(key::user, "'" + o.user + "' lacks the REPLICATION privilege (" + o.where() +
                                                "): ALTER ROLE " + o.user + " REPLICATION, or connect as a user that has it");
}

std::vector<TableRef> captured_tables(const PgConn &c, const Options &o) {
    auto r = c.exec("SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
                    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' "
                    "ORDER BY n.nspname, c.relname",
                    "listing tables");
    std::vector<TableRef> all, out;
    for (int i = 0; i < PQntuples(r.get()); ++i)
        all.push_back({static_cast<uint32_t>(std::strtoul(PQgetvalue(r.get(), i, 0), nullptr, 10)),
                       PQgetvalue(r.get(), i, 1), PQgetvalue(r.get(), i, 2)});
    // Each include pattern must name something: a typo would otherwise capture nothing, silently.
    for (const auto &p : o.filter.table_patterns()) {
        const std::regex re(p, std::regex::ECMAScript | std::regex::icase);
        if (std::none_of(all.begin(), all.end(), [&](const TableRef &t) { return std::regex_match(t.id(), re); }))
            throw inlet::ConfigError(key::table_include, "'" + p + "' matches no table in " + o.where() +
                                                             " (the table is missing, or the name is not schema.table)");
    }
    const std::set<std::string> mine(o.task_tables.begin(), o.task_tables.end());
    for (auto &t : all) {
        if (!o.filter.includes(t.schema, t.table)) continue;
        if (o.split && !mine.count(t.id())) continue;
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<CatalogColumn> table_columns(const PgConn &c, uint32_t oid, char *replident) {
    auto r = c.exec("SELECT a.attname, a.atttypid, a.atttypmod, a.attnotnull, "
                    "coalesce(array_position(i.indkey::int2[], a.attnum), 0), cl.relreplident "
                    "FROM pg_attribute a JOIN pg_class cl ON cl.oid = a.attrelid "
                    "LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary "
                    "WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' "
                    "ORDER BY a.attnum",
                    {std::to_string(oid)}, "reading a table's columns");
    std::vector<CatalogColumn> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
        CatalogColumn col;
        col.name = PQgetvalue(r.get(), i, 0);
        col.type_oid = static_cast<uint32_t>(std::strtoul(PQgetvalue(r.get(), i, 1), nullptr, 10));
        col.typmod = std::atoi(PQgetvalue(r.get(), i, 2));
        col.not_null = PQgetvalue(r.get(), i, 3)[0] == 't';
        col.pk_position = std::atoi(PQgetvalue(r.get(), i, 4)) - 1; // array_position is 1-based
        if (replident) *replident = PQgetvalue(r.get(), i, 5)[0];
        out.push_back(std::move(col));
    }
    return out;
}

void ensure_publication(const PgConn &c, const Options &o, const std::vector<TableRef> &tables) {
    auto r = c.exec("SELECT puballtables FROM pg_publication WHERE pubname = $1", {o.publication}, "reading the publication");
    const bool exists = PQntuples(r.get()) > 0;
    std::string list;
    for (const auto &t : tables) list += (list.empty() ? "" : ", ") + c.ident(t.schema) + "." + c.ident(t.table);
    switch (o.publication_mode) {
    case PublicationMode::disabled:
        if (!exists)
            throw inlet::ConfigError(key::publication_name, "publication '" + o.publication + "' does not exist in " +
                                                                o.where() + " and publication.autocreate.mode=disabled");
        return;
    case PublicationMode::all_tables:
        if (!exists) c.exec("CREATE PUBLICATION " + c.ident(o.publication) + " FOR ALL TABLES", "creating the publication");
        return;
    case PublicationMode::filtered:
        if (tables.empty())
            throw inlet::ConfigError(key::table_include, "no table to capture in " + o.where() + " (publication.autocreate.mode=filtered)");
        if (!exists) c.exec("CREATE PUBLICATION " + c.ident(o.publication) + " FOR TABLE " + list, "creating the publication");
        else c.exec("ALTER PUBLICATION " + c.ident(o.publication) + " SET TABLE " + list, "updating the publication");
        return;
    }
}

std::optional<SlotState> slot_state(const PgConn &c, const std::string &slot) {
    auto r = c.exec("SELECT plugin, database, coalesce(confirmed_flush_lsn::text, '0/0'), coalesce(active_pid, 0) "
                    "FROM pg_replication_slots WHERE slot_name = $1",
                    {slot}, "reading the slot");
    if (PQntuples(r.get()) == 0) return std::nullopt;
    SlotState s;
    s.plugin = PQgetvalue(r.get(), 0, 0);
    s.database = PQgetvalue(r.get(), 0, 1);
    s.confirmed_flush = parse_lsn(PQgetvalue(r.get(), 0, 2));
    s.active_pid = std::atoi(PQgetvalue(r.get(), 0, 3));
    return s;
}

void drop_slot(const PgConn &c, const std::string &slot) {
    c.exec("SELECT pg_drop_replication_slot($1)", {slot}, "dropping the slot");
}

} // namespace inlet_pg
