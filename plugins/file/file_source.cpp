#include "file_source.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace inlet_file {
namespace {

std::string errno_text(int e) { return std::strerror(e); }

// Room for the longest accepted line plus its "\r\n", so a buffer full of one line always means
// an overlong line.
size_t max_buffer(const SourceOptions &o) {
    return std::max(LineBuffer::default_read_ahead, o.line_max_bytes + 2);
}

// Kafka's stdin offset: its task tracks no position for stdin (streamOffset = null).
constexpr const char *stdin_offset = "{\"position\":null}";

} // namespace

FileSource::FileSource(bool empty_name, const SourceOptions &opts, inlet::Host host,
                       BufferKeeper &keeper)
    : stdin_(true), partition_(empty_name ? "{\"filename\":\"\"}" : "{\"filename\":null}"),
      opts_(opts), host_(host), buf_(max_buffer(opts)) {
    buf_.keep_with(&keeper);
    value_ = inlet::value::string({});
    record_.topic(opts_.topic.c_str()).partition(partition_.c_str()).offset(stdin_offset)
        .value(&inlet::schema::string, &value_).stable_names();
    // stdin is duplicated so the task owns (and closes) its own descriptor.
    fd_.reset(::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0));
    if (!fd_) throw std::runtime_error("stdin: cannot duplicate: " + errno_text(errno));
    struct stat st {};
    regular_ = ::fstat(fd_.get(), &st) == 0 && S_ISREG(st.st_mode);
}

FileSource::FileSource(std::string path, const Identity &id, int64_t position, Naming naming,
                       const SourceOptions &opts, inlet::Host host, BufferKeeper &keeper)
    : path_(std::move(path)), id_(id), opts_(opts), host_(host), buf_(max_buffer(opts)),
      position_(position) {
    buf_.keep_with(&keeper);
    value_ = inlet::value::string({});
    record_.topic(opts_.topic.c_str()).value(&inlet::schema::string, &value_).stable_names();
    set_naming(naming);
}

void FileSource::set_naming(Naming n) {
    naming_ = n;
    if (!partition_.empty()) former_partition_ = std::move(partition_); // see its declaration
    if (n == Naming::path) {
        partition_ = inlet::json_object("filename", path_);
        offset_ = PositionOffset("\"dev\":" + std::to_string(id_.dev) +
                                 ",\"inode\":" + std::to_string(id_.ino));
    } else {
        partition_ = identity_partition(path_, id_);
        offset_ = PositionOffset();
    }
    record_.partition(partition_.c_str());
}

std::string FileSource::name() const { return stdin_ ? "stdin" : "file '" + path_ + "'"; }

bool FileSource::open() {
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT) return false;
        throw std::runtime_error(name() + ": cannot open: " + errno_text(errno));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        throw std::runtime_error(name() + ": cannot stat: " + errno_text(errno));
    if (S_ISDIR(st.st_mode)) throw std::runtime_error(name() + ": is a directory");
    if (identity_of(st) != id_) return false;
    regular_ = S_ISREG(st.st_mode);
    buf_.clear();
    skipping_ = false;
    if (position_ > 0) {
        if (!regular_) {
            host_.warn(name() + ": not a regular file, ignoring the position " +
                       std::to_string(position_));
            position_ = 0;
        } else if (st.st_size < position_) {
            host_.warn(name() + " is shorter (" + std::to_string(st.st_size) +
                       " bytes) than its position " + std::to_string(position_) +
                       ": it was truncated, reading it from the start");
            position_ = 0;
        } else if (::lseek(fd.get(), position_, SEEK_SET) != position_) {
            throw std::runtime_error(name() + ": cannot seek to " + std::to_string(position_) +
                                     ": " + errno_text(errno));
        }
    }
    fd_ = std::move(fd);
    wants_read_ = false;
    at_end_ = false;
    return true;
}

void FileSource::close() {
    fd_.reset();
    buf_.clear();
    buf_.release();
    skipping_ = false;
}

void FileSource::announce(inlet::Emitter &out) {
    announce_ = false;
    out.advance(partition_.c_str(), offset_.format(position_));
}

void FileSource::detach(inlet::Emitter &out) {
    set_naming(Naming::identity);
    announce(out);
}

FileSource::Read FileSource::read_more() {
    if (!regular_) {
        pollfd p{fd_.get(), POLLIN, 0};
        if (::poll(&p, 1, 0) == 0) return Read::not_ready;
    }
    try {
        if (buf_.fill(fd_.get()) == 0) return Read::eof;
        last_data_ = Clock::now();
        at_end_ = false;
        return Read::data;
    } catch (const std::system_error &e) {
        throw std::runtime_error(name() + ": " + e.what());
    }
}

