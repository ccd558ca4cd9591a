#include "pg_config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <string_view>

namespace inlet_pg {
namespace {

constexpr const char *publication_modes[] = {"all_tables", "filtered", "disabled", nullptr};
constexpr const char *snapshot_modes[] = {"initial", "never", "initial_only", "no_data", nullptr};
constexpr const char *decimal_modes[] = {"precise", "double", "string", nullptr};
constexpr const char *time_modes[] = {"adaptive", "connect", nullptr};
constexpr const char *ssl_modes[] = {"disable", "allow", "prefer", "require", "verify-ca",
                                     "verify-full", nullptr};

// Every key once, with its default: Options::parse reads the defaults from here. Members not
// named are zero. Importance as Debezium declares it (RelationalDatabaseConnectorConfig,
// CommonConnectorConfig, PostgresConnectorConfig, Heartbeat); the connector's task keys LOW.
constexpr inlet_config_key keys[] = {
    {.name = key::hostname, .type = INLET_CFG_STRING, .required = 1,
     .doc = "The server's host name or IP address.", .importance = INLET_IMPORTANCE_HIGH},
    {.name = key::port, .type = INLET_CFG_INT, .default_value = "5432", .doc = "The server's port.",
     .has_range = 1, .min = 1, .max = 65535, .importance = INLET_IMPORTANCE_HIGH},
    {.name = key::user, .type = INLET_CFG_STRING, .required = 1,
     .doc = "The user to connect as; needs the REPLICATION attribute and SELECT on the captured tables.",
     .importance = INLET_IMPORTANCE_HIGH},
    {.name = key::password, .type = INLET_CFG_PASSWORD, .doc = "The user's password (never printed).",
     .importance = INLET_IMPORTANCE_HIGH},
    {.name = key::dbname, .type = INLET_CFG_STRING, .required = 1, .doc = "The database to capture changes from.",
     .importance = INLET_IMPORTANCE_HIGH},
    {.name = key::sslmode, .type = INLET_CFG_STRING, .default_value = "prefer",
     .doc = "libpq's sslmode for both connections.", .allowed = ssl_modes,
     .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::topic_prefix, .type = INLET_CFG_STRING, .required = 1,
     .doc = "The logical server name: topics are <prefix>.<schema>.<table>, schema names "
            "<prefix>.<schema>.<table>.Key/.Value/.Envelope, and the source partition is {\"server\":prefix}.",
     .importance = INLET_IMPORTANCE_HIGH},
    {.name = key::slot_name, .type = INLET_CFG_STRING, .default_value = "debezium",
     .doc = "The logical replication slot (pgoutput); created when missing. With tasks.max > 1 each task "
            "uses <slot.name>_<i>.", .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::publication_name, .type = INLET_CFG_STRING, .default_value = "dbz_publication",
     .doc = "The publication streamed from. With tasks.max > 1 each task uses <publication.name>_<i>.",
     .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::publication_mode, .type = INLET_CFG_STRING, .default_value = "all_tables",
     .doc = "all_tables: create the publication FOR ALL TABLES when missing (needs superuser); filtered: "
            "create it, or set its tables, to the included tables; disabled: it must exist.",
     .allowed = publication_modes, .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::schema_include, .type = INLET_CFG_STRING,
     .doc = "Comma-separated regular expressions; only schemas whose whole name matches one (ignoring "
            "case) are captured. Exclusive with schema.exclude.list.",
     .importance = INLET_IMPORTANCE_HIGH},
    {.name = key::schema_exclude, .type = INLET_CFG_STRING,
     .doc = "Comma-separated regular expressions of schemas not captured.",
     .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::table_include, .type = INLET_CFG_STRING,
     .doc = "Comma-separated regular expressions matched against whole <schema>.<table> names (ignoring "
            "case); only matching tables are captured. Each must match a table. Exclusive with "
            "table.exclude.list.", .importance = INLET_IMPORTANCE_HIGH},
    {.name = key::table_exclude, .type = INLET_CFG_STRING,
     .doc = "Comma-separated regular expressions of <schema>.<table> names not captured.",
     .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::snapshot_mode, .type = INLET_CFG_STRING, .default_value = "initial",
     .doc = "initial: read every captured table (op r) in the slot's exported snapshot when there is no "
            "offset yet, then stream; initial_only: the snapshot, then finish; no_data (or never): "
            "stream only.",
     .allowed = snapshot_modes, .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::heartbeat_ms, .type = INLET_CFG_LONG, .default_value = "0",
     .doc = "How often, in ms, a quiet stream moves the offset (and so the slot) to the server's WAL "
            "position, so WAL does not pile up. 0: never.",
     .has_range = 1, .min = 0, .max = 86400000, .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::decimal_mode, .type = INLET_CFG_STRING, .default_value = "precise",
     .doc = "numeric: precise (Kafka Connect Decimal; io.debezium.data.VariableScaleDecimal without a "
            "declared scale), double (FLOAT64) or string.",
     .allowed = decimal_modes, .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::time_mode, .type = INLET_CFG_STRING, .default_value = "adaptive",
     .doc = "adaptive: io.debezium.time.* types at the column's precision (ms or µs); connect: Kafka "
            "Connect Date/Time/Timestamp (ms).",
     .allowed = time_modes, .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::tombstones, .type = INLET_CFG_BOOLEAN, .default_value = "true",
     .doc = "A delete is followed by a record with the same key and a null value.",
     .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::tx_metadata, .type = INLET_CFG_BOOLEAN, .default_value = "false",
     .doc = "Emit BEGIN and END records on <prefix>.transaction around each transaction's changes.",
     .importance = INLET_IMPORTANCE_LOW},
    {.name = key::skipped_ops, .type = INLET_CFG_LIST, .default_value = "t",
     .doc = "Operations not emitted: any of c, u, d, t, or none. Debezium's default skips truncates.",
     .importance = INLET_IMPORTANCE_LOW},
    {.name = key::snapshot_fetch, .type = INLET_CFG_INT, .default_value = "10240",
     .doc = "Rows fetched per round trip while snapshotting.", .has_range = 1, .min = 1, .max = 1000000,
     .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::status_ms, .type = INLET_CFG_INT, .default_value = "10000",
     .doc = "How often, in ms, a status update is sent to the server even with nothing new to confirm.",
     .has_range = 1, .min = 100, .max = 3600000, .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::task_tables, .type = INLET_CFG_STRING,
     .doc = "Set by the connector on each task when tasks.max > 1 (the task's tables); not set by hand.",
     .importance = INLET_IMPORTANCE_LOW},
    {.name = key::task_index, .type = INLET_CFG_INT,
     .doc = "Set by the connector on each task when tasks.max > 1; not set by hand.",
     .importance = INLET_IMPORTANCE_LOW},
};

// A key's default, from the table: the one place each default is written.
std::string_view default_of(const char *name) {
    for (const auto &k : keys)
        if (std::string_view(k.name) == name && k.default_value) return k.default_value;
    throw std::logic_error(std::string("postgres: no default for ") + name);
}
std::string text(const inlet::Config &c, const char *name) { return c.string(name, default_of(name)); }
int64_t number(const inlet::Config &c, const char *name) {
    const std::string_view d = default_of(name);
    int64_t v = 0;
    std::from_chars(d.data(), d.data() + d.size(), v);
    return c.integer(name, v);
}
bool flag(const inlet::Config &c, const char *name) { return c.boolean(name, default_of(name) == "true"); }

std::string lower(std::string s) {
    for (auto &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Debezium's Strings.setOfRegex: a comma separates patterns; "\," is a literal comma.
std::vector<std::string> split_patterns(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == ',') {
            cur.push_back(',');
            ++i;
        } else if (s[i] == ',') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(s[i]);
        }
    }
    out.push_back(cur);
    std::vector<std::string> trimmed;
    for (auto &p : out) {
        size_t b = p.find_first_not_of(" \t"), e = p.find_last_not_of(" \t");
        if (b != std::string::npos) trimmed.push_back(p.substr(b, e - b + 1));
    }
    return trimmed;
}

} // namespace

