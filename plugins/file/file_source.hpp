// One file (or stdin) read line by line by a `file` task: which file it is (its identity), how
// far it got, how its records are named, and what happens at its end. The task decides when it
// is opened, closed, renamed, detached from its path after a rotation, drained and finished.
#pragma once

#include "file_config.hpp"
#include "file_identity.hpp"
#include "line_buffer.hpp"
#include "position_offset.hpp"
#include "unique_fd.hpp"

#include <inlet/connector.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace inlet_file {

using Clock = std::chrono::steady_clock;

class FileSource {
public:
    // How the records of a file are named.
    enum class Naming {
        path,    // {"filename":"<path>"}, Kafka's; the offset also holds the identity
        identity // {"dev","filename","inode"}: a file of `files`, or one rotated away from `file`
    };
    // Standard input. `empty_name`: `file` was set but empty, which Kafka's task names
    // {"filename":""}; absent, {"filename":null}. The offset is Kafka's {"position":null}.
    // Lines are lent to the host (INLET_RECORD_BORROWED) from buffers `keeper` holds for as
    // long as the host may read them; `keeper` outlives the source. The topic and partition
    // text stay put while the source lives (INLET_RECORD_STABLE_NAMES): the task keeps a
    // finished source until its next poll.
    FileSource(bool empty_name, const SourceOptions &opts, inlet::Host host, BufferKeeper &keeper);
    // A file at `path` with identity `id` (not opened yet), to be read from `position`.
    FileSource(std::string path, const Identity &id, int64_t position, Naming naming,
               const SourceOptions &opts, inlet::Host host, BufferKeeper &keeper);
    FileSource(const FileSource &) = delete;
    FileSource &operator=(const FileSource &) = delete;

    enum class Step {
        budget_spent, // emitted as many lines as allowed
        batch_full,   // the host's batch is full
        idle,         // nothing to read right now
        finished      // end of a bounded file or of a stream: emit nothing more
    };
    // Emits up to `budget` lines (decrementing it), stamped `now_ms`; the source must be open. A
    // final unterminated line at the end of a bounded file or a stream counts as a line.
    Step pump(inlet::Emitter &out, size_t &budget, int64_t now_ms);

    // Opens the file at path() and seeks to the position; false when the path now holds another
    // file or none (the caller looks for it elsewhere). Throws on other errors.
    bool open();
    // Closes the descriptor and frees the buffer; a partial line is read again after open().
    void close();
    bool is_open() const { return fd_.get() >= 0; }
    // Safe to close and reopen later: open, a regular file, not inside a skipped overlong line.
    bool closable() const { return is_open() && regular_ && !skipping_ && !stdin_; }

    // The file now has this name (renamed, found again by identity).
    void rename(std::string path) { path_ = std::move(path); }
    // The file left its configured path (rotated): its records name its identity from now on.
    // The handover is recorded at once (an offset advance), so a crash from here on finds it.
    void detach(inlet::Emitter &out);
    // Draining: the file left the set being read (rotated away, deleted); it is read on until it
    // has been quiet for rotate.wait.ms, then finish() ends it.
    void start_draining() { draining_ = true; }
    void stop_draining() { draining_ = false; }
    bool draining() const { return draining_; }
    // Ends a drained file: its unterminated last line is final now; the offset is marked done so
    // a restart does not look for the file again.
    void finish(inlet::Emitter &out, int64_t now_ms);

    const Identity &identity() const { return id_; }
    const std::string &path() const { return path_; }
    int64_t position() const { return position_; }
    Naming naming() const { return naming_; }
    bool is_stdin() const { return stdin_; }
    // When data last arrived (or the source was created): for close.inactive.ms, rotate.wait.ms.
    Clock::time_point last_data() const { return last_data_; }
    // A descriptor to poll(2) for readability while idle (pipes, stdin), or -1.
    int wait_fd() const { return regular_ || !fd_ ? -1 : fd_.get(); }
    // A closed file that has more to read (new, or grown since it was closed): the task opens
    // it when a descriptor is free.
    bool wants_read() const { return wants_read_; }
    void want_read() { wants_read_ = true; }
    // The last pump() found nothing more to read.
    bool at_end() const { return at_end_; }
    // Records the current offset with no record (see detach()); done at the first poll for a
    // file found rotated away at start.
    void announce(inlet::Emitter &out);
    void announce_later() { announce_ = true; }
    bool announce_pending() const { return announce_; }

private:
    enum class Read { data, not_ready, eof };

    void set_naming(Naming n);
    Read read_more();
    Step at_eof(inlet::Emitter &out, size_t &budget);
    void flush_partial(inlet::Emitter &out, size_t &budget);
    void line_too_long(int64_t at) const;
    // Inlined into pump(): it runs once per line, and called apart it costs ~30 instructions.
    [[gnu::always_inline]] inline bool emit(inlet::Emitter &out, std::string_view text);
    std::string name() const;

    std::string path_;
    Identity id_;
    Naming naming_ = Naming::path;
    bool stdin_ = false;
    std::string partition_;
    // The name before detach(), kept while the source lives: the records of this poll promised
    // that text stays at its address until the poll returns (INLET_RECORD_STABLE_NAMES).
    std::string former_partition_;
    SourceOptions opts_;
    inlet::Host host_;
    UniqueFd fd_;
    bool regular_ = true;
    LineBuffer buf_;
    int64_t position_ = 0; // bytes consumed: the offset after the last emitted (or skipped) line
    bool skipping_ = false; // discarding the rest of an overlong line
    bool draining_ = false;
    bool wants_read_ = true;
    bool at_end_ = false;
    bool announce_ = false;
    Clock::time_point last_data_ = Clock::now();
    PositionOffset offset_;
    inlet_value value_{};
    inlet::Record record_;
};

} // namespace inlet_file
