// Kafka Connect standalone files: `inlet run [worker.properties] connector.properties...`.
// See config/README.md for how worker keys map onto a job.
#include "config/config_check.hpp"
#include "config/load_context.hpp"
#include "config/properties.hpp"

#include <algorithm>
#include <map>

namespace inlet::host {
namespace fs = std::filesystem;

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Worker keys inlet maps onto the job.
constexpr std::string_view mapped_worker_keys[] = {
    "offset.storage.file.filename", "offset.flush.interval.ms", "plugin.path",
    "config.providers.allow.env", "config.providers.allow.dirs",
    "config.providers.file.param.allowed.paths", "errors.retry.timeout",
    "errors.retry.delay.max.ms", "errors.restart.attempts", "errors.restart.backoff.ms",
    "errors.fail.fast", "listeners", "rest.port", "rest.host.name", "rest.auth.token.file",
    "kafka.connect.libs", "inlet.jvm.options"};

// Accepted silently: inlet's env and file providers are built in.
constexpr std::string_view provider_declarations[] = {
    "config.providers", "config.providers.env.class", "config.providers.file.class"};

// Kafka worker settings that have no meaning without a Kafka cluster.
constexpr std::string_view kafka_only_keys[] = {
    "bootstrap.servers", "key.converter", "value.converter", "header.converter",
    "offset.flush.timeout.ms", "admin.listeners", "group.id",
    "offset.storage.topic", "offset.storage.partitions", "offset.storage.replication.factor",
    "config.storage.topic", "config.storage.replication.factor", "status.storage.topic",
    "status.storage.partitions", "status.storage.replication.factor", "security.protocol",
    "client.id", "metric.reporters", "task.shutdown.graceful.timeout.ms",
    "connector.client.config.override.policy", "plugin.discovery", "topic.creation.enable",
    "exactly.once.source.support", "response.http.headers.config",
    "scheduled.rebalance.max.delay.ms", "heartbeat.interval.ms", "session.timeout.ms",
    "worker.sync.timeout.ms", "worker.unsync.backoff.ms", "rebalance.timeout.ms",
    "access.control.allow.origin", "access.control.allow.methods",
    "rest.advertised.host.name", "rest.advertised.port",
    "rest.advertised.listener", "rest.extension.classes", "inter.worker.key.generation.algorithm",
    "inter.worker.key.size", "inter.worker.key.ttl.ms", "inter.worker.signature.algorithm",
    "inter.worker.verification.algorithms", "internal.key.converter", "internal.value.converter"};
constexpr std::string_view kafka_only_prefixes[] = {
    "key.converter.", "value.converter.", "header.converter.", "internal.key.converter.",
    "internal.value.converter.", "producer.", "consumer.", "admin.", "sasl.", "ssl.",
    "metrics.", "listeners.", "rest.", "config.providers."};

bool in(std::string_view key, const auto &list) {
    return std::find(std::begin(list), std::end(list), key) != std::end(list);
}
bool prefixed(std::string_view key, const auto &prefixes) {
    return std::any_of(std::begin(prefixes), std::end(prefixes),
                       [&](std::string_view p) { return starts_with(key, p); });
}

bool is_mapped_worker_key(std::string_view k) { return in(k, mapped_worker_keys); }
bool is_kafka_only_key(std::string_view k) {
    return in(k, kafka_only_keys) || prefixed(k, kafka_only_prefixes);
}

std::vector<std::string> split_commas(std::string_view s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        size_t comma = s.find(',', start);
        std::string_view item = s.substr(start, comma == std::string_view::npos ? s.npos : comma - start);
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front()))) item.remove_prefix(1);
        while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back()))) item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

