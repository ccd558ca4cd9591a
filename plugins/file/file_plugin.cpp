// The `file` connector: a stand-in for Kafka's FileStreamSourceConnector (same keys and
// meaning), plus several files per connector split across tasks, a bounded mode that ends, and a
// tail mode that follows rotation (draining the old file), truncation and new files.
#include "file_config.hpp"
#include "file_list.hpp"
#include "file_task.hpp"

#include <inlet/connector.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <string>
#include <vector>

namespace inlet_file {
namespace {

constexpr const char *aliases[] = {"org.apache.kafka.connect.file.FileStreamSourceConnector",
                                   "FileStreamSource", nullptr};

bool has_glob(const std::vector<std::string> &entries) {
    return std::any_of(entries.begin(), entries.end(),
                       [](const std::string &e) { return e.find_first_of("*?[") != std::string::npos; });
}

struct FileConnector {
    static void validate(const inlet::Config &c) {
        const bool has_file = c.get(key::file).has_value();
        const bool has_files = c.get(key::files).has_value();
        if (has_file && has_files)
            throw inlet::ConfigError(key::files, "set either 'file' or 'files', not both");
        if (has_files && c.list(key::files).empty())
            throw inlet::ConfigError(key::files, "lists no file");
        const TaskOptions o = task_options(c);
        const auto paths = configured_files(c); // a glob matching nothing fails here
        if (o.source.bounded) {
            for (const auto &p : paths) {
                struct stat st {};
                if (::stat(p.c_str(), &st) != 0)
                    throw inlet::ConfigError(has_file ? key::file : key::files,
                                             "'" + p + "' does not exist (mode=bounded)");
            }
        }
    }

    // `file` or stdin: one task, as in Kafka. `files`: bounded mode deals the expanded list
    // round-robin; tail mode gives every task the patterns, its index and the task count, and
    // each task reads the files whose identity maps to it (files found later included).
    static std::vector<inlet::TaskConfig> task_configs(const inlet::Config &c, uint32_t max_tasks) {
        max_tasks = std::max<uint32_t>(max_tasks, 1);
        auto base = [&] {
            inlet::TaskConfig t;
            for (const auto &kv : c.items()) {
                const std::string_view k = kv.key;
                if (k != key::task_files && k != key::task_index && k != key::task_count)
                    t.emplace_back(kv.key, kv.value);
            }
            return t;
        };
        std::vector<inlet::TaskConfig> out;
        if (!c.get(key::files)) {
            out.push_back(base());
            return out;
        }
        const auto entries = c.list(key::files);
        if (c.string(key::mode, "tail") == "bounded") {
            for (const auto &g : split_round_robin(configured_files(c), max_tasks)) {
                auto t = base();
                t.emplace_back(key::task_files, join_paths(g));
                out.push_back(std::move(t));
            }
            return out;
        }
        const uint32_t n = has_glob(entries) ? max_tasks
                                             : std::min<uint32_t>(max_tasks, uint32_t(entries.size()));
        for (uint32_t i = 0; i < n; ++i) {
            auto t = base();
            t.emplace_back(key::task_index, std::to_string(i));
            t.emplace_back(key::task_count, std::to_string(n));
            out.push_back(std::move(t));
        }
        return out;
    }
};

const inlet::Info info{
    .name = "file",
    .version = "1.1.0",
    .description = "Lines of text files or stdin (Kafka's FileStreamSourceConnector)",
    .aliases = aliases,
    .keys = config_keys(),
    // Replayable for files: the offset is a byte position to seek to. stdin is the documented
    // exception (a warning at start).
    .flags = INLET_PLUGIN_REPLAYABLE | INLET_PLUGIN_BOUNDED,
};

} // namespace
} // namespace inlet_file

INLET_CONNECTOR(inlet_file::FileTask, inlet_file::FileConnector, inlet_file::info)
