#include "sink/rolling_file_sink.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

namespace inlet::host {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view hidden_suffix = ".inprogress";

// The number in "<head><digits><tail>", or nothing when `name` is not laid out so.
std::optional<uint64_t> number_in(std::string_view name, std::string_view head, std::string_view tail) {
    if (name.size() <= head.size() + tail.size() || !name.starts_with(head) || !name.ends_with(tail))
        return std::nullopt;
    std::string_view digits = name.substr(head.size(), name.size() - head.size() - tail.size());
    if (digits.size() < 8 || digits.size() > 19) return std::nullopt;
    uint64_t n = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + uint64_t(c - '0');
    }
    return n;
}

std::string part_number(uint64_t part) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "%08" PRIu64, part);
    return digits;
}

void sync_dir(const fs::path &dir) {
    if (int err = sync_directory(dir.c_str()); err != 0)
        throw SinkError(os_error("cannot fsync output directory " + dir.string(), err));
}

} // namespace

RollingFileSink::RollingFileSink(const fs::path &prefix, OutputFormat format, RollPolicy policy)
    : StreamSink(UniqueFd(), make_format(format), "file " + prefix.string() + "-*"),
      dir_(prefix.parent_path().empty() ? fs::path(".") : prefix.parent_path()),
      stem_(prefix.stem().string()), ext_(prefix.extension().string()), policy_(policy) {
    if (!prefix.has_filename() || stem_.empty() || stem_ == "." || stem_ == "..")
        throw SinkError("file sink " + prefix.string() +
                        ": a rolling output is DIR/PREFIX, and this names no PREFIX");
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) throw SinkError("cannot create output directory " + dir_.string() + ": " + ec.message());
    std::string hidden_head = "." + stem_ + "-", head = stem_ + "-";
    std::string hidden_tail = ext_ + std::string(hidden_suffix);
    uint64_t highest = 0;
    for (const auto &e : fs::directory_iterator(dir_, ec)) {
        std::string name = e.path().filename().string();
        if (auto n = number_in(name, head, ext_)) {
            finished_.push_back(*n);
            highest = std::max(highest, *n);
        } else if (auto h = number_in(name, hidden_head, hidden_tail)) {
            pending_.push_back(*h); // left by a crash: settled by restore() or the next commit
            highest = std::max(highest, *h);
        }
    }
    if (ec) throw SinkError("cannot list output directory " + dir_.string() + ": " + ec.message());
    std::sort(finished_.begin(), finished_.end());
    std::sort(pending_.begin(), pending_.end());
    open_part(highest + 1, true);
    if (const char *hook = std::getenv("INLET_TEST_CRASH_IN_ROLL"))
        crash_on_roll_ = std::strtoull(hook, nullptr, 10);
}

RollingFileSink::~RollingFileSink() {
    // A stopped job's last in-progress part is empty (closing() rolled it): nothing to leave.
    if (part_length() == 0 && buffered() == 0) {
        std::error_code ec;
        fs::remove(hidden_name(part_), ec);
    }
}

fs::path RollingFileSink::finished_name(uint64_t part) const {
    return dir_ / (stem_ + "-" + part_number(part) + ext_);
}

fs::path RollingFileSink::hidden_name(uint64_t part) const {
    return dir_ / ("." + stem_ + "-" + part_number(part) + ext_ + std::string(hidden_suffix));
}

void RollingFileSink::open_part(uint64_t index, bool create_only) {
    fs::path path = hidden_name(index);
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (create_only ? O_TRUNC : 0);
    UniqueFd fd(::open(path.c_str(), flags, 0644));
    if (!fd) throw SinkError(os_error("cannot open output part " + path.string()));
    off_t end = ::lseek(fd.get(), 0, SEEK_END);
    if (end < 0) throw SinkError(os_error("cannot seek in output part " + path.string()));
    replace_fd(std::move(fd));
    part_ = index;
    part_start_ = uint64_t(end);
    part_written_from_ = written_;
    writeback_from_ = written_;
    part_opened_ = std::chrono::steady_clock::now();
}

bool RollingFileSink::too_old() const {
    return policy_.max_age.count() > 0 && part_length() + buffered() > 0 &&
           std::chrono::steady_clock::now() - part_opened_ >= policy_.max_age;
}

void RollingFileSink::flushed() {
    write_behind(part_start_ - part_written_from_);
}

void RollingFileSink::idle() {
    StreamSink::idle();
    if (too_old()) roll();
}

void RollingFileSink::roll() {
    flush();
    if (::fdatasync(fd()) != 0)
        throw SinkError(os_error("cannot fsync output part " + hidden_name(part_).string()));
    uint64_t rolled = part_;
    pending_.push_back(rolled);
    open_part(rolled + 1, true);
    // The new part's name must be durable before a snapshot names it.
    sync_dir(dir_);
    if (crash_on_roll_ != 0 && ++rolls_ == crash_on_roll_) {
        spdlog::warn("INLET_TEST_CRASH_IN_ROLL: aborting after rolling to {}", hidden_name(part_).string());
        std::abort();
    }
    if (!hold_) finish_pending(part_);
}

