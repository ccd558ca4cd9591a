// The restored offsets a task sees in start(), remembering which partitions it looked at, so
// that after a restart each task is re-sent commit() for exactly the restored partitions it
// owns (a crash may have struck between a snapshot and its commit; a repeat is harmless by
// contract).
//
// Lookups go through a hash index over the shared, read-only table, built on the first lookup:
// with 100,000 restored partitions a binary search compares about 17 strings, and start()
// looks up every partition, all of it before the first new record.
#pragma once

#include "runtime/host_api.hpp"
#include "snapshot/offset_table.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace inlet::host {

class RestoredOffsets {
public:
    explicit RestoredOffsets(const OffsetTable *offsets) : offsets_(offsets) {}
    RestoredOffsets(const RestoredOffsets &) = delete;
    RestoredOffsets &operator=(const RestoredOffsets &) = delete;

    // Points the table's offsets_get / offsets_each at functions that read this object.
    static void install(inlet_host &table);
    const inlet_offsets *handle() const { return reinterpret_cast<const inlet_offsets *>(this); }

    // The restored partitions the task asked for during start() (each once, in the order first
    // asked), as commit() entries. They point into the restored table, which outlives the task.
    std::vector<inlet_offset_entry> asked() const;

private:
    static const char *get(const inlet_offsets *h, const char *partition_json);
    static void each(const inlet_offsets *h, void *ctx, int (*fn)(void *, const char *, const char *));

    // 8 bytes a slot, so that the table stays small (2 MiB for 100,000 partitions): a probe
    // is a cache miss, and the entry itself is touched only when 32 bits of the hash match.
    struct Slot {
        uint32_t entry = empty; // into *offsets_
        uint32_t hash = 0;
    };
    static constexpr uint32_t empty = UINT32_MAX;
    // The entry of a partition spelt in canonical form (remembered as asked), or nullptr.
    const OffsetTable::Entry *lookup(std::string_view canonical_partition) const;
    void build_index() const;

    const OffsetTable *offsets_;
    // Open addressing with linear probing; size a power of two, at most half full.
    mutable std::vector<Slot> index_;
    mutable std::vector<char> asked_flag_; // by entry
    mutable std::vector<uint32_t> asked_;   // entries, in the order first asked
    mutable bool asked_all_ = false;
    mutable std::string key_; // the canonical spelling of the partition being looked up
};

} // namespace inlet::host
