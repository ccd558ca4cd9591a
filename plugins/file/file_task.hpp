// One task of the `file` connector: finds its files, reads them round-robin, and keeps each one
// read exactly once through rotation, renames, truncation and restarts.
//
// Which task reads a file: `file` (and stdin) is one task, as in Kafka. With `files`, bounded mode
// deals the expanded list round-robin (task.files, set by the connector); tail mode gives each
// file to task owner_of(identity) of task.count, which every task computes alone, so files found
// by a later scan need no coordination and a renamed file stays with its task.
#pragma once

#include "event_fd.hpp"
#include "file_config.hpp"
#include "file_source.hpp"

#include <inlet/connector.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace inlet_file {

// The files a bounded config names: task.files when the connector assigned them, else file/files
// expanded; empty means stdin.
std::vector<std::string> configured_files(const inlet::Config &c);

class FileTask final : public inlet::Task {
public:
    explicit FileTask(inlet::TaskContext &ctx);

    inlet::Poll poll(inlet::Emitter &out, std::chrono::milliseconds timeout) override;
    void wake() override { wake_.raise(); }

private:
    // What a snapshot says about a file named by identity.
    struct Restored {
        std::string partition;
        std::string filename;
        int64_t position = 0;
        bool done = false;
    };

    // A restored {"filename":p} offset: Kafka's {"position":N}, or inlet's with the identity of
    // the file that had the name.
    struct PathOffset {
        int64_t position = 0;
        std::optional<Identity> id;
    };

    void load_restored(const inlet::TaskContext &ctx);
    // Takes (once) the restored offset of partition {"filename":path}; throws
    // inlet::OffsetError when it holds no usable position.
    std::optional<PathOffset> take_path_offset(const std::string &path);
    // Tail mode: matches the configured paths again; adopts new files, follows renamed ones,
    // starts draining the ones that left (rotated away, deleted). `out` is null at start.
    void scan(inlet::Emitter *out);
    // Tail mode, at start: files a snapshot says were being read but are no longer at a
    // configured path (rotated while the job was stopped) are found by identity and drained.
    void resume_rotated();
    FileSource &add(std::string path, const Identity &id, int64_t position, FileSource::Naming n);
    int64_t restored_position(const std::string &path, const Identity &id, FileSource::Naming n);
    // A closed file could not be reopened at its path: look for it by identity; gone: finish it.
    enum class Reopen { opened, later, gone };
    Reopen reopen_elsewhere(FileSource &s, inlet::Emitter &out, int64_t now_ms);
    // An idle open file: drain end, rotation check, close when inactive or when others wait.
    // Returns true when the source is done.
    bool idle(FileSource &s, inlet::Emitter &out, Clock::time_point now, int64_t now_ms,
              bool others_waiting);
    // Sleeps up to `ms` or until a stream has data or wake() is called; true when woken.
    bool wait(std::chrono::milliseconds ms);

    TaskOptions opts_;
    inlet::Host host_;
    bool path_mode_ = false;           // `file`: Kafka's partition by path
    bool can_finish_ = false;          // bounded mode or stdin: done when every source is
    std::optional<PathOffset> live_;   // path mode: the restored offset of the path
    std::vector<std::string> entries_; // the paths and globs to match (tail mode)
    // Before sources_: their buffers go back to it when they are destroyed.
    BufferKeeper keeper_;
    std::vector<std::unique_ptr<FileSource>> sources_;
    // Sources finished during the poll, destroyed at the next one: their partition and topic
    // text must keep its address until the poll that emitted their records returns
    // (INLET_RECORD_STABLE_NAMES), so no new source may be given the same memory sooner.
    std::vector<std::unique_ptr<FileSource>> retired_;
    size_t open_ = 0;                  // sources holding a descriptor
    size_t next_ = 0;                  // the source that goes first in the next poll, for fairness
    std::chrono::milliseconds refresh_{0};
    Clock::time_point next_scan_{};
    bool scan_now_ = false;
    std::vector<std::string> gone_; // partitions of files gone while stopped: marked done
    std::map<Identity, Restored> by_identity_;     // restored identity partitions
    std::map<std::string, std::string> by_path_;   // restored {"filename":p} offsets
    EventFd wake_;
};

} // namespace inlet_file