void RollingFileSink::finish_pending(uint64_t before) {
    bool renamed = false;
    auto it = pending_.begin();
    for (; it != pending_.end() && *it < before; ++it) {
        fs::path from = hidden_name(*it), to = finished_name(*it);
        if (::rename(from.c_str(), to.c_str()) != 0) {
            if (errno == ENOENT) continue; // finished already (a commit redone after a crash)
            throw SinkError(os_error("cannot rename " + from.string() + " to " + to.string()));
        }
        finished_.push_back(*it);
        renamed = true;
    }
    pending_.erase(pending_.begin(), it);
    // A rename lost to a power failure is redone by the next recovery (which finishes the
    // pending parts before the snapshot's): the sync only makes it visible sooner.
    if (renamed) sync_dir(dir_);
    retain();
}

void RollingFileSink::retain() {
    std::error_code ec;
    auto drop_oldest = [&] {
        fs::path path = finished_name(finished_.front());
        if (!fs::remove(path, ec) && ec)
            spdlog::warn("retention: cannot delete {}: {}", path.string(), ec.message());
        else
            spdlog::debug("retention: deleted {}", path.string());
        finished_.pop_front();
    };
    if (policy_.retain_parts > 0)
        while (finished_.size() > policy_.retain_parts) drop_oldest();
    if (policy_.retain_age.count() > 0) {
        auto cutoff = fs::file_time_type::clock::now() - policy_.retain_age;
        while (!finished_.empty()) {
            auto when = fs::last_write_time(finished_name(finished_.front()), ec);
            if (!ec && when > cutoff) break;
            drop_oldest(); // gone already (ec) or old enough
        }
    }
}

nlohmann::json RollingFileSink::make_durable() {
    SinkCut c = cut();
    c.sync();
    return std::move(c.state);
}

SinkCut RollingFileSink::cut() {
    if (too_old()) roll();
    flush();
    // Pending parts were synced when they were rolled: finishing them needs no wait here.
    if (!hold_) finish_pending(part_);
    else if (policy_.retain_age.count() > 0) retain();
    return {{{"kind", "file"},
             {"path", (dir_ / (stem_ + ext_)).string()},
             {"part", part_},
             {"length", part_length()}},
            sync_later("output part " + hidden_name(part_).string())};
}

void RollingFileSink::committed(const nlohmann::json &state) {
    if (!state.contains("part")) return;
    finish_pending(state.at("part").get<uint64_t>());
}

void RollingFileSink::closing() {
    if (part_length() + buffered() > 0) roll();
}

std::string RollingFileSink::resume_conflict(const nlohmann::json &state) {
    if (state.value("kind", "") != "file") return {};
    fs::path mine = (dir_ / (stem_ + ext_)).lexically_normal();
    fs::path was = recorded_path(state.value("path", ""));
    bool rolled = state.contains("part");
    if (rolled && was == mine) return {};
    if (part_length() == 0) {
        std::error_code ec;
        fs::remove(hidden_name(part_), ec); // made by this refused run only
    }
    return "its output was " + std::string(rolled ? "the rolled parts of " : "the single file ") +
           was.string() + ", this run's is the rolled parts of " + mine.string();
}

void RollingFileSink::restore(const nlohmann::json &state, bool rewind) {
    if (!rewind || state.value("kind", "") != "file" || !state.contains("part")) return;
    uint64_t cut = state.at("part").get<uint64_t>();
    uint64_t length = state.value("length", uint64_t(0));
    std::error_code ec;
    // This run's own first part (empty): the output goes on in the snapshot's part instead.
    fs::remove(hidden_name(part_), ec);
    // After the cut: nothing in them is in the snapshot. A finished one can be there only when
    // the newest snapshot was corrupt and an older one is used.
    for (uint64_t p : pending_)
        if (p > cut) fs::remove(hidden_name(p), ec);
    while (!finished_.empty() && finished_.back() >= cut) {
        uint64_t p = finished_.back();
        finished_.pop_back();
        if (p == cut) {
            spdlog::warn("exactly-once: part {} was finished after the snapshot; it is the "
                         "snapshot's in-progress part and is written on",
                         finished_name(p).string());
            fs::rename(finished_name(p), hidden_name(p), ec);
        } else {
            spdlog::warn("exactly-once: deleting {}: written after the snapshot",
                         finished_name(p).string());
            fs::remove(finished_name(p), ec);
        }
    }
    std::erase_if(pending_, [cut](uint64_t p) { return p >= cut; });
    bool exists = fs::exists(hidden_name(cut), ec);
    if (!exists && length > 0)
        throw SinkError("output part " + hidden_name(cut).string() + " is missing, but the "
                        "snapshot recorded " + std::to_string(length) +
                        " bytes in it: it was changed outside inlet");
    open_part(cut, false);
    rewind_file(fd(), hidden_name(cut).string(), length);
    part_start_ = length;
    part_written_from_ = written_;
    writeback_from_ = written_;
    // The parts before the cut are in the snapshot: finished now if a crash came between the
    // snapshot and their renames (a commit redone, as Flink re-commits after recovery).
    finish_pending(cut);
}

} // namespace inlet::host
