// The postgres connector's configuration: Debezium's key names and meanings, parsed once into
// Options. The key table (with docs and defaults) is in pg_config.cpp.
#pragma once

#include <inlet/connector.hpp>

#include <cstdint>
#include <regex>
#include <span>
#include <string>
#include <vector>

namespace inlet_pg {

namespace key {
inline constexpr const char *hostname = "database.hostname";
inline constexpr const char *port = "database.port";
inline constexpr const char *user = "database.user";
inline constexpr const char *password = "database.password";
inline constexpr const char *dbname = "database.dbname";
inline constexpr const char *sslmode = "database.sslmode";
inline constexpr const char *topic_prefix = "topic.prefix";
inline constexpr const char *slot_name = "slot.name";
inline constexpr const char *publication_name = "publication.name";
inline constexpr const char *publication_mode = "publication.autocreate.mode";
inline constexpr const char *schema_include = "schema.include.list";
inline constexpr const char *schema_exclude = "schema.exclude.list";
inline constexpr const char *table_include = "table.include.list";
inline constexpr const char *table_exclude = "table.exclude.list";
inline constexpr const char *snapshot_mode = "snapshot.mode";
inline constexpr const char *heartbeat_ms = "heartbeat.interval.ms";
inline constexpr const char *decimal_mode = "decimal.handling.mode";
inline constexpr const char *time_mode = "time.precision.mode";
inline constexpr const char *tombstones = "tombstones.on.delete";
inline constexpr const char *tx_metadata = "provide.transaction.metadata";
inline constexpr const char *skipped_ops = "skipped.operations";
inline constexpr const char *snapshot_fetch = "snapshot.fetch.size";
inline constexpr const char *status_ms = "status.update.interval.ms";
inline constexpr const char *task_tables = "task.tables";
inline constexpr const char *task_index = "task.index";
} // namespace key

// The configuration definition (every key, documented) for the plugin descriptor.
std::span<const inlet_config_key> config_keys();

enum class PublicationMode { all_tables, filtered, disabled };
enum class SnapshotMode { initial, never, initial_only, no_data };
enum class DecimalMode { precise, dbl, string };
enum class TimeMode { adaptive, connect };

// Debezium's table filters: comma-separated regular expressions, each matched against the whole
// identifier ("schema" or "schema.table"), case-insensitively (io.debezium.function.Predicates).
class TableFilter {
public:
    TableFilter() = default;
    TableFilter(const inlet::Config &c);
    bool includes(const std::string &schema, const std::string &table) const;

private:
    struct Pattern {
        std::string text;
        std::regex re;
    };
    static std::vector<Pattern> parse(const inlet::Config &c, const char *key);
    static bool any(const std::vector<Pattern> &ps, const std::string &s);
    std::vector<Pattern> schema_in_, schema_out_, table_in_, table_out_;
    friend struct Options;

public:
    // The include-list patterns, for "matches no table" errors.
    std::vector<std::string> table_patterns() const;
};

struct Options {
    std::string hostname, user, password, dbname, sslmode, prefix, slot, publication;
    // Every value comes from Options::parse (defaults: the key table in pg_config.cpp).
    int port = 0;
    PublicationMode publication_mode = PublicationMode::all_tables;
    SnapshotMode snapshot_mode = SnapshotMode::initial;
    DecimalMode decimal_mode = DecimalMode::precise;
    TimeMode time_mode = TimeMode::adaptive;
    int64_t heartbeat_ms = 0;
    int64_t status_ms = 0;
    int64_t fetch_size = 0;
    bool tombstones = false;
    bool tx_metadata = false;
    bool skip_create = false, skip_update = false, skip_delete = false, skip_truncate = false;
    TableFilter filter;
    // Set by task_configs when tasks.max > 1: the tables ("schema.table") this task owns.
    std::vector<std::string> task_tables;
    bool split = false;

    // Parses and checks every key; throws inlet::ConfigError naming the key at fault.
    static Options parse(const inlet::Config &c);
    // libpq connection string; replication=true adds replication=database.
    std::string conninfo(bool replication) const;
    std::string where() const; // "host:port/db" for messages
};

// Debezium keys inlet does not implement: named in a warning, never fatal.
std::vector<std::string> unknown_debezium_keys(const inlet::Config &c);

} // namespace inlet_pg
