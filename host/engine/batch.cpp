#include "engine/batch.hpp"

#include <algorithm>
#include <cstring>

namespace inlet::host {
Batch::Batch(size_t byte_limit, size_t record_limit)
    : byte_limit_(byte_limit), record_limit_(record_limit) {
    records_.reserve(std::min<size_t>(record_limit, 1024));
}

void Batch::clear() {
    // A chunk much larger than usual came from one huge record: give it back. So do the
    // spares this fill did not reach (the first chunk stays, the usual fill needs it).
    size_t normal = chunk_size();
    std::erase_if(chunks_, [&](const Chunk &c) { return c.size > normal; });
    size_t keep = std::max<size_t>(in_use_, 1);
    if (chunks_.size() > keep) chunks_.resize(keep);
    // The record table likewise: a table four times larger than this fill needed shrinks to
    // twice the fill (never below the initial reserve), so alternating sizes do not churn.
    size_t floor = std::min<size_t>(record_limit_, 1024);
    if (records_.capacity() > floor && records_.size() * 4 < records_.capacity()) {
        std::vector<StoredRecord> smaller;
        smaller.reserve(std::max(records_.size() * 2, floor));
        records_.swap(smaller);
    }
    in_use_ = 0;
    next_ = nullptr;
    room_ = 0;
    arena_bytes_ = 0;
    borrowed_bytes_ = 0;
    ledger = nullptr;
    records_.clear();
    offsets_.clear();
}

size_t Batch::capacity() const {
    size_t total = records_.size() * sizeof(StoredRecord);
    for (size_t i = 0; i < in_use_; ++i) total += chunks_[i].size;
    return total;
}

size_t Batch::retained() const {
    size_t total = records_.capacity() * sizeof(StoredRecord);
    for (const Chunk &c : chunks_) total += c.size;
    return total;
}

size_t Batch::chunk_size() const { return std::max<size_t>(byte_limit_ / 4, 4096); }

void *Batch::allocate_slow(size_t bytes) {
    // Take the first spare chunk that fits, or make one; it becomes the current chunk.
    size_t spare = in_use_;
    while (spare < chunks_.size() && chunks_[spare].size < bytes) ++spare;
    if (spare == chunks_.size()) {
        Chunk c;
        c.size = std::max(chunk_size(), bytes);
        c.data = std::make_unique_for_overwrite<std::byte[]>(c.size);
        chunks_.push_back(std::move(c));
    }
    std::swap(chunks_[in_use_], chunks_[spare]);
    Chunk &current = chunks_[in_use_++];
    next_ = current.data.get() + bytes;
    room_ = current.size - bytes;
    arena_bytes_ += bytes;
    return current.data.get();
}

} // namespace inlet::host
