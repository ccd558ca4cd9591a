// The sinks that write formatted lines to a file descriptor (file, stdout): records are
// formatted into one buffer that is written out in large pieces.
#pragma once

#include "sink/format.hpp"
#include "sink/out_buffer.hpp"
#include "sink/sink.hpp"
#include "snapshot/unique_fd.hpp"

#include <filesystem>

namespace inlet::host {

class StreamSink : public Sink {
public:
    static constexpr size_t flush_bytes = 1u << 20;

    StreamSink(UniqueFd fd, std::unique_ptr<Format> format, std::string name);
    ~StreamSink() override;
    std::string describe() const override { return name_; }
    void write(const inlet_record &rec) override {
        format_->write(rec, buffer_);
        if (buffer_.size() >= flush_bytes) flush();
    }

protected:
    void flush();
    int fd() const { return fd_.get(); }
    uint64_t written_ = 0; // bytes handed to the fd by this object

private:
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
    nlohmann::json make_durable() override;

private:
    std::filesystem::path path_;
    uint64_t start_length_ = 0; // the file's length when this object took it over
};

class StdoutSink final : public StreamSink {
public:
    explicit StdoutSink(OutputFormat format);
    nlohmann::json make_durable() override;
};

} // namespace inlet::host
