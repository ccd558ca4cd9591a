#include "rest/view_cache.hpp"

namespace inlet::rest {

namespace {
// Enough for every read path of a worker's connectors; a client cycling through made-up paths
// gets them rendered each time rather than growing the map.
constexpr size_t max_rendered = 64;
} // namespace

std::optional<Response> ViewCache::Copy::rendered(const std::string &target) const {
    std::lock_guard lock(mu_);
    auto it = rendered_.find(target);
    if (it == rendered_.end()) return std::nullopt;
    return it->second;
}

void ViewCache::Copy::keep(const std::string &target, const Response &r) const {
    std::lock_guard lock(mu_);
    if (rendered_.size() < max_rendered) rendered_.emplace(target, r);
}

ViewCache::ViewCache(std::function<host::JobView()> read, std::chrono::milliseconds max_age,
                     std::function<Clock::time_point()> now)
    : read_(std::move(read)), max_age_(max_age), now_(std::move(now)) {}

std::shared_ptr<const ViewCache::Copy> ViewCache::current() {
    {
        std::lock_guard lock(mu_);
        if (copy_ && fresh(*copy_, now_())) return copy_;
    }
    std::lock_guard one(copying_);
    {
        std::lock_guard lock(mu_);
        if (copy_ && fresh(*copy_, now_())) return copy_; // copied while this one waited
    }
    // The epoch and the time are read before the view: a change or a tick that lands while it
    // is copied makes this copy stale, never a newer one look old.
    uint64_t epoch = epoch_.load();
    Clock::time_point taken = now_();
    auto copy = std::make_shared<const Copy>(read_(), taken, epoch);
    std::lock_guard lock(mu_);
    copy_ = copy;
    return copy;
}

} // namespace inlet::rest
