// The read buffers of one file task that the host may still be reading. Lines go to the host
// borrowed (INLET_RECORD_BORROWED, connector.h): a line handed out during poll g must stay
// unchanged until poll g+1 returns, so a buffer that held lines of poll g is written again, or
// freed, only from poll g+2 on. A LineBuffer that would overwrite or free such a buffer hands it
// here instead and takes a free one; the task counts its polls here. A few free buffers are kept
// for reuse (a big file's reads cycle through three or four of read.ahead size), the rest are
// freed, so idle files cost nothing; a kept one not taken again for `spare_polls` polls is
// freed too, so the buffers a burst needed (a catch-up after a restart) do not stay for good.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace inlet_file {

class BufferKeeper {
public:
    // A tail-mode task polls about 20 times a second when idle: a few seconds.
    static constexpr uint64_t spare_polls = 64;
    struct Buffer {
        std::unique_ptr<char[]> data;
        size_t size = 0;
        uint64_t used = 0; // the last poll that handed out lines from it; 0: none
        uint64_t spare_since = 0; // the poll it became spare
    };

    // The current poll, counted from 1 (0 before the first).
    uint64_t poll() const { return poll_; }
    // A poll begins: buffers last used two polls ago are free again.
    void next_poll();
    // Whether a buffer whose lines were last handed out in poll `used` must stay unchanged.
    bool pinned(uint64_t used) const { return used != 0 && used + 2 > poll_; }
    // A buffer its owner is done with (kept while pinned).
    void retire(Buffer b);
    // A free buffer of exactly `size` bytes (a kept one, or a new one).
    Buffer take(size_t size);

    size_t held_bytes() const; // pinned and spare, for tests

private:
    void keep_spare(Buffer b);

    static constexpr size_t spare_limit = 4u << 20;
    uint64_t poll_ = 0;
    std::vector<Buffer> pinned_;
    std::vector<Buffer> spare_;
    size_t spare_bytes_ = 0;
};

} // namespace inlet_file
