#include "file_task.hpp"

#include "file_list.hpp"

#include <poll.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace inlet_file {
namespace {

std::optional<struct stat> stat_of(const std::string &path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || S_ISDIR(st.st_mode)) return std::nullopt;
    return st;
}

} // namespace

std::vector<std::string> configured_files(const inlet::Config &c) {
    if (auto assigned = c.get(key::task_files)) return split_paths(*assigned);
    if (reads_stdin(c)) return {};
    if (c.get(key::file)) return {std::string(*c.get(key::file))};
    return expand_files(c.list(key::files));
}

FileTask::FileTask(inlet::TaskContext &ctx) : opts_(task_options(ctx.config)), host_(ctx.host) {
    const inlet::Config &c = ctx.config;
    if (reads_stdin(c)) {
        const bool empty_name = c.get(key::file).has_value();
        auto src = std::make_unique<FileSource>(empty_name, opts_.source, host_, keeper_);
        // Kafka's task never reads an offset for stdin (it writes {"position":null}); a position
        // here was written by hand, and is said to be ignored.
        int64_t pos = 0;
        if (auto off = ctx.offsets.get(empty_name ? "{\"filename\":\"\"}" : "{\"filename\":null}"))
            if (host_.raw()->json_i64_field(off->c_str(), "position", &pos))
                host_.warn("stdin: ignoring the restored offset " + *off +
                           " (standard input cannot be replayed)");
        ctx.host.warn("reading standard input (not replayable: a restart cannot re-read it, so "
                      "exactly-once does not hold for this source)");
        sources_.push_back(std::move(src));
        open_ = 1;
        can_finish_ = true;
        return;
    }
    path_mode_ = c.get(key::file).has_value() && !c.get(key::files);
    entries_ = path_mode_ ? std::vector<std::string>{std::string(*c.get(key::file))} : c.list(key::files);
    refresh_ = path_mode_ ? opts_.tail_interval : opts_.refresh;
    can_finish_ = opts_.source.bounded;
    load_restored(ctx);
    if (path_mode_) {
        live_ = take_path_offset(entries_.front());
        // The file the snapshot was reading is looked for by identity if the name has moved on.
        if (live_ && live_->id && !by_identity_.count(*live_->id))
            by_identity_[*live_->id] = Restored{"", entries_.front(), live_->position, false};
    }
    const auto naming = path_mode_ ? FileSource::Naming::path : FileSource::Naming::identity;
    if (opts_.source.bounded) {
        for (auto &p : configured_files(c)) {
            auto st = stat_of(p);
            if (!st) throw std::runtime_error("file '" + p + "': " + std::strerror(ENOENT));
            const Identity id = identity_of(*st);
            add(p, id, restored_position(p, id, naming), naming);
        }
        return;
    }
    scan(nullptr);
    resume_rotated();
    if (path_mode_ && sources_.empty())
        host_.info("file '" + entries_.front() + "' does not exist yet: waiting for it");
    next_scan_ = Clock::now() + refresh_;
}

void FileTask::load_restored(const inlet::TaskContext &ctx) {
    const inlet_host *h = host_.raw();
    ctx.offsets.each([&](std::string_view partition, const char *offset) {
        const std::string part(partition);
        int64_t ino = 0, dev = 0;
        if (!h->json_i64_field(part.c_str(), "inode", &ino)) {
            char name[4096];
            if (h->json_str_field(part.c_str(), "filename", name, sizeof name))
                by_path_[name] = offset;
            return;
        }
        h->json_i64_field(part.c_str(), "dev", &dev);
        const Identity id{static_cast<uint64_t>(dev), static_cast<uint64_t>(ino)};
        // Tail mode owns files by identity; bounded mode by the connector's list (task.files).
        if (!path_mode_ && !opts_.source.bounded && owner_of(id, opts_.task_count) != opts_.task_index)
            return;
        Restored r;
        r.partition = part;
        char name[4096] = "";
        h->json_str_field(part.c_str(), "filename", name, sizeof name);
        r.filename = name;
        r.position = ctx.offsets.i64_field(partition, offset, "position").value_or(0);
        if (r.position < 0)
            throw inlet::OffsetError("partition " + part + ": the restored position " +
                                     std::to_string(r.position) + " is negative");
        const auto done = inlet::detail::json_field_text(offset, "done");
        r.done = done && *done == "true";
        by_identity_[id] = std::move(r);
    });
}

