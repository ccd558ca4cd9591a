// The `postgres` connector: change data capture from PostgreSQL's logical replication (pgoutput)
// through libpq, standing in for Debezium's PostgresConnector (its keys, record shape and type
// mapping), exactly-once into inlet's file sink. See README.md.
#include "pg_catalog.hpp"
#include "pg_config.hpp"
#include "pg_task.hpp"

#include <inlet/connector.hpp>

namespace inlet_pg {
namespace {

constexpr const char *aliases[] = {"io.debezium.connector.postgresql.PostgresConnector", "PostgresConnector", nullptr};

struct PgConnector {
    static void validate(const inlet::Config &c) { (void)Options::parse(c); }

    // tasks.max > 1: the captured tables, round-robin over that many tasks, each with its own
    // slot and publication (<name>_<i>). Order is kept per table, not across tables.
    static std::vector<inlet::TaskConfig> task_configs(const inlet::Config &c, uint32_t max_tasks) {
        inlet::TaskConfig base;
        for (const auto &kv : c.items()) {
            const std::string_view k = kv.key;
            if (k != key::task_tables && k != key::task_index) base.emplace_back(kv.key, kv.value);
        }
        if (max_tasks <= 1) return {base};
        const Options o = Options::parse(c);
        const PgConn conn(o, false);
        const auto tables = captured_tables(conn, o);
        const size_t n = std::min<size_t>(max_tasks, tables.size());
        if (n <= 1) return {base}; // one task: slot.name and publication.name as configured
        std::vector<std::string> groups(n);
        for (size_t i = 0; i < tables.size(); ++i) groups[i % n] += tables[i].id() + "\n";
        std::vector<inlet::TaskConfig> out;
        for (size_t i = 0; i < n; ++i) {
            inlet::TaskConfig t = base;
            t.emplace_back(key::task_tables, groups[i]);
            t.emplace_back(key::task_index, std::to_string(i));
            out.push_back(std::move(t));
        }
        return out;
    }
};

const inlet::Info info{
    .name = "postgres",
    .version = "1.0.0",
    .description = "PostgreSQL change data capture over logical replication (Debezium's PostgresConnector)",
    .aliases = aliases,
    .keys = config_keys(),
    // Replayable: a restart resumes the slot at the restored LSN and skips what was emitted of
    // the transaction under way (pg_task.hpp).
    .flags = INLET_PLUGIN_REPLAYABLE | INLET_PLUGIN_BOUNDED,
};

} // namespace
} // namespace inlet_pg

INLET_CONNECTOR(inlet_pg::PgTask, inlet_pg::PgConnector, inlet_pg::info)
