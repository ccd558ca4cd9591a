// A read buffer that splits a byte stream into lines without copying them.
//
// Line ends are Kafka's FileStreamSourceTask.extractLine: "\n", "\r\n" (one terminator) and a
// lone "\r". A "\r" that is the last buffered byte is undecided until the next byte arrives
// (it may be the first half of "\r\n"): the line waits for it, as Kafka's does.
//
// Lines come out as string_views into the buffer, valid until the next fill()/compact(); bytes
// after the last terminator stay buffered ("pending") until the rest of their line arrives.
// Kept with a BufferKeeper (keep_with), they stay valid longer: bytes handed out during the
// keeper's poll g are neither moved, overwritten nor freed before its poll g+2 begins, so the
// task can lend them to the host (INLET_RECORD_BORROWED); a fill that would overwrite them
// continues in another buffer instead.
// The buffer is sized to need: it starts small, doubles while reads fill it (a big file being
// read: up to `read_ahead`) or while one line does not fit (up to `max_capacity`), and
// release() gives the memory back when the file goes idle, so thousands of quiet files cost
// almost nothing.
#pragma once

#include "buffer_keeper.hpp"

#include <cstddef>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

namespace inlet_file {

class LineBuffer {
public:
    static constexpr size_t default_initial = 16 << 10;
    static constexpr size_t default_read_ahead = 1 << 20;

    explicit LineBuffer(size_t max_capacity, size_t initial = default_initial,
                        size_t read_ahead = default_read_ahead);
    ~LineBuffer();
    LineBuffer(const LineBuffer &) = delete;
    LineBuffer &operator=(const LineBuffer &) = delete;

    // From now on, bytes handed out while the buffer holds at least `lend_from` bytes stay
    // unchanged until `keeper`'s next poll but one (above); lends() says whether the last line
    // was such. Small buffers (a small file read in one go) are not kept: ten thousand of them
    // lent in two polls would hold their memory for nothing. `keeper` outlives this buffer.
    static constexpr size_t default_lend_from = 256 << 10;
    void keep_with(BufferKeeper *keeper, size_t lend_from = default_lend_from) {
        keeper_ = keeper;
        lend_from_ = lend_from;
    }
    bool lends() const { return keeper_ != nullptr && capacity_ >= lend_from_; }

    struct Line {
        std::string_view text; // without its terminator
        size_t consumed;       // bytes taken from the stream, terminator included
    };

    // The next complete line, or nullopt when the buffered bytes hold no decided terminator.
    // Inline: it runs once per line.
    std::optional<Line> next() {
        const size_t from = scanned_ > begin_ ? scanned_ : begin_;
        if (from == end_) return std::nullopt;
        const void *nl_p = std::memchr(data_.get() + from, '\n', end_ - from);
        const size_t nl = nl_p ? static_cast<size_t>(static_cast<const char *>(nl_p) - data_.get()) : end_;
        const size_t cr = find_cr(nl);
        size_t at, term;
        if (cr < nl) {
            if (cr + 1 == end_) {
                scanned_ = end_;
                return std::nullopt; // "\r" or "\r\n"? the next byte decides
            }
            at = cr;
            term = data_[cr + 1] == '\n' ? 2 : 1;
        } else if (nl < end_) {
            at = nl;
            term = 1;
        } else {
            scanned_ = end_;
            return std::nullopt;
        }
        Line line{{data_.get() + begin_, at - begin_}, at + term - begin_};
        begin_ = at + term;
        scanned_ = begin_;
        handed_out();
        return line;
    }
    // Buffered bytes not yet returned as a line (a partial line).
    std::string_view pending() const { return {data_.get() + begin_, end_ - begin_}; }
    // Consumes `n` pending bytes (a final unterminated line, or a skipped overlong one).
    void consume(size_t n);
    // Consumes pending bytes through the first decided terminator; returns how many, or nullopt
    // (consuming nothing) when there is none.
    std::optional<size_t> consume_through_terminator();
    void clear() { begin_ = end_ = scanned_ = cr_clear_ = 0, cr_at_ = none; }

    // Moves pending bytes to the front, grows the buffer if reads fill it or a line does not fit
    // (never past max_capacity), and reads once from `fd` into the free space. Returns the bytes
    // read (0 at end of file, or when the buffer is at max_capacity and full). Throws
    // std::system_error on a read error.
    size_t fill(int fd);
    // Gives the memory back, keeping only the pending bytes (for an idle file).
    void release();
    size_t capacity() const { return capacity_; }

private:
    static constexpr size_t none = static_cast<size_t>(-1);
    // The first '\r' in [begin_, limit), or `limit`. Each byte is searched once: what was
    // searched without a find is remembered (cr_clear_), as is the '\r' found (cr_at_).
    size_t find_cr(size_t limit) {
        if (cr_at_ == none || cr_at_ < begin_) {
            const size_t from = cr_clear_ > begin_ ? cr_clear_ : begin_;
            const void *p = from < end_ ? std::memchr(data_.get() + from, '\r', end_ - from) : nullptr;
            if (p == nullptr) {
                cr_at_ = none;
                cr_clear_ = end_;
                return limit;
            }
            cr_at_ = static_cast<size_t>(static_cast<const char *>(p) - data_.get());
            cr_clear_ = cr_at_;
        }
        return cr_at_ < limit ? cr_at_ : limit;
    }
    void resize(size_t capacity);
    // Bytes up to begin_ have been handed out during the keeper's current poll.
    void handed_out() {
        if (!lends()) return;
        used_ = keeper_->poll();
        handed_ = begin_;
    }
    // Whether bytes handed out may still be read by the host.
    bool pinned() const { return keeper_ != nullptr && handed_ > 0 && keeper_->pinned(used_); }
    // Gives the current buffer to the keeper (or frees it) and takes `fresh`, moving the pending
    // bytes over.
    void replace(std::unique_ptr<char[]> fresh, size_t capacity);

    std::unique_ptr<char[]> data_;
    size_t capacity_ = 0;
    size_t max_capacity_;
    size_t initial_;
    size_t read_ahead_;
    bool last_read_filled_ = false;
    size_t begin_ = 0;     // first pending byte
    size_t end_ = 0;       // one past the last buffered byte
    size_t scanned_ = 0;   // bytes [begin_, scanned_) hold no '\n'
    size_t cr_clear_ = 0;  // bytes [.., cr_clear_) hold no '\r' (when cr_at_ is none or stale)
    size_t cr_at_ = none;  // a '\r' found at or after cr_clear_
    BufferKeeper *keeper_ = nullptr;
    size_t lend_from_ = default_lend_from;
    uint64_t used_ = 0;   // the keeper's poll that last handed out bytes of this buffer
    size_t handed_ = 0;   // bytes [0, handed_) may have been handed out then
};

} // namespace inlet_file
