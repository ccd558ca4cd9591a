#include "file_task.hpp"

#include "file_list.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace inlet_file {

std::vector<std::string> configured_files(const inlet::Config &c) {
    if (auto assigned = c.get(key::task_files)) return split_paths(*assigned);
    if (auto one = c.get(key::file); one && !one->empty()) return {std::string(*one)};
    return expand_files(c.list(key::files));
}

FileTask::FileTask(inlet::TaskContext &ctx) {
    const inlet::Config &c = ctx.config;
    SourceOptions opts;
    opts.topic = c.string(key::topic);
    if (opts.topic.empty()) throw inlet::ConfigError(key::topic, "required: the topic of every record");
    const int64_t max_line = c.integer(key::line_max_bytes, 1 << 20);
    if (max_line < 1) throw inlet::ConfigError(key::line_max_bytes, "must be >= 1");
    opts.line_max_bytes = static_cast<size_t>(max_line);
    const std::string too_long = c.string(key::line_too_long, "skip");
    if (too_long != "skip" && too_long != "fail")
        throw inlet::ConfigError(key::line_too_long, "must be skip or fail, got '" + too_long + "'");
    opts.fail_on_long_line = too_long == "fail";
    const std::string mode = c.string(key::mode, "tail");
    if (mode != "tail" && mode != "bounded")
        throw inlet::ConfigError(key::mode, "must be tail or bounded, got '" + mode + "'");
    opts.bounded = mode == "bounded";
    const int64_t batch = c.integer(key::batch_size, 2000);
    if (batch < 1) throw inlet::ConfigError(key::batch_size, "must be >= 1");
    batch_size_ = static_cast<size_t>(batch);
    const int64_t interval = c.integer(key::tail_interval, 100);
    if (interval < 1) throw inlet::ConfigError(key::tail_interval, "must be >= 1");
    tail_interval_ = std::chrono::milliseconds(interval);

    std::vector<std::string> paths = configured_files(c);
    if (paths.empty()) {
        ctx.host.warn("no file configured: reading standard input (not replayable: a restart "
                      "cannot re-read it, so exactly-once does not hold for this source)");
        paths.emplace_back();
    }
    for (const auto &p : paths)
        sources_.push_back(std::make_unique<FileSource>(
            p, opts, ctx.host, ctx.offsets.get_i64(FileSource::partition_for(p), "position")));
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
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + timeout;
    size_t budget = batch_size_;
    for (;;) {
        const size_t n = sources_.size();
        bool full = false;
        std::vector<bool> done(n, false);
        for (size_t k = 0; k < n && budget > 0 && !full; ++k) {
            const size_t i = (next_ + k) % n;
            switch (sources_[i]->pump(out, budget)) {
            case FileSource::Step::finished: done[i] = true; break;
            case FileSource::Step::batch_full: full = true; break;
            case FileSource::Step::budget_spent:
            case FileSource::Step::idle: break;
            }
        }
        if (n > 0) next_ = (next_ + 1) % n;
        for (size_t i = n; i-- > 0;)
            if (done[i]) sources_.erase(sources_.begin() + static_cast<ptrdiff_t>(i));
        if (sources_.empty()) return inlet::Poll::finished;
        if (next_ >= sources_.size()) next_ = 0;
        // Hand over whatever this poll has; only an empty poll waits for new lines.
        if (full || budget < batch_size_) return inlet::Poll::more;
        // Whole milliseconds left, rounded down: poll(2) may sleep a little longer than asked.
        const auto left = std::chrono::floor<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return inlet::Poll::more;
        if (wait(std::min(left, tail_interval_))) return inlet::Poll::more;
    }
}

} // namespace inlet_file
