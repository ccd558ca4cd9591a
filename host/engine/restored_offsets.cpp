#include "engine/restored_offsets.hpp"

#include <bit>
#include <stdexcept>
#include <string>

namespace inlet::host {
namespace {

size_t hash_of(std::string_view s) { return std::hash<std::string_view>{}(s); }

} // namespace

void RestoredOffsets::install(inlet_host &table) {
    table.offsets_get = &RestoredOffsets::get;
    table.offsets_each = &RestoredOffsets::each;
}

void RestoredOffsets::build_index() const {
    entries_.reserve(offsets_->size());
    for (const auto &entry : *offsets_) entries_.push_back(&entry);
    asked_flag_.assign(entries_.size(), 0);
    index_.assign(std::bit_ceil(entries_.size() * 2), Slot{});
    const size_t mask = index_.size() - 1;
    for (uint32_t e = 0; e < entries_.size(); ++e) {
        size_t hash = hash_of(entries_[e]->first);
        size_t i = hash & mask;
        while (index_[i].entry != empty) i = (i + 1) & mask;
        index_[i] = {e, uint32_t(hash >> 32)}; // keys are unique: no need to compare
    }
}

const OffsetMap::value_type *RestoredOffsets::lookup(std::string_view partition) const {
    if (offsets_ == nullptr || offsets_->empty()) return nullptr;
    if (index_.empty()) build_index();
    const size_t mask = index_.size() - 1;
    const size_t hash = hash_of(partition);
    for (size_t i = hash & mask; index_[i].entry != empty; i = (i + 1) & mask) {
        const Slot &slot = index_[i];
        if (slot.hash != uint32_t(hash >> 32)) continue;
        const auto *entry = entries_[slot.entry];
        if (entry->first != partition) continue;
        if (!asked_flag_[slot.entry]) {
            asked_flag_[slot.entry] = 1;
            asked_.push_back(entry);
        }
        return entry;
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
    return entry ? entry->second.c_str() : nullptr;
}

void RestoredOffsets::each(const inlet_offsets *h, void *ctx,
                           int (*fn)(void *, const char *, const char *)) {
    if (h == nullptr || fn == nullptr) return;
    const auto *self = reinterpret_cast<const RestoredOffsets *>(h);
    if (self->offsets_ == nullptr) return;
    self->asked_all_ = true;
    for (const auto &[partition, offset] : *self->offsets_)
        if (fn(ctx, partition.c_str(), offset.c_str()) != 0) return;
}

std::vector<inlet_offset_entry> RestoredOffsets::asked() const {
    std::vector<inlet_offset_entry> out;
    if (offsets_ == nullptr) return out;
    if (asked_all_) {
        out.reserve(offsets_->size());
        for (const auto &[p, o] : *offsets_) out.push_back({p.c_str(), o.c_str()});
        return out;
    }
    out.reserve(asked_.size());
    for (const auto *entry : asked_) out.push_back({entry->first.c_str(), entry->second.c_str()});
    return out;
}

} // namespace inlet::host
