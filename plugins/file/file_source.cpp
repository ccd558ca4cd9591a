#include "file_source.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace inlet_file {
namespace {

// Big reads keep the syscall count per line negligible; lines are split in place.
constexpr size_t read_buffer_bytes = 1 << 20;

std::string errno_text(int e) { return std::strerror(e); }

} // namespace

std::string FileSource::partition_for(const std::string &path) {
    if (path.empty()) return "{\"filename\":null}";
    return inlet::json_object("filename", path);
}

FileSource::FileSource(std::string path, const SourceOptions &opts, inlet::Host host,
                       std::optional<int64_t> restored)
    : path_(std::move(path)), partition_(partition_for(path_)), opts_(opts), host_(host),
      restored_(restored),
      // Room for the longest accepted line plus its "\r\n", so a full buffer always means an
      // overlong line.
      buf_(std::max(read_buffer_bytes, opts.line_max_bytes + 2)) {
    value_ = inlet::value::string({});
    record_.topic(opts_.topic.c_str()).partition(partition_.c_str()).value(&inlet::schema::string, &value_);
    if (path_.empty()) {
        // stdin is duplicated so the task owns (and closes) its own descriptor.
        fd_.reset(::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0));
        if (!fd_) throw std::runtime_error("stdin: cannot duplicate: " + errno_text(errno));
        struct stat st {};
        regular_ = ::fstat(fd_.get(), &st) == 0 && S_ISREG(st.st_mode);
        if (restored_)
            host_.warn("stdin: ignoring the restored position " + std::to_string(*restored_) +
                       " (standard input cannot be replayed)");
        restored_.reset();
        return;
    }
    if (!open_file() && opts_.bounded)
        throw std::runtime_error("file '" + path_ + "': " + errno_text(ENOENT));
}

std::string FileSource::name() const { return path_.empty() ? "stdin" : "file '" + path_ + "'"; }

bool FileSource::open_file() {
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        if (errno == ENOENT) {
            if (!waiting_logged_) host_.info(name() + " does not exist yet: waiting for it");
            waiting_logged_ = true;
            return false;
        }
        throw std::runtime_error(name() + ": cannot open: " + errno_text(errno));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        throw std::runtime_error(name() + ": cannot stat: " + errno_text(errno));
    if (S_ISDIR(st.st_mode)) throw std::runtime_error(name() + ": is a directory");
    regular_ = S_ISREG(st.st_mode);
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    position_ = 0;
    buf_.clear();
    skipping_ = false;
    if (restored_) {
        const int64_t want = *restored_;
        restored_.reset();
        if (!regular_) {
            host_.warn(name() + ": not a regular file, ignoring the restored position " +
                       std::to_string(want));
        } else if (st.st_size < want) {
            host_.warn(name() + " is shorter (" + std::to_string(st.st_size) +
                       " bytes) than its restored position " + std::to_string(want) +
                       ": it was truncated or replaced, reading it from the start");
        } else if (::lseek(fd.get(), want, SEEK_SET) != want) {
            throw std::runtime_error(name() + ": cannot seek to " + std::to_string(want) + ": " +
                                     errno_text(errno));
        } else {
            position_ = want;
        }
    }
    fd_ = std::move(fd);
    if (waiting_logged_) host_.info(name() + " appeared: reading it");
    waiting_logged_ = false;
    return true;
}

FileSource::Read FileSource::read_more() {
    if (!regular_) {
        pollfd p{fd_.get(), POLLIN, 0};
        if (::poll(&p, 1, 0) == 0) return Read::not_ready;
    }
    try {
        return buf_.fill(fd_.get()) > 0 ? Read::data : Read::eof;
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
    record_.offset(offset_.format(position_));
    return out.emit(record_);
}

FileSource::Step FileSource::pump(inlet::Emitter &out, size_t &budget) {
    if (!fd_ && !open_file()) return Step::idle;
    while (budget > 0) {
        if (skipping_) {
            if (auto n = buf_.consume_through_newline()) {
                position_ += static_cast<int64_t>(*n);
                skipping_ = false;
                continue;
            }
            position_ += static_cast<int64_t>(buf_.pending().size());
            buf_.consume(buf_.pending().size());
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
        } else if (buf_.pending().size() > opts_.line_max_bytes) {
            line_too_long(position_);
            skipping_ = true;
            continue;
        }
        switch (read_more()) {
        case Read::data: continue;
        case Read::not_ready: return Step::idle;
        case Read::eof: break;
        }
        switch (at_eof(out, budget)) {
        case Eof::finished: return Step::finished;
        case Eof::idle: return Step::idle;
        case Eof::again: continue;
        }
    }
    return Step::budget_spent;
}

FileSource::Eof FileSource::at_eof(inlet::Emitter &out, size_t &budget) {
    // The stream has ended for good, or this rotated-away file is complete: its unterminated
    // last line is a whole line now.
    auto flush_partial = [&] {
        if (skipping_ || buf_.pending().empty()) return;
        const std::string_view rest = buf_.pending();
        std::string_view text = rest;
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        position_ += static_cast<int64_t>(rest.size());
        buf_.consume(rest.size());
        if (budget > 0) --budget;
        // Accepted even when the batch is now full; the next line goes into the next poll.
        emit(out, text);
    };

    if (opts_.bounded || !regular_) {
        flush_partial();
        return Eof::finished;
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
        return Eof::again;
    }

    struct stat at_path {};
    if (::stat(path_.c_str(), &at_path) != 0) return Eof::idle; // moved away, nothing new yet
    if (at_path.st_dev == dev_ && at_path.st_ino == ino_) return Eof::idle;

    // Rotated: a new file has the name. Whatever was appended to the old one just before the
    // rotation is read first, then the new file from its start.
    if (read_more() == Read::data) return Eof::again;
    flush_partial();
    host_.info(name() + " was rotated (new inode): reading the new file from the start");
    restored_.reset();
    fd_.reset();
    if (!open_file()) return Eof::idle;
    return Eof::again;
}

} // namespace inlet_file
