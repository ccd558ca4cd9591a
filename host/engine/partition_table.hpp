// A task's source partitions: each distinct partition (after canonicalising its JSON) gets a
// small id and one canonical string with a stable address, so records and batches refer to a
// partition by pointer instead of copying its text. Consecutive records usually share a
// partition, so the previous record's raw text is compared first and the hash map is only
// consulted when it changes. Owned and used by one task thread; the sink stage only reads the
// canonical strings, whose addresses were published through the exchange's lock.
#pragma once

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
    // not a JSON object; `why` then says what is wrong.
    uint32_t lookup(const char *raw, std::string &why) {
        // Usually the partition did not change: a compare, which stops at the first
        // difference, answers without hashing. Short texts are compared inline; the rest of a
        // long one by the library's vectorised strcmp.
        if (last_id_ != none) {
            const char *a = raw, *b = last_raw_.c_str();
            for (int k = 0; k < 16; ++k, ++a, ++b) {
                if (*a != *b) return lookup_changed(raw, why);
                if (*a == '\0') return last_id_;
            }
            if (std::strcmp(a, b) == 0) return last_id_;
        }
        return lookup_changed(raw, why);
    }

    const std::string &canonical(uint32_t id) const { return canonical_[id]; }
    size_t size() const { return canonical_.size(); }

private:
    uint32_t lookup_changed(const char *raw, std::string &why);

    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::deque<std::string> canonical_;                               // by id
    std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> by_raw_; // raw spelling -> id
    std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> by_canonical_;
    std::string last_raw_;
    uint32_t last_id_ = none;
};

} // namespace inlet::host
