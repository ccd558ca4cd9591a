// A growable byte buffer the formats write into directly (no per-record std::string). The sink
// owning it flushes it to its destination once it passes a threshold (1 MiB for files), so
// writes are large and few. Memory follows the load: pages that a burst filled (a catch-up
// after a restart) but the fills since have not needed go back to the system.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include <sys/mman.h>
#include <unistd.h>

namespace inlet::host {

class OutBuffer {
public:
    explicit OutBuffer(size_t initial = 1 << 16) : data_(new char[initial]), cap_(initial) {}

    // Room for n more bytes; returns where they go (commit them with advance()).
    char *reserve(size_t n) {
        if (len_ + n > cap_) grow(len_ + n);
        return data_.get() + len_;
    }
    void advance(size_t n) { len_ += n; }
    void append(const char *p, size_t n) {
        std::memcpy(reserve(n), p, n);
        len_ += n;
    }
    void append(std::string_view s) { append(s.data(), s.size()); }
    void push(char c) {
        if (len_ == cap_) grow(len_ + 1);
        data_[len_++] = c;
    }

    const char *data() const { return data_.get(); }
    size_t size() const { return len_; }
    bool empty() const { return len_ == 0; }
    // Forget the bytes (they were written). Every `fills_per_check` fills, the pages beyond
    // twice the largest of those fills are returned if a burst had touched them.
    void clear() {
        touched_ = std::max(touched_, len_);
        recent_ = std::max(recent_, len_);
        len_ = 0;
        if (++fills_ == fills_per_check) release_unused();
    }
    static constexpr unsigned fills_per_check = 64;
    std::string_view view() const { return {data_.get(), len_}; }

private:
    void grow(size_t need) {
        size_t cap = cap_ * 2;
        while (cap < need) cap *= 2;
        std::unique_ptr<char[]> bigger(new char[cap]);
        std::memcpy(bigger.get(), data_.get(), len_);
        data_ = std::move(bigger);
        cap_ = cap;
        touched_ = len_;
    }
    void release_unused() {
        size_t page = size_t(::sysconf(_SC_PAGESIZE));
        auto base = reinterpret_cast<uintptr_t>(data_.get());
        // Whole pages only, inside the buffer: the allocator's bookkeeping around it is not ours.
        uintptr_t from = (base + std::min(cap_, recent_ * 2) + page - 1) / page * page;
        uintptr_t to = (base + touched_) / page * page;
        if (to > from && to - from >= (64u << 10)) {
            // The contents there are dead (past every byte a fill since has used); the pages
            // read as zero if touched again. A failure only means the memory stays.
            ::madvise(reinterpret_cast<void *>(from), to - from, MADV_DONTNEED);
            touched_ = from - base;
        }
        fills_ = 0;
        recent_ = 0;
    }
    std::unique_ptr<char[]> data_;
    size_t cap_;
    size_t len_ = 0;
    size_t touched_ = 0; // bytes from the start that a fill has used since the last release
    size_t recent_ = 0;  // the largest fill since the last check
    unsigned fills_ = 0;
};

} // namespace inlet::host
