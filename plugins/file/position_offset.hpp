// The offset text {"position":n}, formatted into a fixed buffer: no allocation and no string
// copies on the hot path.
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace inlet_file {

class PositionOffset {
public:
    PositionOffset() { std::memcpy(buf_, prefix, prefix_len); }

    const char *format(int64_t position) {
        // Successive positions differ by one line, which usually changes only the last four
        // digits: while those do not wrap around, they alone are rewritten, two at a time
        // from a table, instead of converting the whole number again.
        if (end_ != 0 && last_ >= 1000 && position >= last_ && position - last_ < 10000 - low_) {
            low_ += unsigned(position - last_);
            std::memcpy(buf_ + end_ - 4, &pairs[2 * (low_ / 100)], 2);
            std::memcpy(buf_ + end_ - 2, &pairs[2 * (low_ % 100)], 2);
        } else {
            char *end = std::to_chars(buf_ + prefix_len, buf_ + sizeof buf_ - 2, position).ptr;
            end[0] = '}';
            end[1] = '\0';
            end_ = size_t(end - buf_);
            low_ = position >= 0 ? unsigned(position % 10000) : 0;
        }
        last_ = position;
        return buf_;
    }

private:
    static constexpr std::array<char, 200> pairs = [] {
        std::array<char, 200> t{};
        for (int i = 0; i < 100; ++i) {
            t[size_t(2 * i)] = char('0' + i / 10);
            t[size_t(2 * i + 1)] = char('0' + i % 10);
        }
        return t;
    }();
    static constexpr char prefix[] = "{\"position\":";
    static constexpr size_t prefix_len = sizeof prefix - 1;
    char buf_[prefix_len + 20 + 2]{}; // prefix, sign and up to 19 digits, '}', NUL
    size_t end_ = 0;                  // one past the last digit; 0 until formatted once
    int64_t last_ = 0;                // the position formatted last
    unsigned low_ = 0;                // its last four digits, when it has four
};

} // namespace inlet_file
