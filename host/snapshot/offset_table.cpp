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
    // Out of room (no size was given up front): a new block; the full one stays where it is.
    full_.push_back(std::move(text_));
    capacity_ = std::max(capacity_ * 2, bytes);
    text_.reset(new char[capacity_]);
    used_ = 0;
}

std::string_view OffsetTable::Builder::put(std::string_view s) {
    char *at = text_.get() + used_;
    std::memcpy(at, s.data(), s.size());
    at[s.size()] = '\0';
    used_ += s.size() + 1;
    return {at, s.size()};
}

void OffsetTable::Builder::add(std::string_view partition, std::string_view offset,
                               std::string_view connector) {
    if (sorted_ && !entries_.empty()) sorted_ = entries_.back().partition < partition;
    make_room(partition.size() + offset.size() + connector.size() + 3);
    std::string_view p = put(partition);
    std::string_view o = put(offset);
    entries_.push_back({p, o, connector.empty() ? std::string_view() : put(connector)});
}

void OffsetTable::Builder::append(Builder &&later) {
    if (later.entries_.empty()) return;
    sorted_ = sorted_ && later.sorted_ &&
              (entries_.empty() || entries_.back().partition < later.entries_.front().partition);
    entries_.insert(entries_.end(), later.entries_.begin(), later.entries_.end());
    // Its blocks come along unmoved, so its entries still point into them.
    for (auto &block : later.full_) full_.push_back(std::move(block));
    full_.push_back(std::move(later.text_));
    later.entries_.clear();
}

OffsetTable OffsetTable::Builder::finish() {
    OffsetTable table;
    table.blocks_ = std::move(full_);
    table.blocks_.push_back(std::move(text_));
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

OffsetTable OffsetTable::from(const OffsetMap &offsets, const OwnerMap *owners) {
    size_t bytes = 0;
    for (const auto &[p, o] : offsets) bytes += p.size() + o.size() + 2;
    if (owners)
        for (const auto &[p, c] : *owners) bytes += c.size() + 1;
    Builder b(bytes, offsets.size());
    for (const auto &[p, o] : offsets) {
        std::string_view owner;
        if (owners)
            if (auto it = owners->find(p); it != owners->end()) owner = it->second;
        b.add(p, o, owner);
    }
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