std::span<const inlet_config_key> config_keys() { return keys; }

std::vector<TableFilter::Pattern> TableFilter::parse(const inlet::Config &c, const char *k) {
    std::vector<Pattern> out;
    auto v = c.get(k);
    if (!v) return out;
    for (auto &p : split_patterns(*v)) {
        try {
            out.push_back({p, std::regex(p, std::regex::ECMAScript | std::regex::icase)});
        } catch (const std::regex_error &e) {
            throw inlet::ConfigError(k, "'" + p + "' is not a valid regular expression: " + e.what());
        }
    }
    return out;
}

TableFilter::TableFilter(const inlet::Config &c)
    : schema_in_(parse(c, key::schema_include)), schema_out_(parse(c, key::schema_exclude)),
      table_in_(parse(c, key::table_include)), table_out_(parse(c, key::table_exclude)) {
    if (!schema_in_.empty() && !schema_out_.empty())
        throw inlet::ConfigError(key::schema_exclude, "set either schema.include.list or schema.exclude.list, not both");
    if (!table_in_.empty() && !table_out_.empty())
        throw inlet::ConfigError(key::table_exclude, "set either table.include.list or table.exclude.list, not both");
}

bool TableFilter::any(const std::vector<Pattern> &ps, const std::string &s) {
    return std::any_of(ps.begin(), ps.end(), [&](const Pattern &p) { return std::regex_match(s, p.re); });
}

