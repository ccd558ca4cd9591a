// The offset text {"count":n} for a count that goes up by one per record, kept in a fixed buffer
// and incremented in place: the hot loop does no number formatting and no allocation.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>

namespace inlet_random {

class CountOffset {
public:
    explicit CountOffset(uint64_t n = 0) { set(n); }

    void set(uint64_t n) {
        std::memcpy(buf_, prefix, prefix_len);
        char *end = std::to_chars(buf_ + prefix_len, buf_ + sizeof buf_ - 2, n).ptr;
        end_ = static_cast<size_t>(end - buf_);
        buf_[end_] = '}';
        buf_[end_ + 1] = '\0';
    }

    // n -> n + 1, in decimal, in place.
    void increment() {
        size_t i = end_;
        while (i > prefix_len) {
            --i;
            if (buf_[i] != '9') {
                ++buf_[i];
                return;
            }
            buf_[i] = '0';
        }
        // 99..9 + 1: one more digit; all the others are zeros already.
        buf_[prefix_len] = '1';
        buf_[end_] = '0';
        ++end_;
        buf_[end_] = '}';
        buf_[end_ + 1] = '\0';
    }

    const char *c_str() const { return buf_; }

private:
    static constexpr char prefix[] = "{\"count\":";
    static constexpr size_t prefix_len = sizeof prefix - 1;
    char buf_[prefix_len + 20 + 2]{}; // prefix, up to 20 digits, '}', NUL
    size_t end_ = 0;                  // one past the last digit
};

} // namespace inlet_random
