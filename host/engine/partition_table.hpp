// A task's source partitions: each distinct partition (after canonicalising its JSON) gets a
// small id and one canonical string with a stable address, so records and batches refer to a
// partition by pointer instead of copying its text. Consecutive records usually share a
// partition, so the previous record's raw text is compared first and the hash map is only
// consulted when it changes; a plugin that promises its partition text stays put for the poll
// (INLET_RECORD_STABLE_NAMES) is answered by the address alone. Owned and used by one task thread; the sink stage only reads the
// canonical strings, whose addresses were published through the exchange's lock.
#pragma once

#include "engine/text_hash.hpp"

#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace inlet::host {

class PartitionTable {
public:
    static constexpr uint32_t none = UINT32_MAX;

    // The id of the partition spelt `raw`, adding it when new. Returns `none` when `raw` is
    // not a JSON object; error() then says what is wrong.
    // `stable`: the record promised that its text stays unchanged at its address until the
    // poll returns (INLET_RECORD_STABLE_NAMES), so a later lookup at that address in the same
    // poll needs no compare; forget_address() at the start of each poll.
    uint32_t lookup(const char *raw, bool stable = false) {
        if (raw == last_address_) return last_id_;
        // Usually the partition did not change: a compare (the library's vectorised strcmp,
        // cheaper than a byte loop even for short texts) answers without hashing.
        uint32_t id = last_id_ != none && std::strcmp(raw, last_raw_.c_str()) == 0
                          ? last_id_
                          : lookup_changed(raw);
        last_address_ = stable && id != none ? raw : nullptr;
        return id;
    }
    void forget_address() { last_address_ = nullptr; }
    // Why the last lookup() answered `none`.
    const std::string &error() const { return error_; }
    // The canonical text of the partition the last successful lookup() answered.
    const std::string &last_canonical() const { return *last_canonical_; }

    const std::string &canonical(uint32_t id) const { return canonical_[id]; }
    size_t size() const { return canonical_.size(); }

private:
    uint32_t lookup_changed(const char *raw);

    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return hash_text(s); }
    };
    std::deque<std::string> canonical_;                               // by id
    std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> by_raw_; // raw spelling -> id
    std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> by_canonical_;
    std::string last_raw_;
    uint32_t last_id_ = none;
    const char *last_address_ = nullptr; // of the last lookup's text, when promised stable
    const std::string *last_canonical_ = nullptr;
    std::string error_;
};

} // namespace inlet::host
