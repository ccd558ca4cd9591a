// One file (or stdin) read line by line by a `file` task: where it is, how far it got, and what
// to do at its end (finish, wait for more, follow a rotation, start over after a truncation).
#pragma once

#include "line_buffer.hpp"
#include "position_offset.hpp"
#include "unique_fd.hpp"

#include <inlet/connector.hpp>

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace inlet_file {

struct SourceOptions {
    std::string topic;
    size_t line_max_bytes = 1 << 20;
    bool fail_on_long_line = false; // line.too.long=fail
    bool bounded = false;           // mode=bounded
};

class FileSource {
public:
    // `path` empty: standard input. `restored` is the byte position restored from a snapshot.
    FileSource(std::string path, const SourceOptions &opts, inlet::Host host,
               std::optional<int64_t> restored);
    FileSource(const FileSource &) = delete;
    FileSource &operator=(const FileSource &) = delete;

    enum class Step {
        budget_spent, // emitted as many lines as allowed
        batch_full,   // the host's batch is full
        idle,         // nothing to read right now (tail mode, or a pipe with no data yet)
        finished      // end of a bounded file or of a stream: emit nothing more
    };
    // Emits up to `budget` lines (decrementing it). A final unterminated line at the end of a
    // bounded file or stream, and the last partial line of a rotated file, count as lines.
    Step pump(inlet::Emitter &out, size_t &budget);

    // A descriptor to poll(2) for readability while idle (pipes, stdin), or -1 for regular files,
    // which are polled by looking again.
    int wait_fd() const { return regular_ || !fd_ ? -1 : fd_.get(); }
    // The source partition, {"filename":"<path as configured>"} ({"filename":null} for stdin).
    static std::string partition_for(const std::string &path);

private:
    enum class Read { data, not_ready, eof };
    enum class Eof { finished, idle, again };

    bool open_file();          // false: missing (tail mode waits); throws on other errors
    Read read_more();
    Eof at_eof(inlet::Emitter &out, size_t &budget);
    void line_too_long(int64_t at) const;
    // Emits `text` as the line ending at `position_`; false when the batch is full.
    bool emit(inlet::Emitter &out, std::string_view text);
    std::string name() const;

    std::string path_;
    std::string partition_;
    SourceOptions opts_;
    inlet::Host host_;
    std::optional<int64_t> restored_; // applied at the first open only
    UniqueFd fd_;
    bool regular_ = true;
    dev_t dev_ = 0;
    ino_t ino_ = 0;
    LineBuffer buf_;
    int64_t position_ = 0; // bytes consumed: the offset after the last emitted (or skipped) line
    bool skipping_ = false; // discarding the rest of an overlong line
    bool waiting_logged_ = false;
    PositionOffset offset_;
    inlet_value value_{};
    inlet::Record record_;
};

} // namespace inlet_file
