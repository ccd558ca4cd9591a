// The `file` connector: a stand-in for Kafka's FileStreamSourceConnector (same keys and
// meaning), plus several files per connector split across tasks, a bounded mode that ends, and a
// tail mode that follows rotation and truncation.
#include "file_list.hpp"
#include "file_task.hpp"

#include <inlet/connector.hpp>

#include <sys/stat.h>

#include <string>
#include <vector>

namespace inlet_file {
namespace {

constexpr const char *aliases[] = {"org.apache.kafka.connect.file.FileStreamSourceConnector",
                                   "FileStreamSource", nullptr};
constexpr const char *modes[] = {"tail", "bounded", nullptr};
constexpr const char *too_long_actions[] = {"skip", "fail", nullptr};

constexpr inlet_config_key keys[] = {
    {key::file, INLET_CFG_STRING, nullptr, 0,
     "The file to read (Kafka's key). Neither file nor files: standard input, which cannot be "
     "replayed after a restart.",
     nullptr, 0, 0, 0},
    {key::files, INLET_CFG_LIST, nullptr, 0,
     "Several files: a comma-separated list of paths and/or globs (* ? [...]), spread "
     "round-robin over tasks.max tasks. Exclusive with file.",
     nullptr, 0, 0, 0},
    {key::topic, INLET_CFG_STRING, nullptr, 1, "The topic of every record (Kafka's key).", nullptr,
     0, 0, 0},
    {key::batch_size, INLET_CFG_INT, "2000", 0,
     "The most lines one poll returns (Kafka's key).", nullptr, 1, 1, 2147483647.0},
    {key::mode, INLET_CFG_STRING, "tail", 0,
     "tail: follow each file as it grows, like Kafka's connector; survives rotation (a new file "
     "under the name is read from its start after the old one is finished) and truncation "
     "(logged, read again from 0); never finishes. bounded: stop at the end of each file (a last "
     "line without a newline is emitted) so the job ends.",
     modes, 0, 0, 0},
    {key::line_max_bytes, INLET_CFG_INT, "1048576", 0,
     "The longest line accepted, in bytes without the newline; longer lines are handled per "
     "line.too.long. The read buffer is max(1 MiB, this + 2).",
     nullptr, 1, 1, 67108864},
    {key::line_too_long, INLET_CFG_STRING, "skip", 0,
     "What an overlong line does: skip (logged with the file and byte position) or fail (the "
     "task fails with the same message).",
     too_long_actions, 0, 0, 0},
    {key::tail_interval, INLET_CFG_INT, "100", 0,
     "tail mode: how often, in ms, an idle file is checked for new lines, rotation and "
     "truncation.",
     nullptr, 1, 1, 60000},
    {key::task_files, INLET_CFG_STRING, nullptr, 0,
     "Set by the connector on each task config: the task's files, one per line, already "
     "expanded. Not meant to be set by hand.",
     nullptr, 0, 0, 0},
};

struct FileConnector {
    static void validate(const inlet::Config &c) {
        const bool has_file = c.get(key::file).has_value();
        const bool has_files = c.get(key::files).has_value();
        if (has_file && has_files)
            throw inlet::ConfigError(key::files, "set either 'file' or 'files', not both");
        if (c.string(key::topic).empty())
            throw inlet::ConfigError(key::topic, "required: the topic of every record");
        if (has_file && c.string(key::file).empty())
            throw inlet::ConfigError(key::file, "must not be empty (omit it to read stdin)");
        if (has_files && c.list(key::files).empty())
            throw inlet::ConfigError(key::files, "lists no file");
        const auto paths = configured_files(c); // a glob matching nothing fails here
        if (c.string(key::mode, "tail") == "bounded") {
            for (const auto &p : paths) {
                struct stat st {};
                if (::stat(p.c_str(), &st) != 0)
                    throw inlet::ConfigError(has_file ? key::file : key::files,
                                             "'" + p + "' does not exist (mode=bounded)");
            }
        }
    }

    // One task per group of files, at most tasks.max; file or stdin is one task, as in Kafka.
    static std::vector<inlet::TaskConfig> task_configs(const inlet::Config &c, uint32_t max_tasks) {
        const auto paths = configured_files(c);
        const auto groups = paths.empty() ? std::vector<std::vector<std::string>>{{}}
                                          : split_round_robin(paths, max_tasks == 0 ? 1 : max_tasks);
        std::vector<inlet::TaskConfig> out;
        for (const auto &g : groups) {
            inlet::TaskConfig t;
            for (const auto &kv : c.items()) {
                const std::string_view k = kv.key;
                if (k != key::task_files && k != key::files) t.emplace_back(kv.key, kv.value);
            }
            if (!g.empty()) t.emplace_back(key::task_files, join_paths(g));
            out.push_back(std::move(t));
        }
        return out;
    }
};

const inlet::Info info{
    .name = "file",
    .version = "1.0.0",
    .description = "Lines of text files or stdin (Kafka's FileStreamSourceConnector)",
    .aliases = aliases,
    .keys = keys,
    // Replayable for files: the offset is a byte position to seek to. stdin is the documented
    // exception (a warning at start).
    .flags = INLET_PLUGIN_REPLAYABLE | INLET_PLUGIN_BOUNDED,
};

} // namespace
} // namespace inlet_file

INLET_CONNECTOR(inlet_file::FileTask, inlet_file::FileConnector, inlet_file::info)