std::optional<FileTask::PathOffset> FileTask::take_path_offset(const std::string &path) {
    auto it = by_path_.find(path);
    if (it == by_path_.end()) return std::nullopt;
    const std::string partition = inlet::json_object("filename", path);
    const std::string offset = std::move(it->second);
    by_path_.erase(it);
    // Kafka's FileStreamSourceTask.poll refuses a position that is not a Long ("Offset position
    // is the incorrect type"); FileStreamSourceConnector.alterOffsets refuses a negative one.
    const inlet_host *h = host_.raw();
    PathOffset r;
    r.position = inlet::Offsets(h, nullptr).i64_field(partition, offset.c_str(), "position").value_or(0);
    if (r.position < 0)
        throw inlet::OffsetError("partition " + partition + ": the restored offset " + offset +
                                 " has a negative position; the task cannot tell where to resume");
    int64_t ino = 0, dev = 0;
    if (h->json_i64_field(offset.c_str(), "inode", &ino)) {
        h->json_i64_field(offset.c_str(), "dev", &dev);
        r.id = Identity{static_cast<uint64_t>(dev), static_cast<uint64_t>(ino)};
    }
    return r;
}

int64_t FileTask::restored_position(const std::string &path, const Identity &id,
                                    FileSource::Naming n) {
    if (n == FileSource::Naming::path) {
        // Applies once, to the first file found at the path: the one the snapshot names, or any
        // file for Kafka's offsets (no identity; a shorter file is read from its start).
        auto r = std::move(live_);
        live_.reset();
        return r && (!r->id || *r->id == id) ? r->position : 0;
    }
    if (auto it = by_identity_.find(id); it != by_identity_.end()) return it->second.position;
    auto legacy = take_path_offset(path); // a snapshot from before files were named by identity
    return legacy && (!legacy->id || *legacy->id == id) ? legacy->position : 0;
}

FileSource &FileTask::add(std::string path, const Identity &id, int64_t position,
                          FileSource::Naming n) {
    sources_.push_back(std::make_unique<FileSource>(std::move(path), id, position, n, opts_.source, host_, keeper_));
    // Tail mode: the file's identity goes into the next snapshot even before a line is read, so
    // a file rotated away before its first line was snapshotted is still found after a crash.
    if (!opts_.source.bounded) sources_.back()->announce_later();
    return *sources_.back();
}

void FileTask::scan(inlet::Emitter *out) {
    struct Found {
        std::string path;
        int64_t size;
    };
    std::map<Identity, Found> found;
    for (auto &p : path_mode_ ? entries_ : expand_files(entries_, false)) {
        auto st = stat_of(p);
        if (!st) continue;
        const Identity id = identity_of(*st);
        if (!path_mode_ && owner_of(id, opts_.task_count) != opts_.task_index) continue;
        found.try_emplace(id, Found{p, static_cast<int64_t>(st->st_size)});
    }
    for (auto &s : sources_) {
        auto it = found.find(s->identity());
        if (it != found.end()) {
            if (s->path() != it->second.path) s->rename(it->second.path);
            if (s->naming() == FileSource::Naming::identity || !path_mode_) s->stop_draining();
            if (!s->is_open() && it->second.size != s->position()) s->want_read();
            found.erase(it);
        } else if (!s->draining()) {
            // Left the set: renamed away (rotated) or deleted. Read on until quiet.
            if (path_mode_ && s->naming() == FileSource::Naming::path) {
                if (out) s->detach(*out);
                else s->announce_later();
                host_.info("file '" + s->path() + "' was rotated: reading the rest of the old "
                           "file until it is quiet for rotate.wait.ms, and the new one from its start");
            }
            s->start_draining();
            if (!s->is_open()) s->want_read();
        }
    }
    const auto naming = path_mode_ ? FileSource::Naming::path : FileSource::Naming::identity;
    for (auto &[id, f] : found) add(f.path, id, restored_position(f.path, id, naming), naming);
}

void FileTask::resume_rotated() {
    for (const auto &[id, r] : by_identity_) {
        if (r.done) continue;
        const bool have = std::any_of(sources_.begin(), sources_.end(),
                                      [&](const auto &s) { return s->identity() == id; });
        if (have) continue;
        auto where = find_in_directory(r.filename.empty() ? entries_.front() : r.filename, id);
        if (!where) {
            host_.warn("file '" + r.filename + "' (inode " + std::to_string(id.ino) +
                       ") had been read to byte " + std::to_string(r.position) +
                       " and is gone: anything written to it after that was not read");
            if (!r.partition.empty()) gone_.push_back(r.partition + "\n" + std::to_string(r.position));
            continue;
        }
        host_.info("file '" + r.filename + "' was rotated to '" + *where +
                   "' while stopped: reading it from byte " + std::to_string(r.position));
        auto &s = add(*where, id, r.position, FileSource::Naming::identity);
        s.start_draining();
        s.announce_later();
    }
}

