#include "line_buffer.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace inlet_file {

LineBuffer::LineBuffer(size_t max_capacity, size_t initial, size_t read_ahead)
    : max_capacity_(std::max<size_t>(max_capacity, 1)),
      initial_(std::clamp<size_t>(initial, 1, max_capacity_)),
      read_ahead_(std::clamp<size_t>(read_ahead, initial_, max_capacity_)) {}

LineBuffer::~LineBuffer() {
    if (keeper_ != nullptr) keeper_->retire({std::move(data_), capacity_, pinned() ? used_ : 0});
}

void LineBuffer::consume(size_t n) {
    begin_ += n < end_ - begin_ ? n : end_ - begin_;
    if (scanned_ < begin_) scanned_ = begin_;
    handed_out(); // a final unterminated line is handed out from the pending bytes
}

std::optional<size_t> LineBuffer::consume_through_terminator() {
    if (begin_ == end_) return std::nullopt;
    const char *base = data_.get();
    const void *nl = std::memchr(base + begin_, '\n', end_ - begin_);
    const void *cr = std::memchr(base + begin_, '\r', end_ - begin_);
    size_t at;
    size_t term = 1;
    if (cr != nullptr && (nl == nullptr || cr < nl)) {
        at = static_cast<size_t>(static_cast<const char *>(cr) - base);
        if (at + 1 == end_) return std::nullopt;
        if (base[at + 1] == '\n') term = 2;
    } else if (nl != nullptr) {
        at = static_cast<size_t>(static_cast<const char *>(nl) - base);
    } else {
        return std::nullopt;
    }
    const size_t n = at + term - begin_;
    consume(n);
    return n;
}

void LineBuffer::resize(size_t capacity) {
    if (keeper_ != nullptr) {
        auto b = keeper_->take(capacity);
        replace(std::move(b.data), capacity);
    } else {
        replace(std::unique_ptr<char[]>(capacity ? new char[capacity] : nullptr), capacity);
    }
}

void LineBuffer::replace(std::unique_ptr<char[]> fresh, size_t capacity) {
    const size_t n = end_ - begin_;
    if (n) std::memcpy(fresh.get(), data_.get() + begin_, n);
    if (keeper_ != nullptr) keeper_->retire({std::move(data_), capacity_, pinned() ? used_ : 0});
    data_ = std::move(fresh);
    handed_ = 0;
    used_ = 0;
    capacity_ = capacity;
    scanned_ -= std::min(scanned_, begin_);
    cr_clear_ -= std::min(cr_clear_, begin_);
    cr_at_ = cr_at_ != none && cr_at_ >= begin_ ? cr_at_ - begin_ : none;
    begin_ = 0;
    end_ = n;
}

void LineBuffer::release() {
    if (capacity_ > end_ - begin_) resize(end_ - begin_);
    last_read_filled_ = false;
}

size_t LineBuffer::fill(int fd) {
    size_t want = capacity_;
    if (want < initial_) want = initial_;
    else if (end_ - begin_ == capacity_) want = std::min(max_capacity_, capacity_ * 2); // a long line
    else if (last_read_filled_ && capacity_ < read_ahead_) want = std::min(read_ahead_, capacity_ * 2);
    if (want != capacity_) {
        resize(std::max(want, end_ - begin_));
    } else if (pinned() && (begin_ > 0 || end_ < handed_)) {
        resize(capacity_); // the bytes before begin_ may still be the host's: read elsewhere
    } else if (begin_ > 0) {
        const size_t n = end_ - begin_;
        std::memmove(data_.get(), data_.get() + begin_, n);
        scanned_ -= std::min(scanned_, begin_);
        cr_clear_ -= std::min(cr_clear_, begin_);
        cr_at_ = cr_at_ != none && cr_at_ >= begin_ ? cr_at_ - begin_ : none;
        begin_ = 0;
        end_ = n;
        handed_ = 0;
    }
    if (end_ == capacity_) return 0;
    for (;;) {
        const ssize_t got = ::read(fd, data_.get() + end_, capacity_ - end_);
        if (got >= 0) {
            last_read_filled_ = static_cast<size_t>(got) == capacity_ - end_;
            end_ += static_cast<size_t>(got);
            return static_cast<size_t>(got);
        }
        if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "read");
    }
}

} // namespace inlet_file
