#include "engine/restored_offsets.hpp"

#include <stdexcept>

namespace inlet::host {

void RestoredOffsets::install(inlet_host &table) {
    table.offsets_get = &RestoredOffsets::get;
    table.offsets_each = &RestoredOffsets::each;
}

const char *RestoredOffsets::get(const inlet_offsets *h, const char *partition_json) {
    if (h == nullptr || partition_json == nullptr) return nullptr;
    const auto *self = reinterpret_cast<const RestoredOffsets *>(h);
    if (self->offsets_ == nullptr) return nullptr;
    std::string key;
    try {
        key = canonical_json(partition_json);
    } catch (const std::invalid_argument &) {
        return nullptr; // a malformed partition was never stored
    }
    auto it = self->offsets_->find(key);
    if (it == self->offsets_->end()) return nullptr;
    self->asked_.insert(it->first);
    return it->second.c_str();
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

OffsetList RestoredOffsets::asked() const {
    OffsetList out;
    if (offsets_ == nullptr) return out;
    if (asked_all_) {
        for (const auto &[p, o] : *offsets_) out.emplace_back(p, o);
        return out;
    }
    for (const auto &p : asked_) out.emplace_back(p, offsets_->at(p));
    return out;
}

} // namespace inlet::host
