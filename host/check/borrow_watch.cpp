#include "check/borrow_watch.hpp"

#include <algorithm>
#include <cstring>

namespace inlet::check {

void BorrowWatch::emitted(const inlet_record &rec, size_t poll, size_t index) {
    if (!INLET_HAS_FIELD(&rec, flags)) return;
    if (rec.flags & INLET_RECORD_BORROWED) {
        hold(rec.key, "key", poll, index);
        hold(rec.value, "value", poll, index);
    }
    if (rec.flags & INLET_RECORD_STABLE_NAMES) {
        hold_text(rec.topic, "topic", poll, index);
        hold_text(rec.source_partition, "source_partition", poll, index);
    }
}

void BorrowWatch::hold(const inlet_value *v, const char *part, size_t poll, size_t index) {
    if (v == nullptr) return;
    const size_t before = held_.size();
    hold_tree(*v, part, poll, index, 0);
    if (held_.size() > before) ++borrowed_;
}

void BorrowWatch::hold_tree(const inlet_value &v, const char *part, size_t poll, size_t index,
                            size_t depth) {
    if (depth > 32) return; // deeper is refused by the records check
    if (v.type == INLET_TYPE_STRING || v.type == INLET_TYPE_BYTES) {
        if (v.u.s.ptr == nullptr || v.u.s.len == 0) return;
        held_.push_back({v.u.s.ptr, std::string(v.u.s.ptr, v.u.s.len), poll, index, poll + 1, part,
                         "INLET_RECORD_BORROWED"});
        return;
    }
    if (v.type != INLET_TYPE_ARRAY && v.type != INLET_TYPE_MAP && v.type != INLET_TYPE_STRUCT) return;
    const size_t n = v.type == INLET_TYPE_MAP ? v.u.seq.count * 2 : v.u.seq.count;
    if (n == 0 || v.u.seq.items == nullptr) return;
    const auto *items = reinterpret_cast<const char *>(v.u.seq.items);
    held_.push_back({items, std::string(items, n * sizeof(inlet_value)), poll, index, poll + 1,
                     part, "INLET_RECORD_BORROWED"});
    for (size_t i = 0; i < n; ++i) hold_tree(v.u.seq.items[i], part, poll, index, depth + 1);
}

void BorrowWatch::hold_text(const char *text, const char *part, size_t poll, size_t index) {
    if (text == nullptr) return;
    ++borrowed_;
    // With its NUL: a text that grew in place changed too.
    held_.push_back({text, std::string(text, std::strlen(text) + 1), poll, index, poll, part,
                     "INLET_RECORD_STABLE_NAMES"});
}

void BorrowWatch::settle(size_t returned) {
    auto ended = std::stable_partition(held_.begin(), held_.end(),
                                       [&](const Held &h) { return h.until > returned; });
    for (auto it = ended; it != held_.end(); ++it) {
        if (std::memcmp(it->ptr, it->copy.data(), it->copy.size()) == 0) continue;
        if (broken_++ > 0) continue;
        first_broken_ = "record #" + std::to_string(it->index) + " (emitted in poll #" +
                        std::to_string(it->poll) + ") flagged " + it->flag + ": its " + it->part +
                        "'s bytes changed before " +
                        (returned == static_cast<size_t>(-1)
                             ? std::string("stop()")
                             : "poll #" + std::to_string(it->until) + " returned");
    }
    held_.erase(ended, held_.end());
}

} // namespace inlet::check
