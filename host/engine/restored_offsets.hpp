// The restored offsets a task sees in start(), remembering which partitions it looked at, so
// that after a restart each task is re-sent commit() for exactly the restored partitions it
// owns (a crash may have struck between a snapshot and its commit; a repeat is harmless by
// contract).
#pragma once

#include "engine/offset_list.hpp"
#include "runtime/host_api.hpp"

#include <set>
#include <string>

namespace inlet::host {

class RestoredOffsets {
public:
    explicit RestoredOffsets(const OffsetMap *offsets) : offsets_(offsets) {}
    RestoredOffsets(const RestoredOffsets &) = delete;
    RestoredOffsets &operator=(const RestoredOffsets &) = delete;

    // Points the table's offsets_get / offsets_each at functions that read this object.
    static void install(inlet_host &table);
    const inlet_offsets *handle() const { return reinterpret_cast<const inlet_offsets *>(this); }

    // The restored partitions (and their offsets) the task asked for during start().
    OffsetList asked() const;

private:
    static const char *get(const inlet_offsets *h, const char *partition_json);
    static void each(const inlet_offsets *h, void *ctx, int (*fn)(void *, const char *, const char *));

    const OffsetMap *offsets_;
    mutable std::set<std::string> asked_;
    mutable bool asked_all_ = false;
};

} // namespace inlet::host
