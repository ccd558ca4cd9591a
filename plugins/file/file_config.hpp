// The `file` connector's configuration, declared once: the key names, the table the host
// validates against (with each default), and the options a task reads from it.
#pragma once

#include <inlet/connector.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace inlet_file {

namespace key {
inline constexpr const char *file = "file";
inline constexpr const char *files = "files";
inline constexpr const char *topic = "topic";
inline constexpr const char *batch_size = "batch.size";
inline constexpr const char *mode = "mode";
inline constexpr const char *line_max_bytes = "line.max.bytes";
inline constexpr const char *line_too_long = "line.too.long";
inline constexpr const char *tail_interval = "tail.interval.ms";
inline constexpr const char *rotate_wait = "rotate.wait.ms";
inline constexpr const char *refresh = "files.refresh.ms";
inline constexpr const char *close_inactive = "close.inactive.ms";
inline constexpr const char *max_open = "max.open.files";
inline constexpr const char *task_files = "task.files";
inline constexpr const char *task_index = "task.index";
inline constexpr const char *task_count = "task.count";
} // namespace key

// The table handed to the host (types, defaults, ranges, allowed values, docs).
std::span<const inlet_config_key> config_keys();

// What one file reader needs.
struct SourceOptions {
    std::string topic;
    size_t line_max_bytes = 0;
    bool fail_on_long_line = false; // line.too.long=fail
    bool bounded = false;           // mode=bounded
};

struct TaskOptions {
    SourceOptions source;
    size_t batch_size = 0;
    std::chrono::milliseconds tail_interval{0};
    std::chrono::milliseconds rotate_wait{0};
    std::chrono::milliseconds refresh{0};
    std::chrono::milliseconds close_inactive{0};
    size_t max_open = 0;
    uint32_t task_index = 0; // this task among task_count (set by the connector)
    uint32_t task_count = 1;
};

// Reads every option, defaults from the table. Throws inlet::ConfigError naming the key.
TaskOptions task_options(const inlet::Config &c);

// The value of `file` when it names standard input: absent, or empty once trimmed (Kafka's
// ConfigDef trims string values, and its task reads stdin for null or "").
bool reads_stdin(const inlet::Config &c);

} // namespace inlet_file
