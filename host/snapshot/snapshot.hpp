// One snapshot: the consistent cut a job can resume from (see snapshot/README.md).
#pragma once

#include "snapshot/offset_map.hpp"
#include "snapshot/offset_table.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace inlet::host {

struct Snapshot {
    uint64_t id = 0;
    std::string job;     // the job's name; a state dir belongs to one job
    int64_t created_ms = 0;
    // The offsets (canonical partition JSON -> offset JSON, merged over all tasks) are
    // `restored` overlaid by `offsets`: where both hold a partition, `offsets` wins. A snapshot
    // read back holds all of them in `restored`; a job writing one keeps what it restored there
    // and only the partitions that moved since in `offsets`, so 100,000 restored partitions
    // never have to become map nodes. Either may be empty (`restored` may be null).
    std::shared_ptr<const OffsetTable> restored;
    OffsetMap offsets;
    // The connector that wrote each partition of `offsets` (the table's entries carry their
    // own). Recorded so a connector's offsets can be listed and changed (KIP-875); a snapshot
    // written before inlet recorded it has none, and loads as before.
    OwnerMap owners;
    nlohmann::json sink = nlohmann::json::object(); // the sink's durable state at the cut
};

// Calls fn(partition, offset) for every offset of `restored` overlaid by `offsets` (which wins
// where both hold a partition; `restored` may be null), in partition order: one ordered pass.
template <typename Fn>
void for_each_offset(const OffsetTable *restored, const OffsetMap &offsets, Fn &&fn) {
    auto over = offsets.begin();
    if (restored) {
        for (const OffsetTable::Entry &e : *restored) {
            for (; over != offsets.end() && std::string_view(over->first) < e.partition; ++over)
                fn(std::string_view(over->first), std::string_view(over->second));
            if (over != offsets.end() && over->first == e.partition) {
                fn(std::string_view(over->first), std::string_view(over->second));
                ++over;
            } else {
                fn(e.partition, e.offset);
            }
        }
    }
    for (; over != offsets.end(); ++over)
        fn(std::string_view(over->first), std::string_view(over->second));
}
// The same with the connector that wrote each offset (empty when not recorded):
// fn(partition, offset, connector).
template <typename Fn>
void for_each_owned_offset(const OffsetTable *restored, const OffsetMap &offsets,
                           const OwnerMap &owners, Fn &&fn) {
    auto owner = owners.begin();
    auto owner_of = [&](std::string_view p) -> std::string_view {
        while (owner != owners.end() && std::string_view(owner->first) < p) ++owner;
        return owner != owners.end() && owner->first == p ? std::string_view(owner->second) : std::string_view();
    };
    auto over = offsets.begin();
    if (restored) {
        for (const OffsetTable::Entry &e : *restored) {
            for (; over != offsets.end() && std::string_view(over->first) < e.partition; ++over)
                fn(std::string_view(over->first), std::string_view(over->second), owner_of(over->first));
            if (over != offsets.end() && over->first == e.partition) {
                std::string_view o = owner_of(over->first);
                fn(std::string_view(over->first), std::string_view(over->second), o.empty() ? e.connector : o);
                ++over;
            } else {
                fn(e.partition, e.offset, e.connector);
            }
        }
    }
    for (; over != offsets.end(); ++over)
        fn(std::string_view(over->first), std::string_view(over->second), owner_of(over->first));
}

template <typename Fn> void for_each_offset(const Snapshot &snap, Fn &&fn) {
    for_each_offset(snap.restored.get(), snap.offsets, std::forward<Fn>(fn));
}

// The same, into one map (a task restart, tests, tools; not the engine's per-snapshot path).
OffsetMap merged_offsets(const OffsetTable *restored, const OffsetMap &offsets);
inline OffsetMap merged_offsets(const Snapshot &snap) {
    return merged_offsets(snap.restored.get(), snap.offsets);
}

} // namespace inlet::host
