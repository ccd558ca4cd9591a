#include "file_config.hpp"

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string_view>

namespace inlet_file {
namespace {

constexpr const char *modes[] = {"tail", "bounded", nullptr};
constexpr const char *too_long_actions[] = {"skip", "fail", nullptr};

constexpr inlet_config_key make_key(const char *name, inlet_config_type type,
                                    inlet_importance importance, const char *def, const char *doc,
                                    const char *const *allowed = nullptr, double min = 0,
                                    double max = 0) {
    return inlet_config_key{.name = name,
                            .type = type,
                            .default_value = def,
                            .required = 0,
                            .doc = doc,
                            .allowed = allowed,
                            .has_range = min != 0 || max != 0 ? 1 : 0,
                            .min = min,
                            .max = max,
                            .importance = importance};
}

// Importance: Kafka's FileStreamSourceConnector declares file and topic HIGH and batch.size LOW;
// inlet's own keys follow suit (what to read HIGH, how MEDIUM, tuning LOW).
constexpr inlet_config_key keys[] = {
    make_key(key::file, INLET_CFG_STRING, INLET_IMPORTANCE_HIGH, nullptr,
             "The file to read (Kafka's key). Absent or empty: standard input, which cannot be "
             "replayed after a restart."),
    make_key(key::files, INLET_CFG_LIST, INLET_IMPORTANCE_HIGH, nullptr,
             "Several files: a comma-separated list of paths and/or globs (* ? [...]). Each file "
             "is read once whatever its name (identity: device and inode); globs are matched "
             "again every files.refresh.ms. Exclusive with file."),
    [] {
        auto k = make_key(key::topic, INLET_CFG_STRING, INLET_IMPORTANCE_HIGH, nullptr,
                          "The topic of every record (Kafka's key).");
        k.required = 1;
        return k;
    }(),
    make_key(key::batch_size, INLET_CFG_INT, INLET_IMPORTANCE_LOW, "2000",
             "The most lines one poll returns (Kafka's key and default). As in Kafka, 0 or less "
             "returns one line per poll.",
             nullptr),
    make_key(key::mode, INLET_CFG_STRING, INLET_IMPORTANCE_MEDIUM, "tail",
             "tail: follow each file as it grows, like Kafka's connector, through rotation and "
             "truncation; never finishes. bounded: stop at the end of each file (a last line "
             "without a newline is emitted) so the job ends.",
             modes),
    make_key(key::line_max_bytes, INLET_CFG_INT, INLET_IMPORTANCE_LOW, "1048576",
             "The longest line accepted, in bytes without its terminator; longer lines are "
             "handled per line.too.long. A file's read buffer grows up to this + 2 only while "
             "such a line is read.",
             nullptr, 1, 67108864),
    make_key(key::line_too_long, INLET_CFG_STRING, INLET_IMPORTANCE_LOW, "skip",
             "What an overlong line does: skip (logged with the file and byte position) or fail "
             "(the task fails with the same message).",
             too_long_actions),
    make_key(key::tail_interval, INLET_CFG_INT, INLET_IMPORTANCE_LOW, "100",
             "tail mode: how often, in ms, an open idle file is checked for new lines, rotation "
             "and truncation.",
             nullptr, 1, 60000),
    make_key(key::rotate_wait, INLET_CFG_INT, INLET_IMPORTANCE_LOW, "5000",
             "tail mode: a file renamed away (rotated) or deleted keeps being read through its "
             "open descriptor until it has had no new data for this long, in ms (Fluent Bit's "
             "Rotate_Wait): lines the application writes late to the old file are not lost.",
             nullptr, 1, 86400000),
    make_key(key::refresh, INLET_CFG_INT, INLET_IMPORTANCE_LOW, "10000",
             "tail mode with files: how often, in ms, the paths and globs are matched again to "
             "find new files (Fluent Bit's Refresh_Interval, Filebeat's scan_frequency), and "
             "closed idle files are checked for growth.",
             nullptr, 10, 86400000),
    make_key(key::close_inactive, INLET_CFG_INT, INLET_IMPORTANCE_LOW, "60000",
             "tail mode: a file with no new data for this long, in ms, is closed and its buffer "
             "freed; it is reopened by identity when it grows (Filebeat's close_inactive).",
             nullptr, 1, 86400000),
    make_key(key::max_open, INLET_CFG_INT, INLET_IMPORTANCE_LOW, "256",
             "The most files one task holds open; beyond it the longest-idle file is closed "
             "(and reopened by identity when it grows).",
             nullptr, 1, 65536),
    make_key(key::task_files, INLET_CFG_STRING, INLET_IMPORTANCE_LOW, nullptr,
             "Set by the connector on each task config (bounded mode: the task's files, one per "
             "line). Not meant to be set by hand."),
    make_key(key::task_index, INLET_CFG_INT, INLET_IMPORTANCE_LOW, nullptr,
             "Set by the connector: this task's number among task.count. Not meant to be set by "
             "hand."),
    make_key(key::task_count, INLET_CFG_INT, INLET_IMPORTANCE_LOW, nullptr,
             "Set by the connector: how many tasks share the files. Not meant to be set by hand."),
};

// The table's default for `name`, as an integer: the one place each default is written.
int64_t default_int(const char *name) {
    for (const auto &k : keys)
        if (std::strcmp(k.name, name) == 0 && k.default_value != nullptr)
            return std::strtoll(k.default_value, nullptr, 10);
    throw std::logic_error(std::string("file: no default for ") + name);
}
std::string_view default_text(const char *name) {
    for (const auto &k : keys)
        if (std::strcmp(k.name, name) == 0 && k.default_value != nullptr) return k.default_value;
    throw std::logic_error(std::string("file: no default for ") + name);
}

int64_t at_least(const inlet::Config &c, const char *name, int64_t min) {
    const int64_t v = c.integer(name, default_int(name));
    if (v < min) throw inlet::ConfigError(name, "must be >= " + std::to_string(min));
    return v;
}

std::string one_of(const inlet::Config &c, const char *name, const char *const *allowed) {
    const std::string v = c.string(name, default_text(name));
    for (auto a = allowed; *a != nullptr; ++a)
        if (v == *a) return v;
    std::string list;
    for (auto a = allowed; *a != nullptr; ++a) list += std::string(list.empty() ? "" : " or ") + *a;
    throw inlet::ConfigError(name, "must be " + list + ", got '" + v + "'");
}

} // namespace

std::span<const inlet_config_key> config_keys() { return keys; }

bool reads_stdin(const inlet::Config &c) {
    if (c.get(key::files)) return false;
    auto f = c.get(key::file);
    if (!f) return true;
    return f->find_first_not_of(" \t") == std::string_view::npos;
}

TaskOptions task_options(const inlet::Config &c) {
    TaskOptions o;
    o.source.topic = c.string(key::topic);
    // Kafka's ConfigDef.NonEmptyString after trimming (FileStreamSourceConnectorTest.testBlankTopic).
    if (o.source.topic.find_first_not_of(" \t") == std::string::npos)
        throw inlet::ConfigError(key::topic, "required: the topic of every record (not blank)");
    o.source.line_max_bytes = static_cast<size_t>(at_least(c, key::line_max_bytes, 1));
    o.source.fail_on_long_line = one_of(c, key::line_too_long, too_long_actions) == "fail";
    o.source.bounded = one_of(c, key::mode, modes) == "bounded";
    // Kafka's task returns its batch once records.size() >= batch.size, checked after each
    // line: 0 or a negative size hands over one line per poll.
    const int64_t batch = c.integer(key::batch_size, default_int(key::batch_size));
    o.batch_size = batch < 1 ? 1 : static_cast<size_t>(batch);
    using ms = std::chrono::milliseconds;
    o.tail_interval = ms(at_least(c, key::tail_interval, 1));
    o.rotate_wait = ms(at_least(c, key::rotate_wait, 1));
    o.refresh = ms(at_least(c, key::refresh, 1));
    o.close_inactive = ms(at_least(c, key::close_inactive, 1));
    o.max_open = static_cast<size_t>(at_least(c, key::max_open, 1));
    const int64_t count = c.integer(key::task_count, 1);
    const int64_t index = c.integer(key::task_index, 0);
    if (count < 1 || index < 0 || index >= count)
        throw inlet::ConfigError(key::task_index, "must be in [0, task.count)");
    o.task_count = static_cast<uint32_t>(count);
    o.task_index = static_cast<uint32_t>(index);
    return o;
}

} // namespace inlet_file
