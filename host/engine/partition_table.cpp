#include "engine/partition_table.hpp"

#include "runtime/host_api.hpp"
#include "runtime/record_check.hpp"

#include <stdexcept>

namespace inlet::host {

uint32_t PartitionTable::lookup_changed(const char *raw) {
    uint32_t id;
    if (auto it = by_raw_.find(std::string_view(raw)); it != by_raw_.end()) {
        id = it->second;
    } else {
        // Judged once per partition by the boundary's rules (UTF-8 included), then canonicalised.
        const char *why = nullptr;
        if (!is_json_object(raw, RecordLimits{}.max_json_bytes, &why)) {
            error_ = why;
            return none;
        }
        std::string canon;
        try {
            canon = canonical_json(raw);
        } catch (const std::invalid_argument &e) {
            error_ = e.what();
            return none;
        }
        auto [cit, added] = by_canonical_.try_emplace(canon, uint32_t(canonical_.size()));
        if (added) canonical_.push_back(std::move(canon));
        id = cit->second;
        by_raw_.emplace(raw, id);
    }
    last_raw_.assign(raw);
    last_id_ = id;
    last_canonical_ = &canonical_[id];
    return id;
}

} // namespace inlet::host
