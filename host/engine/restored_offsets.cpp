#include "engine/restored_offsets.hpp"

#include "engine/text_hash.hpp"

#include <bit>
#include <stdexcept>
#include <string>

namespace inlet::host {
void RestoredOffsets::install(inlet_host &table) {
    table.offsets_get = &RestoredOffsets::get;
    table.offsets_each = &RestoredOffsets::each;
}

void RestoredOffsets::build_index() const {
    const size_t n = offsets_->size();
    if (n >= empty) throw std::length_error("more restored partitions than the index can hold");
    asked_flag_.assign(n, 0);
    index_.assign(std::bit_ceil(n * 2), Slot{});
    const size_t mask = index_.size() - 1;
    for (uint32_t e = 0; e < n; ++e) {
        size_t hash = hash_text((*offsets_)[e].partition);
        size_t i = hash & mask;
        while (index_[i].entry != empty) i = (i + 1) & mask;
        index_[i] = {e, uint32_t(hash >> 32)}; // keys are unique: no need to compare
    }
}

const OffsetTable::Entry *RestoredOffsets::lookup(std::string_view partition) const {
    if (offsets_ == nullptr || offsets_->empty()) return nullptr;
    if (index_.empty()) build_index();
    const size_t mask = index_.size() - 1;
    const size_t hash = hash_text(partition);
    for (size_t i = hash & mask; index_[i].entry != empty; i = (i + 1) & mask) {
        const Slot &slot = index_[i];
        if (slot.hash != uint32_t(hash >> 32)) continue;
        const OffsetTable::Entry &entry = (*offsets_)[slot.entry];
        if (entry.partition != partition) continue;
        if (!asked_flag_[slot.entry]) {
            asked_flag_[slot.entry] = 1;
            asked_.push_back(slot.entry);
        }
        return &entry;
    }
    return nullptr;
}

const char *RestoredOffsets::get(const inlet_offsets *h, const char *partition_json) {
    if (h == nullptr || partition_json == nullptr) return nullptr;
    const auto *self = reinterpret_cast<const RestoredOffsets *>(h);
    if (self->offsets_ == nullptr || self->offsets_->empty()) return nullptr;
    try {
        canonical_json(partition_json, self->key_);
    } catch (const std::invalid_argument &) {
        return nullptr; // a malformed partition was never stored
    }
    const auto *entry = self->lookup(self->key_);
    return entry ? entry->offset.data() : nullptr; // NUL-terminated in the table
}

void RestoredOffsets::each(const inlet_offsets *h, void *ctx,
                           int (*fn)(void *, const char *, const char *)) {
    if (h == nullptr || fn == nullptr) return;
    const auto *self = reinterpret_cast<const RestoredOffsets *>(h);
    if (self->offsets_ == nullptr) return;
    self->asked_all_ = true;
    for (const auto &e : *self->offsets_)
        if (fn(ctx, e.partition.data(), e.offset.data()) != 0) return;
}

std::vector<inlet_offset_entry> RestoredOffsets::asked() const {
    std::vector<inlet_offset_entry> out;
    if (offsets_ == nullptr) return out;
    if (asked_all_) {
        out.reserve(offsets_->size());
        for (const auto &e : *offsets_) out.push_back({e.partition.data(), e.offset.data()});
        return out;
    }
    out.reserve(asked_.size());
    for (uint32_t k : asked_) {
        const OffsetTable::Entry &e = (*offsets_)[k];
        out.push_back({e.partition.data(), e.offset.data()});
    }
    return out;
}

} // namespace inlet::host