void FileSource::line_too_long(int64_t at) const {
    const std::string what = name() + ": the line at byte " + std::to_string(at) +
                             " is longer than line.max.bytes (" +
                             std::to_string(opts_.line_max_bytes) + ")";
    if (opts_.fail_on_long_line) throw std::runtime_error(what);
    host_.warn(what + ": skipped");
    host_.count("lines.skipped"); // the end summary's count (line.too.long=skip)
}

bool FileSource::emit(inlet::Emitter &out, std::string_view text) {
    value_.u.s.ptr = text.data();
    value_.u.s.len = text.size();
    record_.borrowed(buf_.lends()); // lent from a big buffer the keeper holds; else copied
    if (!stdin_) record_.offset(offset_.format(position_));
    return out.emit(record_);
}

FileSource::Step FileSource::pump(inlet::Emitter &out, size_t &budget, int64_t now_ms) {
    // Kafka stamps each record with System.currentTimeMillis() as its poll builds it; one
    // reading per pump is the same clock to the millisecond a batch takes.
    record_.timestamp(now_ms);
    while (budget > 0) {
        if (skipping_) {
            if (auto n = buf_.consume_through_terminator()) {
                position_ += static_cast<int64_t>(*n);
                skipping_ = false;
                continue;
            }
            // Keep a last "\r": with the next byte it may be a "\r\n" ending the long line.
            const size_t p = buf_.pending().size();
            const size_t drop = p > 0 && buf_.pending().back() == '\r' ? p - 1 : p;
            position_ += static_cast<int64_t>(drop);
            buf_.consume(drop);
        } else if (auto line = buf_.next()) {
            if (line->text.size() > opts_.line_max_bytes) {
                line_too_long(position_);
                position_ += static_cast<int64_t>(line->consumed);
                continue;
            }
            position_ += static_cast<int64_t>(line->consumed);
            --budget;
            if (!emit(out, line->text)) return Step::batch_full;
            continue;
        } else if (buf_.pending().size() > opts_.line_max_bytes + 1) {
            line_too_long(position_);
            skipping_ = true;
            continue;
        }
        switch (read_more()) {
        case Read::data: continue;
        case Read::not_ready: return Step::idle;
        case Read::eof: break;
        }
        return at_eof(out, budget);
    }
    return Step::budget_spent;
}

void FileSource::flush_partial(inlet::Emitter &out, size_t &budget) {
    if (skipping_ || buf_.pending().empty()) return;
    const std::string_view rest = buf_.pending();
    std::string_view text = rest;
    if (text.back() == '\r') text.remove_suffix(1); // a lone "\r" at the very end ends the line
    position_ += static_cast<int64_t>(rest.size());
    buf_.consume(rest.size());
    if (text.size() > opts_.line_max_bytes) return line_too_long(position_ - int64_t(rest.size()));
    if (budget > 0) --budget;
    // Accepted even when the batch is now full; the next line goes into the next poll.
    emit(out, text);
}

FileSource::Step FileSource::at_eof(inlet::Emitter &out, size_t &budget) {
    at_end_ = true;
    if (opts_.bounded || !regular_) {
        flush_partial(out, budget);
        return Step::finished;
    }
    const int64_t read_pos = position_ + static_cast<int64_t>(buf_.pending().size());
    struct stat now {};
    if (::fstat(fd_.get(), &now) == 0 && now.st_size < read_pos) {
        host_.warn(name() + " was truncated (" + std::to_string(now.st_size) +
                   " bytes, had read " + std::to_string(read_pos) + "): reading it from the start");
        if (::lseek(fd_.get(), 0, SEEK_SET) != 0)
            throw std::runtime_error(name() + ": cannot seek to 0: " + errno_text(errno));
        buf_.clear();
        position_ = 0;
        skipping_ = false;
        return pump(out, budget, record_.r.timestamp_ms);
    }
    buf_.release(); // idle: keep only the bytes of an unterminated last line
    return Step::idle;
}

void FileSource::finish(inlet::Emitter &out, int64_t now_ms) {
    if (is_open()) {
        record_.timestamp(now_ms);
        size_t budget = 1;
        flush_partial(out, budget);
    }
    std::string done = "{\"done\":true,\"position\":" + std::to_string(position_) + "}";
    out.advance(partition_.c_str(), done.c_str());
    close();
}

} // namespace inlet_file
