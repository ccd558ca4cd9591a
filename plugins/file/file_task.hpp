// One task of the `file` connector: reads its share of the files, round-robin, in order per file.
#pragma once

#include "event_fd.hpp"
#include "file_source.hpp"

#include <inlet/connector.hpp>

#include <chrono>
#include <memory>
#include <vector>

namespace inlet_file {

// The keys the task and connector read.
namespace key {
inline constexpr const char *file = "file";
inline constexpr const char *files = "files";
inline constexpr const char *topic = "topic";
inline constexpr const char *batch_size = "batch.size";
inline constexpr const char *mode = "mode";
inline constexpr const char *line_max_bytes = "line.max.bytes";
inline constexpr const char *line_too_long = "line.too.long";
inline constexpr const char *tail_interval = "tail.interval.ms";
inline constexpr const char *task_files = "task.files";
} // namespace key

// The files a config names: task.files when the connector assigned them, else file/files
// expanded; empty means stdin.
std::vector<std::string> configured_files(const inlet::Config &c);

class FileTask final : public inlet::Task {
public:
    explicit FileTask(inlet::TaskContext &ctx);

    inlet::Poll poll(inlet::Emitter &out, std::chrono::milliseconds timeout) override;
    void wake() override { wake_.raise(); }

private:
    // Sleeps up to `ms` or until a stream has data or wake() is called; true when woken.
    bool wait(std::chrono::milliseconds ms);

    std::vector<std::unique_ptr<FileSource>> sources_;
    size_t next_ = 0; // the source that goes first in the next poll, for fairness
    size_t batch_size_;
    std::chrono::milliseconds tail_interval_;
    EventFd wake_;
};

} // namespace inlet_file
