// The offset text {"position":n} (or {<fields>,"position":n} with a fixed prefix, e.g. the file's
// identity), formatted into a buffer sized once: no allocation and no string copies on the hot
// path.
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace inlet_file {

class PositionOffset {
public:
    // `fields`: JSON members written before "position", without braces (e.g. "\"inode\":5").
    explicit PositionOffset(std::string_view fields = {})
        : prefix_len_(1 + fields.size() + (fields.empty() ? 0 : 1) + key_len),
          buf_(new char[prefix_len_ + 20 + 2]), cap_(prefix_len_ + 20 + 2) {
        char *p = buf_.get();
        *p++ = '{';
        if (!fields.empty()) {
            std::memcpy(p, fields.data(), fields.size());
            p += fields.size();
            *p++ = ',';
        }
        std::memcpy(p, key, key_len);
    }
    PositionOffset(PositionOffset &&) noexcept = default;
    PositionOffset &operator=(PositionOffset &&) noexcept = default;

    const char *format(int64_t position) {
        // Successive positions differ by one line, which usually changes only the last four
        // digits: while those do not wrap around, they alone are rewritten, two at a time
        // from a table, instead of converting the whole number again.
        if (end_ != 0 && last_ >= 1000 && position >= last_ && position - last_ < 10000 - low_) {
            low_ += unsigned(position - last_);
            std::memcpy(buf_.get() + end_ - 4, &pairs[2 * (low_ / 100)], 2);
            std::memcpy(buf_.get() + end_ - 2, &pairs[2 * (low_ % 100)], 2);
        } else {
            char *end = std::to_chars(buf_.get() + prefix_len_, buf_.get() + cap_ - 2, position).ptr;
            end[0] = '}';
            end[1] = '\0';
            end_ = size_t(end - buf_.get());
            low_ = position >= 0 ? unsigned(position % 10000) : 0;
        }
        last_ = position;
        return buf_.get();
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
    static constexpr char key[] = "\"position\":";
    static constexpr size_t key_len = sizeof key - 1;
    size_t prefix_len_;
    std::unique_ptr<char[]> buf_; // prefix, sign and up to 19 digits, '}', NUL
    size_t cap_;
    size_t end_ = 0;                  // one past the last digit; 0 until formatted once
    int64_t last_ = 0;                // the position formatted last
    unsigned low_ = 0;                // its last four digits, when it has four
};

} // namespace inlet_file
