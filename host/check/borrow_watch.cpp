#include "check/borrow_watch.hpp"

#include <algorithm>
#include <cstring>

namespace inlet::check {

void BorrowWatch::emitted(const inlet_record &rec, size_t poll, size_t index) {
    if (!INLET_HAS_FIELD(&rec, flags) || (rec.flags & INLET_RECORD_BORROWED) == 0) return;
    hold(rec.key, "key", poll, index);
    hold(rec.value, "value", poll, index);
}

void BorrowWatch::hold(const inlet_value *v, const char *part, size_t poll, size_t index) {
    if (v == nullptr || (v->type != INLET_TYPE_STRING && v->type != INLET_TYPE_BYTES)) return;
    if (v->u.s.ptr == nullptr || v->u.s.len == 0) return;
    ++borrowed_;
    held_.push_back({v->u.s.ptr, std::string(v->u.s.ptr, v->u.s.len), poll, index, part});
}

void BorrowWatch::settle(size_t before) {
    auto ended = std::stable_partition(held_.begin(), held_.end(),
                                       [&](const Held &h) { return h.poll >= before; });
    for (auto it = ended; it != held_.end(); ++it) {
        if (std::memcmp(it->ptr, it->copy.data(), it->copy.size()) == 0) continue;
        if (broken_++ > 0) continue;
        first_broken_ = "record #" + std::to_string(it->index) + " (emitted in poll #" +
                        std::to_string(it->poll) + ") flagged INLET_RECORD_BORROWED: its " +
                        it->part + "'s bytes changed before " +
                        (before == static_cast<size_t>(-1) ? std::string("stop()")
                                                           : "poll #" + std::to_string(it->poll + 1) +
                                                                 " returned");
    }
    held_.erase(ended, held_.end());
}

} // namespace inlet::check