bool TableFilter::includes(const std::string &schema, const std::string &table) const {
    // System schemas are never captured (Debezium's built-in exclusion).
    if (schema == "pg_catalog" || schema == "information_schema" || schema.rfind("pg_", 0) == 0) return false;
    if (!schema_in_.empty() && !any(schema_in_, schema)) return false;
    if (any(schema_out_, schema)) return false;
    const std::string id = schema + "." + table;
    if (!table_in_.empty() && !any(table_in_, id)) return false;
    if (any(table_out_, id)) return false;
    return true;
}

std::vector<std::string> TableFilter::table_patterns() const {
    std::vector<std::string> out;
    for (const auto &p : table_in_) out.push_back(p.text);
    return out;
}

Options Options::parse(const inlet::Config &c) {
    Options o;
    o.hostname = c.string(key::hostname);
    if (o.hostname.empty()) throw inlet::ConfigError(key::hostname, "required: the server's host name");
    o.port = static_cast<int>(number(c, key::port));
    o.user = c.string(key::user);
    if (o.user.empty()) throw inlet::ConfigError(key::user, "required: the user to connect as");
    o.password = c.string(key::password);
    o.dbname = c.string(key::dbname);
    if (o.dbname.empty()) throw inlet::ConfigError(key::dbname, "required: the database to capture");
    o.sslmode = text(c, key::sslmode);
    o.prefix = c.string(key::topic_prefix);
    if (o.prefix.empty()) throw inlet::ConfigError(key::topic_prefix, "required: the logical server name (topic prefix)");
    o.slot = text(c, key::slot_name);
    o.publication = text(c, key::publication_name);
    // Slot names are [a-z0-9_]{1,63} on the server; say so here rather than at the first connect.
    if (o.slot.empty() || o.slot.size() > 63 ||
        !std::all_of(o.slot.begin(), o.slot.end(), [](char ch) {
            return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
        }))
        throw inlet::ConfigError(key::slot_name, "'" + o.slot + "' is not a valid slot name (lower-case letters, digits, _; at most 63)");
    const std::string pm = text(c, key::publication_mode);
    o.publication_mode = pm == "filtered" ? PublicationMode::filtered
                         : pm == "disabled" ? PublicationMode::disabled : PublicationMode::all_tables;
    const std::string sm = text(c, key::snapshot_mode);
    o.snapshot_mode = sm == "never" ? SnapshotMode::never
                      : sm == "no_data" ? SnapshotMode::no_data
                      : sm == "initial_only" ? SnapshotMode::initial_only : SnapshotMode::initial;
    const std::string dm = text(c, key::decimal_mode);
    o.decimal_mode = dm == "double" ? DecimalMode::dbl : dm == "string" ? DecimalMode::string : DecimalMode::precise;
    o.time_mode = text(c, key::time_mode) == "connect" ? TimeMode::connect : TimeMode::adaptive;
    o.heartbeat_ms = number(c, key::heartbeat_ms);
    o.status_ms = number(c, key::status_ms);
    o.fetch_size = number(c, key::snapshot_fetch);
    o.tombstones = flag(c, key::tombstones);
    o.tx_metadata = flag(c, key::tx_metadata);
    // The list as given, else the table's default ("t": Debezium skips truncates).
    std::vector<std::string> ops = c.list(key::skipped_ops);
    if (!c.get(key::skipped_ops)) ops.emplace_back(default_of(key::skipped_ops));
    o.skip_truncate = false;
    for (auto &op : ops) {
        const std::string l = lower(op);
        if (l == "c") o.skip_create = true;
        else if (l == "u") o.skip_update = true;
        else if (l == "d") o.skip_delete = true;
        else if (l == "t") o.skip_truncate = true;
        else if (l != "none")
            throw inlet::ConfigError(key::skipped_ops, "'" + op + "' is not one of c, u, d, t, none");
    }
    o.filter = TableFilter(c);
    if (auto t = c.get(key::task_tables)) {
        o.split = true;
        std::string_view rest = *t;
        while (!rest.empty()) {
            size_t nl = rest.find('\n');
            if (nl != 0) o.task_tables.emplace_back(rest.substr(0, nl));
            if (nl == std::string_view::npos) break;
            rest.remove_prefix(nl + 1);
        }
        const int64_t i = c.integer(key::task_index, 0);
        const std::string suffix = '_' + std::to_string(i);
        o.slot += suffix;
        o.publication += suffix;
    }
    return o;
}

