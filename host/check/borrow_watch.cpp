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
    if (v == nullptr || (v->type != INLET_TYPE_STRING && v->type != INLET_TYPE_BYTES)) return;
    if (v->u.s.ptr == nullptr || v->u.s.len == 0) return;
    ++borrowed_;
    held_.push_back({v->u.s.ptr, std::string(v->u.s.ptr, v->u.s.len), poll, index, poll + 1, part,
                     "INLET_RECORD_BORROWED"});
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
