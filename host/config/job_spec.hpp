// What a job is, independent of how it was written down (job.json, or Kafka Connect
// .properties files, plus command-line overrides). config/ parses and validates; engine/ runs.
#pragma once

#include "config/key_values.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace inlet::host {

enum class Guarantee { none, at_least_once, exactly_once };
// How a record becomes a line (sink/format.hpp). json, string and bytes are what Kafka's
// JsonConverter (schemas.enable=false), StringConverter and ByteArrayConverter put in a topic.
enum class OutputFormat { envelope, value, connect_json, json, string, bytes };

// One connector: a Kafka-Connect-style property map (all values strings). `origin` says where
// it was defined ("job.json: sources[0]", "conn.properties") for error messages.
struct SourceSpec {
    std::string name;            // the `name` property
    std::string connector_class; // `connector.class` as written (a plugin name or a Java alias)
    uint32_t tasks_max = 1;
    KeyValues properties; // every property, config providers already resolved
    std::string origin;
    // Keys whose value came from a config provider: printed as [hidden], like passwords.
    std::vector<std::string> hidden_keys;
};

// When the file sink starts a new part file, and which finished parts it deletes
// (sink/README.md, "Rolling parts"). All zero: one output file that grows for ever.
struct RollPolicy {
    uint64_t max_bytes = 0;               // a part that holds this much is finished (0: no limit)
    std::chrono::seconds max_age{0};      // a part open this long is finished (0: no limit)
    uint32_t retain_parts = 0;            // keep only the newest N finished parts (0: all)
    std::chrono::seconds retain_age{0};   // delete finished parts older than this (0: never)
    bool rolls() const { return max_bytes > 0 || max_age.count() > 0; }
    bool retains() const { return retain_parts > 0 || retain_age.count() > 0; }
};

struct SinkSpec {
    enum class Kind { stdout_sink, null_sink, file_sink } kind = Kind::stdout_sink;
    std::filesystem::path path; // file sink only: the file, or DIR/PREFIX of its parts
    OutputFormat format = OutputFormat::envelope;
    RollPolicy roll; // file sink only
};

// Kafka Connect's error-handling names and meanings.
struct RetryPolicy {
    std::chrono::milliseconds retry_timeout{0};           // errors.retry.timeout (0: no retries)
    std::chrono::milliseconds retry_delay_max{60'000};    // errors.retry.delay.max.ms
    uint32_t restart_attempts = 3;                        // task restarts from the last snapshot
    std::chrono::milliseconds restart_backoff{1'000};
    bool fail_fast = false; // one failed task stops the whole job
};

struct JobSpec {
    std::string name = "inlet-job";
    std::vector<SourceSpec> sources;
    SinkSpec sink;
    Guarantee guarantee = Guarantee::at_least_once;
    std::chrono::milliseconds snapshot_interval{1'000};
    std::optional<std::filesystem::path> state_dir; // none: no snapshots, no resume
    std::vector<std::filesystem::path> plugin_paths;
    // Worker keys for runtime plugins (kafka.connect.libs, inlet.jvm.options, ...), as written.
    KeyValues runtime_keys;
    size_t memory_budget_bytes = 16u << 20; // queued, not yet written records, all tasks together
    std::chrono::milliseconds poll_timeout{100};
    RetryPolicy errors;
    // Config providers may read only these (empty: env names / directories are all refused
    // except where the job file itself grants them).
    std::vector<std::string> allowed_env;
    std::vector<std::filesystem::path> allowed_dirs;
    // The REST API (host/rest): "HOST:PORT" to serve it on, from --rest or the worker keys
    // listeners / rest.host.name + rest.port; none: no API.
    std::optional<std::string> rest_listener;
    std::optional<std::filesystem::path> rest_token_file; // rest.auth.token.file
};

} // namespace inlet::host
