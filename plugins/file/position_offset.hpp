// The offset text {"position":n}, formatted into a fixed buffer: one to_chars per line, no
// allocation and no string copies on the hot path.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>

namespace inlet_file {

class PositionOffset {
public:
    PositionOffset() { std::memcpy(buf_, prefix, prefix_len); }

    const char *format(int64_t position) {
        char *end = std::to_chars(buf_ + prefix_len, buf_ + sizeof buf_ - 2, position).ptr;
        end[0] = '}';
        end[1] = '\0';
        return buf_;
    }

private:
    static constexpr char prefix[] = "{\"position\":";
    static constexpr size_t prefix_len = sizeof prefix - 1;
    char buf_[prefix_len + 20 + 2]{}; // prefix, sign and up to 19 digits, '}', NUL
};

} // namespace inlet_file
