// The offsets of a snapshot as read back: canonical partition JSON -> offset JSON, sorted by
// partition, never changed afterwards. All the text lies in one block (two when read on two
// threads) with every string NUL-terminated, so a table of 100,000 partitions takes a few
// allocations instead of 300,000 (the time to the first new record after a restart paid for
// each of them), and its strings go to plugins as `const char *` as they are.
#pragma once

#include "snapshot/offset_map.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <memory>
#include <string_view>
#include <vector>

namespace inlet::host {

// Which connector wrote each partition's offset (canonical partition JSON -> connector name).
using OwnerMap = std::map<std::string, std::string, std::less<>>;

class OffsetTable {
public:
    struct Entry {
        std::string_view partition; // NUL-terminated
        std::string_view offset;    // NUL-terminated
        std::string_view connector; // the connector that wrote it; empty: not recorded
    };

    // Collects entries in any order; finish() sorts them when needed, and a partition given
    // twice keeps its first offset (as a std::map's emplace would). With room for all the text
    // (each string and its NUL) and entries given up front, nothing is moved while adding.
    class Builder {
    public:
        explicit Builder(size_t text_bytes = 0, size_t entries = 0);
        void add(std::string_view partition, std::string_view offset, std::string_view connector = {});
        // Takes over everything `later` collected, as if added here after the rest (two
        // halves of a snapshot read on two threads).
        void append(Builder &&later);
        OffsetTable finish();

    private:
        void make_room(size_t bytes);
        std::string_view put(std::string_view s); // within the room made
        std::vector<std::unique_ptr<char[]>> full_; // blocks already filled
        std::unique_ptr<char[]> text_;              // the block being filled
        size_t capacity_ = 0, used_ = 0;
        std::vector<Entry> entries_;
        bool sorted_ = true;
    };

    OffsetTable() = default;
    // Movable only: the entries point into the text blocks, which a move keeps in place.
    OffsetTable(OffsetTable &&) noexcept = default;
    OffsetTable &operator=(OffsetTable &&) noexcept = default;
    OffsetTable(const OffsetTable &) = delete;
    OffsetTable &operator=(const OffsetTable &) = delete;

    // `owners` (partition -> connector), when given, names the connector of each entry.
    static OffsetTable from(const OffsetMap &offsets, const OwnerMap *owners = nullptr);
    OffsetMap to_map() const;

    size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    const Entry *begin() const { return entries_.data(); }
    const Entry *end() const { return entries_.data() + entries_.size(); }
    const Entry &operator[](size_t i) const { return entries_[i]; }
    // The entry of a canonical partition, or nullptr (binary search).
    const Entry *find(std::string_view partition) const;

private:
    std::vector<std::unique_ptr<char[]>> blocks_; // the text; usually one block
    std::vector<Entry> entries_;
};

} // namespace inlet::host