namespace {
// libpq's conninfo quoting: single quotes around the value, \ and ' escaped.
void add(std::string &out, const char *k, const std::string &v) {
    out += k;
    out += "='";
    for (char ch : v) {
        if (ch == '\\' || ch == '\'') out.push_back('\\');
        out.push_back(ch);
    }
    out += "' ";
}
} // namespace

std::string Options::conninfo(bool replication) const {
    std::string s;
    add(s, "host", hostname);
    add(s, "port", std::to_string(port));
    add(s, "user", user);
    if (!password.empty()) add(s, "password", password);
    add(s, "dbname", dbname);
    add(s, "sslmode", sslmode);
    add(s, "application_name", "inlet-" + slot);
    add(s, "connect_timeout", "10");
    // Text output in fixed formats whatever the server's defaults: pgoutput renders values with
    // the walsender's settings, the snapshot with the query connection's.
    add(s, "options", "-c DateStyle=ISO,YMD -c TimeZone=UTC -c extra_float_digits=3 -c bytea_output=hex "
                      "-c IntervalStyle=iso_8601");
    if (replication) add(s, "replication", "database");
    return s;
}

std::string Options::where() const { return hostname + ":" + std::to_string(port) + "/" + dbname; }

std::vector<std::string> unknown_debezium_keys(const inlet::Config &c) {
    // Keys inlet handles itself (Kafka Connect's) or declares: everything else under Debezium's
    // usual prefixes is named in a warning.
    static constexpr const char *prefixes[] = {"database.", "snapshot.", "slot.", "publication.",
                                               "plugin.", "column.", "message.", "heartbeat.",
                                               "table.", "schema.", "decimal.", "time.", "binary.",
                                               "interval.", "hstore.", "include.", "event.",
                                               "signal.", "incremental.", "poll.",
                                               "max.", "retriable.", "tombstones.", "provide.",
                                               "skipped.", "status.", "xmin.", "money.",
                                               "unavailable.", "converters", "errors.max.retries",
                                               "query.", "notification."};
    std::vector<std::string> out;
    for (const auto &kv : c.items()) {
        const std::string_view k = kv.key;
        bool known = false;
        for (const auto &d : keys)
            if (k == d.name) known = true;
        if (known) continue;
        for (const char *p : prefixes)
            if (k.rfind(p, 0) == 0) {
                out.emplace_back(k);
                break;
            }
    }
    return out;
}

} // namespace inlet_pg