// The entries of one file with duplicates folded (the last one wins, as java.util.Properties
// does), warning about each duplicate.
KeyValues fold(const std::vector<Property> &props, const std::string &where, Diagnostics &diag) {
    KeyValues out;
    std::map<std::string, std::pair<size_t, int>> seen; // key -> index in out, line
    for (const auto &p : props) {
        if (p.key.empty()) {
            diag.error(where + ":" + std::to_string(p.line), "", "a line with no key");
            continue;
        }
        auto it = seen.find(p.key);
        if (it == seen.end()) {
            seen.emplace(p.key, std::make_pair(out.size(), p.line));
            out.emplace_back(p.key, p.value);
            continue;
        }
        diag.warn(where, p.key,
                  "set twice (lines " + std::to_string(it->second.second) + " and " +
                      std::to_string(p.line) + "); the last one wins");
        out[it->second.first].second = p.value;
        it->second.second = p.line;
    }
    return out;
}

bool has_key(const KeyValues &kvs, std::string_view key) {
    return std::any_of(kvs.begin(), kvs.end(), [&](const auto &kv) { return kv.first == key; });
}

void read_worker(const KeyValues &worker, const std::string &where, ParsedJob &job,
                 Diagnostics &diag) {
    JobSpec &spec = job.spec;
    for (const auto &[k, v] : worker) {
        if (k == "offset.storage.file.filename") {
            // Kafka keeps one offsets file; inlet needs a directory of snapshots: it lives
            // beside that file, named after it.
            if (v.empty()) {
                diag.error(where, k, "must be a file name");
                continue;
            }
            fs::path file(v);
            spec.state_dir = file.parent_path() / (file.filename().string() + ".inlet");
        } else if (k == "offset.flush.interval.ms") {
            auto ms = parse_non_negative(v);
            if (!ms || *ms < 1) diag.error(where, k, "'" + v + "' is not a positive number of milliseconds");
            else spec.snapshot_interval = std::chrono::milliseconds(*ms);
        } else if (k == "plugin.path") {
            for (auto &p : split_commas(v)) spec.plugin_paths.emplace_back(p);
        } else if (k == "config.providers.allow.env") {
            for (auto &n : split_commas(v)) spec.allowed_env.push_back(n);
        } else if (k == "config.providers.allow.dirs" ||
                   k == "config.providers.file.param.allowed.paths") {
            for (auto &p : split_commas(v)) spec.allowed_dirs.emplace_back(p);
        } else if (k == "errors.retry.timeout") {
            if (auto t = parse_retry_timeout(v)) {
                spec.errors.retry_timeout = *t;
                job.retry_timeout_set = true;
            } else {
                diag.error(where, k, "'" + v + "' is not milliseconds >= 0 or -1 (retry forever)");
            }
        } else if (k == "errors.retry.delay.max.ms" || k == "errors.restart.backoff.ms") {
            auto ms = parse_non_negative(v);
            if (!ms) {
                diag.error(where, k, "'" + v + "' is not a number of milliseconds");
            } else if (k == "errors.retry.delay.max.ms") {
                spec.errors.retry_delay_max = std::chrono::milliseconds(*ms);
                job.retry_delay_set = true;
            } else {
                spec.errors.restart_backoff = std::chrono::milliseconds(*ms);
            }
        } else if (k == "errors.restart.attempts") {
            auto n = parse_non_negative(v);
            if (!n || *n > std::numeric_limits<uint32_t>::max()) diag.error(where, k, "'" + v + "' is not a count");
            else spec.errors.restart_attempts = static_cast<uint32_t>(*n);
        } else if (k == "errors.fail.fast") {
            if (v == "true" || v == "false") spec.errors.fail_fast = v == "true";
            else diag.error(where, k, "'" + v + "' is not true or false");
        } else if (k == "listeners") {
            // Kafka's listeners: a comma-separated list of PROTOCOL://HOST:PORT; inlet serves
            // one plain-HTTP listener (the first).
            auto first = split_commas(v);
            const std::string scheme = "http://";
            if (first.empty() || first[0].compare(0, scheme.size(), scheme) != 0 ||
                first[0].rfind(':') <= scheme.size())
                diag.error(where, k, "'" + v + "' is not http://HOST:PORT (https is not supported)");
            else
                spec.rest_listener = first[0].substr(scheme.size());
            if (first.size() > 1) diag.warn(where, k, "only the first listener is served");
        } else if (k == "rest.port" || k == "rest.host.name") {
            continue; // below: listeners wins over them, as in Kafka
        } else if (k == "rest.auth.token.file") {
            if (v.empty()) diag.error(where, k, "must name a file holding the bearer token");
            else spec.rest_token_file = fs::path(v);
        } else if (k == "kafka.connect.libs" || k == "inlet.jvm.options") {
            spec.runtime_keys.emplace_back(k, v); // read by plugins/kafka-connect
        } else if (in(k, provider_declarations)) {
            continue;
        } else if (starts_with(k, "key.converter") || starts_with(k, "value.converter")) {
            job.worker_converters.emplace_back(k, v); // applied with the connectors' (converters.hpp)
        } else if (is_kafka_only_key(k)) {
            diag.warn(where, k, "ignored (no Kafka)");
        } else {
            diag.warn(where, k, "unknown worker key, ignored");
        }
    }
}

