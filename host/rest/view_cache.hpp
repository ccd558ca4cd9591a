// The job's view as the REST API's read endpoints see it: copied from the job at most once per
// `max_age` (100 ms in the worker), and every response rendered from one copy (a /metrics
// scrape, a connector's status) kept with it and served again until the copy is replaced. So
// 200 clients asking for status and /metrics cost the job about ten copies of its view a
// second, not one per request, and /metrics is serialised about ten times a second whatever
// the load (rest/README.md, "Under load").
//
// Freshness: a read never sees values older than `max_age`, measured from the moment the copy
// was started. A change made through the API (any request other than GET) drops the copy, so
// the client that made it, and everyone after, sees the change at once.
#pragma once

#include "engine/job_view.hpp"
#include "rest/http_types.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace inlet::rest {

class ViewCache {
public:
    using Clock = std::chrono::steady_clock;

    // One copy of the view and the responses rendered from it, by request target.
    class Copy {
    public:
        Copy(host::JobView view, Clock::time_point taken, uint64_t epoch)
            : view_(std::move(view)), taken_(taken), epoch_(epoch) {}
        const host::JobView &view() const { return view_; }
        std::optional<Response> rendered(const std::string &target) const;
        // Keeps `r` for `target`; beyond a few dozen targets (a client making up paths), no more.
        void keep(const std::string &target, const Response &r) const;

    private:
        friend class ViewCache;
        host::JobView view_;
        Clock::time_point taken_;
        uint64_t epoch_;
        mutable std::mutex mu_;
        mutable std::map<std::string, Response, std::less<>> rendered_;
    };

    // `read` copies the job's view (Job::view()); `now` is the clock (a test's own).
    ViewCache(std::function<host::JobView()> read, std::chrono::milliseconds max_age,
              std::function<Clock::time_point()> now = Clock::now);

    // The current copy, taken now when the last one is older than max_age or was dropped. One
    // caller copies; the others that need a new copy meanwhile wait for that one.
    std::shared_ptr<const Copy> current();
    // Drops the current copy: the next read copies the view again.
    void invalidate() { epoch_.fetch_add(1); }

private:
    bool fresh(const Copy &c, Clock::time_point now) const {
        return c.epoch_ == epoch_.load() && now - c.taken_ < max_age_;
    }

    std::function<host::JobView()> read_;
    std::chrono::milliseconds max_age_;
    std::function<Clock::time_point()> now_;
    std::atomic<uint64_t> epoch_{0};
    std::mutex mu_;      // copy_
    std::mutex copying_; // one copy at a time
    std::shared_ptr<const Copy> copy_;
};

} // namespace inlet::rest
