#include "buffer_keeper.hpp"

#include <algorithm>

namespace inlet_file {

void BufferKeeper::next_poll() {
    ++poll_;
    auto freed = std::stable_partition(pinned_.begin(), pinned_.end(),
                                       [&](const Buffer &b) { return pinned(b.used); });
    for (auto it = freed; it != pinned_.end(); ++it) keep_spare(std::move(*it));
    pinned_.erase(freed, pinned_.end());
    std::erase_if(spare_, [&](const Buffer &b) {
        if (b.spare_since + spare_polls > poll_) return false;
        spare_bytes_ -= b.size;
        return true;
    });
}

void BufferKeeper::retire(Buffer b) {
    if (b.data == nullptr) return;
    if (pinned(b.used)) pinned_.push_back(std::move(b));
    else keep_spare(std::move(b));
}

void BufferKeeper::keep_spare(Buffer b) {
    if (spare_bytes_ + b.size > spare_limit) return; // freed here
    spare_bytes_ += b.size;
    b.used = 0;
    b.spare_since = poll_;
    spare_.push_back(std::move(b));
}

BufferKeeper::Buffer BufferKeeper::take(size_t size) {
    for (auto it = spare_.begin(); it != spare_.end(); ++it) {
        if (it->size != size) continue;
        Buffer b = std::move(*it);
        spare_.erase(it);
        spare_bytes_ -= b.size;
        return b;
    }
    return {size ? std::unique_ptr<char[]>(new char[size]) : nullptr, size, 0};
}

size_t BufferKeeper::held_bytes() const {
    size_t n = spare_bytes_;
    for (const auto &b : pinned_) n += b.size;
    return n;
}

} // namespace inlet_file
