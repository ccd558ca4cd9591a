// The sinks that write formatted lines to a file descriptor (file, stdout): records are
// formatted into one buffer that is written out in large pieces.
#pragma once

#include "sink/format.hpp"
#include "sink/out_buffer.hpp"
#include "sink/sink.hpp"
#include "sink/sync_behind.hpp"
#include "snapshot/unique_fd.hpp"

#include <atomic>
#include <filesystem>

namespace inlet::host {

class StreamSink : public Sink {
public:
    static constexpr size_t flush_bytes = 1u << 20;

    StreamSink(UniqueFd fd, std::unique_ptr<Format> format, std::string name);
    ~StreamSink() override;
    std::string describe() const override { return name_; }
    void schemas_from(uint32_t abi_minor) override { format_->schemas_from(abi_minor); }
    void write(const inlet_record &rec) override {
        format_->write(rec, buffer_);
        if (buffer_.size() >= flush_bytes) flush();
    }
    void idle() override {
        if (!buffer_.empty()) flush();
    }

    uint64_t bytes_written() const override { return total_.load(std::memory_order_relaxed); }
    // Tests: the background fdatasyncs of what was written.
    SyncBehind &sync_behind() { return sync_behind_; }

protected:
    void flush();
    // Called after flush() handed bytes to the fd.
    virtual void flushed() {}
    int fd() const { return fd_.get(); }
    // fdatasync of (a duplicate of) the current fd, callable from another thread and after
    // this object has moved on to another fd. `name` names the file in the error.
    std::function<void()> sync_later(std::string name) const;
    size_t buffered() const { return buffer_.size(); }
    // Another fd from now on (the rolling file sink's next part; the old one is closed).
    void replace_fd(UniqueFd fd) {
        fd_ = std::move(fd);
        sync_behind_.forget();
    }
    // Starts the disk writes of what was flushed since the last call once 8 MiB have piled
    // up, without waiting for them (sync_file_range), and every 32 MiB of those an fdatasync
    // in the background (sync_behind.hpp: a disk's volatile cache is written out only when
    // flushed): the fdatasync at the next snapshot then finds little left to do, and dirty
    // pages never pile up to the point where the kernel throttles our writes. `base`: the
    // file offset of written_ == 0.
    void write_behind(uint64_t base);
    uint64_t written_ = 0;        // bytes handed to the fd by this object (reset on rewind)
    uint64_t writeback_from_ = 0; // of written_: where the next writeback range starts

private:
    static constexpr uint64_t writeback_bytes = 8u << 20;
    static constexpr uint64_t sync_behind_bytes = 32u << 20;
    uint64_t unsynced_ = 0; // bytes handed to writeback since the last background fdatasync
    SyncBehind sync_behind_;
    std::atomic<uint64_t> total_{0}; // bytes handed to any fd, never reset (metrics)
    UniqueFd fd_;
    std::unique_ptr<Format> format_;
    OutBuffer buffer_;
    std::string name_;
};

class FileSink final : public StreamSink {
public:
    FileSink(const std::filesystem::path &path, OutputFormat format);
    bool can_rewind() const override { return true; }
    void restore(const nlohmann::json &state, bool rewind) override;
    std::string resume_conflict(const nlohmann::json &state) override;
    nlohmann::json make_durable() override;
    SinkCut cut() override;

private:
    FileSink(const std::filesystem::path &path, OutputFormat format, bool created);
    void flushed() override { write_behind(start_length_); }

    std::filesystem::path path_;
    bool created_ = false;       // the file did not exist before this object opened it
    uint64_t start_length_ = 0;  // the file's length when this object took it over
};

// The path a snapshot recorded, as this run compares it: snapshots before inlet made job paths
// absolute may hold a relative one, which meant the working directory then (assumed: now).
std::filesystem::path recorded_path(const std::string &was);

// Exactly-once recovery of one file: truncates `fd` (the file `name`) to `length` and seeks to
// its end. A file shorter than `length` was changed outside inlet: SinkError.
void rewind_file(int fd, const std::string &name, uint64_t length);

class StdoutSink final : public StreamSink {
public:
    explicit StdoutSink(OutputFormat format);
    nlohmann::json make_durable() override;
};

} // namespace inlet::host
