// A growable byte buffer the formats write into directly (no per-record std::string). The sink
// owning it flushes it to its destination once it passes a threshold (1 MiB for files), so
// writes are large and few.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

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
    void clear() { len_ = 0; }
    std::string_view view() const { return {data_.get(), len_}; }

private:
    void grow(size_t need) {
        size_t cap = cap_ * 2;
        while (cap < need) cap *= 2;
        std::unique_ptr<char[]> bigger(new char[cap]);
        std::memcpy(bigger.get(), data_.get(), len_);
        data_ = std::move(bigger);
        cap_ = cap;
    }
    std::unique_ptr<char[]> data_;
    size_t cap_;
    size_t len_ = 0;
};

} // namespace inlet::host
