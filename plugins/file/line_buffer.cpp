#include "line_buffer.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace inlet_file {

LineBuffer::LineBuffer(size_t capacity) : data_(capacity == 0 ? 1 : capacity) {}

void LineBuffer::consume(size_t n) {
    begin_ += n < end_ - begin_ ? n : end_ - begin_;
    if (scanned_ < begin_) scanned_ = begin_;
}

std::optional<size_t> LineBuffer::consume_through_newline() {
    const void *nl = std::memchr(data_.data() + begin_, '\n', end_ - begin_);
    if (nl == nullptr) return std::nullopt;
    const size_t n = static_cast<size_t>(static_cast<const char *>(nl) - data_.data()) + 1 - begin_;
    consume(n);
    return n;
}

size_t LineBuffer::fill(int fd) {
    if (begin_ > 0) {
        const size_t n = end_ - begin_;
        std::memmove(data_.data(), data_.data() + begin_, n);
        scanned_ -= begin_;
        begin_ = 0;
        end_ = n;
    }
    if (end_ == data_.size()) return 0;
    for (;;) {
        const ssize_t got = ::read(fd, data_.data() + end_, data_.size() - end_);
        if (got >= 0) {
            end_ += static_cast<size_t>(got);
            return static_cast<size_t>(got);
        }
        if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "read");
    }
}

} // namespace inlet_file
