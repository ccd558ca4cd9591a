// A fixed-size read buffer that splits a byte stream into lines without copying them.
//
// Lines come out as string_views into the buffer, valid until the next fill()/compact(); bytes
// after the last newline stay buffered ("pending") until the rest of their line arrives. The
// buffer never grows: memory is constant whatever the file size or line length.
#pragma once

#include <cstddef>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace inlet_file {

class LineBuffer {
public:
    explicit LineBuffer(size_t capacity);

    struct Line {
        std::string_view text; // without the '\n' and without one '\r' before it
        size_t consumed;       // bytes taken from the stream, newline included
    };

    // The next complete line, or nullopt when the buffered bytes hold no newline. Inline: it
    // runs once per line, and the caller then needs no Line in memory.
    std::optional<Line> next() {
        const size_t from = scanned_ > begin_ ? scanned_ : begin_;
        const void *nl = std::memchr(data_.data() + from, '\n', end_ - from);
        if (nl == nullptr) {
            scanned_ = end_;
            return std::nullopt;
        }
        const size_t at = static_cast<size_t>(static_cast<const char *>(nl) - data_.data());
        size_t len = at - begin_;
        if (len > 0 && data_[at - 1] == '\r') --len;
        Line line{{data_.data() + begin_, len}, at + 1 - begin_};
        begin_ = at + 1;
        scanned_ = begin_;
        return line;
    }
    // Buffered bytes not yet returned as a line (a partial line).
    std::string_view pending() const { return {data_.data() + begin_, end_ - begin_}; }
    // Consumes `n` pending bytes (a final unterminated line, or a skipped overlong one).
    void consume(size_t n);
    // Consumes pending bytes up to and including the first newline; returns how many, or
    // nullopt (consuming nothing) when there is none.
    std::optional<size_t> consume_through_newline();
    // True when the pending bytes fill the whole buffer: no more room to complete the line.
    bool full() const { return begin_ == 0 && end_ == data_.size(); }
    void clear() { begin_ = end_ = scanned_ = 0; }

    // Moves pending bytes to the front and reads once from `fd` into the free space. Returns the
    // bytes read (0 at end of file, or when full()). Throws std::system_error on a read error.
    size_t fill(int fd);

private:
    std::vector<char> data_;
    size_t begin_ = 0;   // first pending byte
    size_t end_ = 0;     // one past the last buffered byte
    size_t scanned_ = 0; // bytes [begin_, scanned_) are known to hold no newline
};

} // namespace inlet_file