FileTask::Reopen FileTask::reopen_elsewhere(FileSource &s, inlet::Emitter &out, int64_t now_ms) {
    if (auto where = find_in_directory(s.path(), s.identity())) {
        s.rename(*where);
        if (s.open()) return Reopen::opened;
    }
    if (!s.draining()) {
        scan_now_ = true; // the name holds another file or none: the scan decides what it was
        return Reopen::later;
    }
    host_.warn("file '" + s.path() + "' is gone; it had been read to byte " +
               std::to_string(s.position()));
    s.finish(out, now_ms);
    return Reopen::gone;
}

bool FileTask::idle(FileSource &s, inlet::Emitter &out, Clock::time_point now, int64_t now_ms,
                    bool others_waiting) {
    if (s.draining()) {
        if (now - s.last_data() < opts_.rotate_wait) return false;
        host_.info("file '" + s.path() + "' had no new data for rotate.wait.ms: done with it");
        s.finish(out, now_ms);
        --open_;
        return true;
    }
    // Has the name been given to another file (rotation), or removed?
    auto st = stat_of(s.path());
    if (!st || identity_of(*st) != s.identity()) scan_now_ = true;
    if (s.closable() && (others_waiting || now - s.last_data() >= opts_.close_inactive)) {
        s.close();
        --open_;
    }
    return false;
}

bool FileTask::wait(std::chrono::milliseconds ms) {
    std::vector<pollfd> fds;
    fds.push_back({wake_.fd(), POLLIN, 0});
    for (const auto &s : sources_)
        if (int fd = s->wait_fd(); fd >= 0) fds.push_back({fd, POLLIN, 0});
    const int rc = ::poll(fds.data(), fds.size(), static_cast<int>(ms.count()));
    if (rc < 0 && errno != EINTR) throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    return wake_.drain();
}

inlet::Poll FileTask::poll(inlet::Emitter &out, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    keeper_.next_poll(); // the lines lent two polls ago are ours again
    retired_.clear();    // the names of the last poll's finished sources are free again
    for (auto &s : sources_)
        if (s->announce_pending()) s->announce(out);
    for (const auto &g : gone_) {
        const size_t nl = g.find('\n');
        const std::string done = "{\"done\":true,\"position\":" + g.substr(nl + 1) + "}";
        out.advance(g.substr(0, nl).c_str(), done.c_str());
    }
    gone_.clear();
    size_t budget = opts_.batch_size;
    for (;;) {
        const auto now = Clock::now();
        const int64_t now_ms = host_.now_ms();
        if (!opts_.source.bounded && (scan_now_ || now >= next_scan_)) {
            scan_now_ = false;
            scan(&out);
            next_scan_ = now + refresh_;
        }
        const size_t n = sources_.size();
        size_t waiting = 0;
        for (const auto &s : sources_) waiting += !s->is_open() && s->wants_read();
        bool full = false;
        bool opened = false;
        std::vector<bool> done(n, false);
        for (size_t k = 0; k < n && budget > 0 && !full; ++k) {
            const size_t i = (next_ + k) % n;
            FileSource &s = *sources_[i];
            if (!s.is_open()) {
                if (!s.wants_read() || open_ >= opts_.max_open) continue;
                if (!s.open()) {
                    if (opts_.source.bounded)
                        throw std::runtime_error("file '" + s.path() + "' was removed or replaced "
                                                 "before it was read (mode=bounded)");
                    const Reopen r = reopen_elsewhere(s, out, now_ms);
                    if (r == Reopen::gone) done[i] = true;
                    if (r != Reopen::opened) continue;
                }
                ++open_;
                opened = true;
                if (waiting > 0) --waiting;
            }
            switch (s.pump(out, budget, now_ms)) {
            case FileSource::Step::finished:
                done[i] = true;
                --open_;
                break;
            case FileSource::Step::batch_full: full = true; break;
            case FileSource::Step::budget_spent: break;
            case FileSource::Step::idle:
                if (!opts_.source.bounded && !s.is_stdin() && s.at_end())
                    done[i] = idle(s, out, now, now_ms, waiting > 0);
                break;
            }
        }
        if (n > 0) next_ = (next_ + 1) % n;
        for (size_t i = n; i-- > 0;)
            if (done[i]) {
                retired_.push_back(std::move(sources_[i]));
                sources_.erase(sources_.begin() + static_cast<ptrdiff_t>(i));
            }
        if (can_finish_ && sources_.empty()) return inlet::Poll::finished;
        if (next_ >= sources_.size()) next_ = 0;
        // Hand over whatever this poll has; only an empty poll waits for new lines.
        if (full || budget < opts_.batch_size) return inlet::Poll::more;
        // Files waiting for a descriptor that just freed up go now.
        if (opened && waiting > 0 && open_ < opts_.max_open) continue;
        // Whole milliseconds left, rounded down: poll(2) may sleep a little longer than asked.
        const auto left = std::chrono::floor<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return inlet::Poll::more;
        if (wait(std::min(left, opts_.tail_interval))) return inlet::Poll::more;
    }
}

} // namespace inlet_file
