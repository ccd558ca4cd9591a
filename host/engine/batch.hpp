// A Batch: the unit that travels from a task thread to the sink stage.
//
// It is an arena: every record a plugin emits is copied into a few large, reusable chunks of
// memory (strings, nested values, headers), and described by one fixed-size StoredRecord whose
// pointers point into those chunks (schemas excepted: they are the plugin's, valid until the
// task stops). Chunks never move, so the pointers stay valid until clear(). Batches are
// recycled, so once warm no record costs a heap allocation.
//
// A record flagged INLET_RECORD_BORROWED keeps its top-level key's and value's bytes (and a
// composite one's items, with all they hold) in the plugin's memory instead (connector.h):
// they count towards the batch's fullness as if copied,
// and the batch is tied to its task's BorrowLedger until the sink stage has written it.
//
// Per batch we also keep the last offset of every source partition seen in it: that is all the
// sink stage needs to advance the job's offsets once the batch is written.
#pragma once

#include <inlet/connector.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace inlet::host {

// How many of one task's batches that point into the plugin's memory the sink stage still
// holds; guarded by the Exchange's mutex.
struct BorrowLedger {
    uint32_t outstanding = 0;
};

struct StoredRecord {
    inlet_record rec;      // all pointers into the batch's arena (or the task's tables)
    uint32_t partition_id; // task-local id of rec.source_partition
};

// The newest offset of one partition within a batch.
struct PartitionOffset {
    uint32_t partition_id;
    const std::string *partition; // canonical JSON, owned by the task (stable address)
    const char *offset;           // NUL-terminated, in the arena
};

class Batch {
public:
    // byte_limit: when the arena plus record headers reach it, the batch is full.
    Batch(size_t byte_limit, size_t record_limit);
    Batch(const Batch &) = delete;
    Batch &operator=(const Batch &) = delete;

    // Forget every record. Keep the memory this fill used, so a steady stream of batches of
    // one size allocates nothing; give back what a burst (a catch-up after a restart, one
    // huge record) grew beyond that, so a long-running job's memory follows its load.
    void clear();

    // Raw arena memory, aligned for any inlet type. Never moves. Inline: the emitter calls it
    // several times per record, and the usual case is a pointer bump.
    void *allocate(size_t bytes) {
        bytes = round_up(bytes == 0 ? 1 : bytes);
        if (bytes > room_) return allocate_slow(bytes);
        void *p = next_;
        next_ += bytes;
        room_ -= bytes;
        arena_bytes_ += bytes;
        return p;
    }
    // A NUL-terminated copy of `len` bytes.
    const char *copy(const char *text, size_t len) {
        auto *p = static_cast<char *>(allocate(len + 1));
        if (len) std::memcpy(p, text, len);
        p[len] = '\0';
        return p;
    }

    // `len` bytes of a record now point into the plugin's memory.
    void note_borrowed(size_t len) { borrowed_bytes_ += len + 1; }
    bool borrowed() const { return borrowed_bytes_ != 0; }

    void add_record(const StoredRecord &r) { records_.push_back(r); }
    // The batch's newest offset per partition (the emitter keeps it up to date).
    std::vector<PartitionOffset> &offsets() { return offsets_; }

    std::span<const StoredRecord> records() const { return records_; }
    std::span<const PartitionOffset> partition_offsets() const { return offsets_; }
    bool empty() const { return records_.empty() && offsets_.empty(); }
    size_t bytes() const {
        return arena_bytes_ + borrowed_bytes_ + records_.size() * sizeof(StoredRecord);
    }
    // Memory the batch holds now: its chunks in use plus the record headers. A batch that is
    // full() holds at most byte_limit + one chunk (byte_limit / 4) unless a single record
    // needed a larger chunk.
    size_t capacity() const;
    // Memory the batch keeps between fills: all its chunks and its record table.
    size_t retained() const;
    bool full() const { return bytes() >= byte_limit_ || records_.size() >= record_limit_; }
    size_t byte_limit() const { return byte_limit_; }
    size_t record_limit() const { return record_limit_; }

    // Which task filled it (set by the exchange).
    uint32_t task = 0;
    // Set by the task for a borrowed() batch it pushes; the exchange counts it there until
    // the batch is recycled.
    BorrowLedger *ledger = nullptr;
    // When the exchange last put it in the free pool (steady_ns).
    int64_t idle_since_ns = 0;

private:
    static constexpr size_t align = alignof(std::max_align_t);
    static constexpr size_t round_up(size_t n) { return (n + align - 1) & ~(align - 1); }

    struct Chunk {
        std::unique_ptr<std::byte[]> data;
        size_t size = 0;
    };
    void *allocate_slow(size_t bytes);
    size_t chunk_size() const;

    size_t byte_limit_;
    size_t record_limit_;
    std::vector<Chunk> chunks_; // the first in_use_ chunks hold data; the rest are spares
    size_t in_use_ = 0;
    std::byte *next_ = nullptr; // the free part of chunks_[in_use_ - 1]
    size_t room_ = 0;           // its size
    size_t arena_bytes_ = 0;
    size_t borrowed_bytes_ = 0;
    std::vector<StoredRecord> records_;
    std::vector<PartitionOffset> offsets_;
};

} // namespace inlet::host