// The deprecated rest.host.name / rest.port pair, used when listeners is not set (Kafka's
// RestServerConfig does the same).
void read_rest_port(const KeyValues &worker, const std::string &where, JobSpec &spec, Diagnostics &diag) {
    if (spec.rest_listener) return;
    std::string host = "127.0.0.1", port;
    for (const auto &[k, v] : worker) {
        if (k == "rest.host.name" && !v.empty()) host = v;
        if (k == "rest.port") port = v;
    }
    if (port.empty()) return;
    auto n = parse_non_negative(port);
    if (!n || *n > 65535) diag.error(where, "rest.port", "'" + port + "' is not a port number");
    else spec.rest_listener = host + ":" + port;
}

} // namespace

ParsedJob parse_properties_job(const std::vector<fs::path> &files, Diagnostics &diag, bool worker) {
    ParsedJob job;
    std::vector<std::pair<std::string, KeyValues>> parsed;
    for (const auto &f : files) {
        std::string where = f.string();
        parsed.emplace_back(where, fold(read_properties_file(f), where, diag));
    }
    size_t first_connector = 0;
    if (!parsed.empty()) {
        const KeyValues &first = parsed.front().second;
        bool worker_keys = std::any_of(first.begin(), first.end(), [](const auto &kv) {
            return is_mapped_worker_key(kv.first) || is_kafka_only_key(kv.first) ||
                   in(kv.first, provider_declarations);
        });
        // As Kafka's ConnectStandalone: the first file is the worker's, when it is not itself
        // a connector (one file with no connector.class and no worker key is taken for a
        // connector file missing its class, which says more).
        if (!has_key(first, "connector.class") && (worker_keys || parsed.size() > 1)) {
            read_worker(first, parsed.front().first, job, diag);
            job.worker_origin = parsed.front().first;
            read_rest_port(first, parsed.front().first, job.spec, diag);
            first_connector = 1;
            job.spec.name = fs::path(parsed.front().first).stem().string();
        }
    }
    if (first_connector >= parsed.size()) {
        if ((worker || job.spec.rest_listener) && first_connector == 1)
            return job; // a worker: its connectors come through the REST API
        diag.error(files.empty() ? "inlet" : files.front().string(), "",
                   "no connector file given (a worker file is followed by one .properties file per connector)");
        return job;
    }
    for (size_t i = first_connector; i < parsed.size(); ++i) {
        RawSource src;
        src.origin = parsed[i].first;
        src.properties = std::move(parsed[i].second);
        src.base_dir = fs::path(); // Kafka resolves relative paths from the working directory
        job.sources.push_back(std::move(src));
    }
    if (first_connector == 0) {
        for (const auto &[k, v] : job.sources.front().properties)
            if (k == "name" && !v.empty()) job.spec.name = v;
    }
    return job;
}

} // namespace inlet::host
