#include "sink/stream_sink.hpp"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/stat.h>

namespace inlet::host {

StreamSink::StreamSink(UniqueFd fd, std::unique_ptr<Format> format, std::string name)
    : fd_(std::move(fd)), format_(std::move(format)), buffer_(flush_bytes + (flush_bytes >> 2)),
      name_(std::move(name)) {}

StreamSink::~StreamSink() {
    try {
        flush();
    } catch (const SinkError &e) {
        spdlog::error("{}", e.what());
    }
}

void StreamSink::flush() {
    const char *p = buffer_.data();
    size_t left = buffer_.size();
    while (left > 0) {
        ssize_t n = ::write(fd_.get(), p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            buffer_.clear(); // the output is broken; do not retry the same bytes in ~StreamSink
            throw SinkError(os_error("cannot write to " + name_, err));
        }
        p += n;
        left -= size_t(n);
        written_ += uint64_t(n);
        total_.fetch_add(uint64_t(n), std::memory_order_relaxed);
    }
    buffer_.clear();
    flushed();
}

std::function<void()> StreamSink::sync_later(std::string name) const {
    auto dup = std::make_shared<UniqueFd>(::fcntl(fd_.get(), F_DUPFD_CLOEXEC, 3));
    if (!*dup) throw SinkError(os_error("cannot duplicate the descriptor of " + name));
    return [dup, name = std::move(name)] {
        if (::fdatasync(dup->get()) != 0) throw SinkError(os_error("cannot fsync " + name));
    };
}

void StreamSink::write_behind(uint64_t base) {
    if (written_ - writeback_from_ < writeback_bytes) return;
    // Advisory: a failure here changes nothing about durability, which fdatasync provides.
    (void)::sync_file_range(fd(), off_t(base + writeback_from_), off_t(written_ - writeback_from_),
                            SYNC_FILE_RANGE_WRITE);
    unsynced_ += written_ - writeback_from_;
    writeback_from_ = written_;
    if (unsynced_ >= sync_behind_bytes) {
        sync_behind_.request(fd());
        unsynced_ = 0;
    }
}

// ---- file ---------------------------------------------------------------------------------

namespace {
UniqueFd open_output(const std::filesystem::path &path) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
    if (!fd) throw SinkError(os_error("cannot open output file " + path.string()));
    if (::lseek(fd.get(), 0, SEEK_END) < 0)
        throw SinkError(os_error("cannot seek in output file " + path.string()));
    return fd;
}
} // namespace

namespace {
bool missing(const std::filesystem::path &path) {
    std::error_code ec;
    return !std::filesystem::exists(path, ec) && !ec;
}
} // namespace

std::filesystem::path recorded_path(const std::string &was) {
    std::filesystem::path p(was);
    std::error_code ec;
    if (p.is_relative()) p = std::filesystem::absolute(p, ec);
    return p.lexically_normal();
}

void rewind_file(int fd, const std::string &name, uint64_t length) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw SinkError(os_error("cannot stat " + name));
    if (uint64_t(st.st_size) < length)
        throw SinkError("output file " + name + " is " + std::to_string(st.st_size) +
                        " bytes, shorter than the " + std::to_string(length) +
                        " bytes the snapshot recorded: it was changed outside inlet");
    if (uint64_t(st.st_size) > length) {
        spdlog::info("exactly-once: truncating {} from {} to {} bytes (output after the snapshot)",
                     name, st.st_size, length);
        // Not synced here: every recovery truncates to the snapshot's length again, so a
        // truncation lost to a power failure is redone, and the next snapshot's fdatasync
        // makes it durable together with what follows. A sync here would wait for all the
        // dirty pages the crashed run left behind, before the first new record.
        if (::ftruncate(fd, off_t(length)) != 0) throw SinkError(os_error("cannot truncate " + name));
    }
    if (::lseek(fd, 0, SEEK_END) < 0) throw SinkError(os_error("cannot seek in " + name));
}

FileSink::FileSink(const std::filesystem::path &path, OutputFormat format)
    : FileSink(path, format, missing(path)) {}

FileSink::FileSink(const std::filesystem::path &path, OutputFormat format, bool created)
    : StreamSink(open_output(path), make_format(format), "file " + path.string()), path_(path),
      created_(created) {
    off_t end = ::lseek(fd(), 0, SEEK_CUR);
    start_length_ = end > 0 ? uint64_t(end) : 0;
}

std::string FileSink::resume_conflict(const nlohmann::json &state) {
    if (state.value("kind", "") != "file") return {};
    std::string was = state.value("path", "");
    // Rolled parts then, one file now: the parts after the cut would never be rewound.
    bool rolled = state.contains("part");
    if (!rolled && (was.empty() || recorded_path(was) == path_.lexically_normal())) return {};
    struct stat st {};
    if (created_ && ::fstat(fd(), &st) == 0 && st.st_size == 0) {
        std::error_code ec;
        std::filesystem::remove(path_, ec); // made by this refused run only
    }
    return "its output was " + std::string(rolled ? "the rolled parts of " : "") +
           recorded_path(was).string() + ", this run's is " + path_.string();
}

void FileSink::restore(const nlohmann::json &state, bool rewind) {
    if (!rewind) return;
    if (state.value("kind", "") != "file" || !state.contains("length")) return;
    if (state.contains("part")) return; // refused by resume_conflict() under exactly-once
    std::string was = state.value("path", "");
    if (recorded_path(was) != path_.lexically_normal()) {
        spdlog::warn("the snapshot's output was {}, this run writes {}: nothing to truncate", was,
                     path_.string());
        return;
    }
    uint64_t length = state.at("length").get<uint64_t>();
    rewind_file(fd(), path_.string(), length);
    start_length_ = length;
    written_ = 0;
    writeback_from_ = 0;
}

nlohmann::json FileSink::make_durable() {
    flush();
    if (::fdatasync(fd()) != 0) throw SinkError(os_error("cannot fsync " + path_.string()));
    return {{"kind", "file"}, {"path", path_.string()}, {"length", start_length_ + written_}};
}

SinkCut FileSink::cut() {
    flush();
    return {{{"kind", "file"}, {"path", path_.string()}, {"length", start_length_ + written_}},
            sync_later(path_.string())};
}

// ---- stdout -------------------------------------------------------------------------------

StdoutSink::StdoutSink(OutputFormat format)
    : StreamSink(UniqueFd(::fcntl(1, F_DUPFD_CLOEXEC, 3)), make_format(format), "stdout") {
    if (fd() < 0) throw SinkError(os_error("cannot use stdout"));
}

nlohmann::json StdoutSink::make_durable() {
    flush();
    return {{"kind", "stdout"}, {"bytes", written_}};
}

} // namespace inlet::host
