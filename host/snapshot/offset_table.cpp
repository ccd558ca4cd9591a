#include "snapshot/offset_table.hpp"

#include <algorithm>
#include <cstring>

namespace inlet::host {

OffsetTable::Builder::Builder(size_t text_bytes, size_t entries)
    : text_(new char[std::max<size_t>(text_bytes, 1)]), capacity_(std::max<size_t>(text_bytes, 1)) {
    entries_.reserve(entries);
}

void OffsetTable::Builder::make_room(size_t bytes) {
    if (used_ + bytes <= capacity_) return;
    // Out of room (no size was given up front): a bigger block, and the entries so far
    // re-pointed into it.
    size_t capacity = std::max(capacity_ * 2, used_ + bytes);
    std::unique_ptr<char[]> bigger(new char[capacity]);
    std::memcpy(bigger.get(), text_.get(), used_);
    const char *from = text_.get();
    auto moved = [&](std::string_view v) {
        return std::string_view(bigger.get() + (v.data() - from), v.size());
    };
    for (Entry &e : entries_) e = {moved(e.partition), moved(e.offset)};
    text_ = std::move(bigger);
    capacity_ = capacity;
}

std::string_view OffsetTable::Builder::put(std::string_view s) {
    char *at = text_.get() + used_;
    std::memcpy(at, s.data(), s.size());
    at[s.size()] = '\0';
    used_ += s.size() + 1;
    return {at, s.size()};
}

void OffsetTable::Builder::add(std::string_view partition, std::string_view offset) {
    if (sorted_ && !entries_.empty()) sorted_ = entries_.back().partition < partition;
    make_room(partition.size() + offset.size() + 2);
    std::string_view p = put(partition);
    entries_.push_back({p, put(offset)});
}

OffsetTable OffsetTable::Builder::finish() {
    OffsetTable table;
    table.text_ = std::move(text_); // the block does not move again: the views stay valid
    table.entries_ = std::move(entries_);
    if (!sorted_) {
        // Only a file not written by inlet gets here.
        auto by_partition = [](const Entry &a, const Entry &b) { return a.partition < b.partition; };
        std::stable_sort(table.entries_.begin(), table.entries_.end(), by_partition);
        auto same = [](const Entry &a, const Entry &b) { return a.partition == b.partition; };
        table.entries_.erase(std::unique(table.entries_.begin(), table.entries_.end(), same),
                             table.entries_.end());
    }
    return table;
}

OffsetTable OffsetTable::from(const OffsetMap &offsets) {
    size_t bytes = 0;
    for (const auto &[p, o] : offsets) bytes += p.size() + o.size() + 2;
    Builder b(bytes, offsets.size());
    for (const auto &[p, o] : offsets) b.add(p, o);
    return b.finish();
}

OffsetMap OffsetTable::to_map() const {
    OffsetMap out;
    for (const Entry &e : entries_)
        out.emplace_hint(out.end(), std::string(e.partition), std::string(e.offset));
    return out;
}

const OffsetTable::Entry *OffsetTable::find(std::string_view partition) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), partition,
                               [](const Entry &e, std::string_view p) { return e.partition < p; });
    return it != entries_.end() && it->partition == partition ? &*it : nullptr;
}

} // namespace inlet::host
