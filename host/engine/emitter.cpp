#include "engine/emitter.hpp"

#include "runtime/record_check.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace inlet::host {
namespace {

// A JSON object's text, checked cheaply per record: the full parse happens once per partition
// (partition_table) and at restore (offsets).
bool looks_like_object(const char *s, size_t len) {
    size_t b = 0, e = len;
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r'))
        --e;
    return e - b >= 2 && s[b] == '{' && s[e - 1] == '}';
}

// What copy_noting copied: bytes below ' ' (control characters), bytes >= 0x80 (non-ASCII).
struct Noted {
    bool control = false, high = false;
};

// Copies `len` bytes and a NUL from `src` to `dst` sixteen bytes at a time with SSE2 (every
// x86-64 has it; a 45-byte offset costs a quarter of the word loop's instructions), else eight,
// noting control and non-ASCII bytes: a word has a control byte when subtracting 0x20 from every byte borrows into
// a byte whose top bit was clear (the classic "has less than" bit trick), and a non-ASCII byte
// when a top bit is set. The last word overlaps the one before it instead of finishing byte by
// byte.
Noted copy_noting(char *dst, const char *src, size_t len) {
    constexpr uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    dst[len] = '\0';
#ifdef __SSE2__
    // 16 bytes a step: a byte is a control byte when max(byte, 0x1f) == 0x1f (unsigned).
    if (len >= 16) {
        const __m128i control_max = _mm_set1_epi8(0x1f);
        __m128i control = _mm_setzero_si128(), any = _mm_setzero_si128();
        auto move = [&](size_t at) {
            __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + at));
            _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + at), v);
            control = _mm_or_si128(control, _mm_cmpeq_epi8(_mm_max_epu8(v, control_max), control_max));
            any = _mm_or_si128(any, v);
        };
        size_t i = 0;
        for (; i + 16 <= len; i += 16) move(i);
        if (i < len) move(len - 16); // the last bytes: one load overlapping those before
        return {_mm_movemask_epi8(control) != 0, _mm_movemask_epi8(any) != 0};
    }
#endif
    if (len < 8) {
        Noted n;
        for (size_t i = 0; i < len; ++i) {
            dst[i] = src[i];
            n.control |= static_cast<unsigned char>(src[i]) < 0x20;
            n.high |= static_cast<unsigned char>(src[i]) >= 0x80;
        }
        return n;
    }
    uint64_t control = 0, high = 0, w;
    for (size_t i = 0; i + 8 < len; i += 8) {
        std::memcpy(&w, src + i, 8);
        std::memcpy(dst + i, &w, 8);
        control |= (w - 0x20 * ones) & ~w & highs;
        high |= w & highs;
    }
    std::memcpy(&w, src + len - 8, 8);
    std::memcpy(dst + len - 8, &w, 8);
    control |= (w - 0x20 * ones) & ~w & highs;
    high |= w & highs;
    return {control != 0, high != 0};
}

// Copies `len` bytes and a NUL from `src` to `dst`; true when they surely need no UTF-8 repair
// (all ASCII; short text is checked in full), false when they must be checked. The copy ORs
// what it moves, so the usual text costs one movemask more than the copy itself. SSE2 is on
// every x86-64; elsewhere memcpy and the full check.
[[gnu::always_inline]] inline bool copy_noting_ascii(char *dst, const char *src, size_t len) {
    dst[len] = '\0';
#ifdef __SSE2__
    if (len >= 16) {
        __m128i any = _mm_setzero_si128();
        auto move = [&](size_t at) {
            __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + at));
            _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + at), v);
            any = _mm_or_si128(any, v);
        };
        size_t i = 0;
        for (; i + 64 <= len; i += 64) { // unrolled: the loop's own steps cost as much as a move
            move(i);
            move(i + 16);
            move(i + 32);
            move(i + 48);
        }
        for (; i + 16 <= len; i += 16) move(i);
        if (i < len) move(len - 16); // the last bytes: one load overlapping those before
        return _mm_movemask_epi8(any) == 0;
    }
#endif
    if (len) std::memcpy(dst, src, len);
    return utf8_valid_prefix(src, len) == len;
}

// How many leading bytes of `s` are well-formed UTF-8 (all of them for the usual ASCII text,
// which is checked 64 bytes a step without a copy: a borrowed value is read where it is).
[[gnu::always_inline]] inline size_t valid_utf8_prefix(const char *s, size_t len) {
#ifdef __SSE2__
    if (len >= 16) {
        __m128i any = _mm_setzero_si128();
        auto load = [&](size_t at) {
            any = _mm_or_si128(any, _mm_loadu_si128(reinterpret_cast<const __m128i *>(s + at)));
        };
        size_t i = 0;
        for (; i + 64 <= len; i += 64) {
            load(i);
            load(i + 16);
            load(i + 32);
            load(i + 48);
        }
        for (; i + 16 <= len; i += 16) load(i);
        if (i < len) load(len - 16);
        if (_mm_movemask_epi8(any) == 0) return len;
    }
#endif
    // Short text (most of a row's fields): ASCII, checked 8 bytes at a time.
    uint64_t any = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        std::memcpy(&w, s + i, 8);
        any |= w;
    }
    for (; i < len; ++i) any |= static_cast<unsigned char>(s[i]);
    if ((any & 0x8080808080808080ull) == 0) return len;
    return utf8_valid_prefix(s, len);
}

// The schema of item i of a composite value of type t (NULL when schemaless).
const inlet_schema *item_schema(inlet_type t, const inlet_schema *schema, size_t i) {
    if (schema == nullptr) return nullptr;
    if (t == INLET_TYPE_STRUCT) return schema->fields[i].schema;
    if (t == INLET_TYPE_MAP) return (i % 2 == 0) ? schema->key_schema : schema->value_schema;
    return schema->value_schema;
}

bool is_string_like(inlet_type t) { return t == INLET_TYPE_STRING || t == INLET_TYPE_BYTES; }

bool is_scalar(inlet_type t) { return t >= INLET_TYPE_INT8 && t <= INLET_TYPE_BOOLEAN; }

} // namespace

const EmitOps Emitter::ops = {&Emitter::emit_thunk, &Emitter::advance_thunk, &Emitter::room_thunk};

Emitter::Emitter(PartitionTable &partitions, std::string default_topic, EmitLimits limits)
    : partitions_(partitions), default_topic_(std::move(default_topic)), limits_(limits) {}

void Emitter::begin(Batch &batch) {
    batch_ = &batch;
    ++epoch_;
    last_topic_copy_ = nullptr;
    last_topic_address_ = nullptr;
    partitions_.forget_address(); // a promise of INLET_RECORD_STABLE_NAMES lasts one poll
}

int Emitter::emit_thunk(inlet_emitter *e, const inlet_record *rec) {
    auto *self = reinterpret_cast<Emitter *>(e);
    if (rec == nullptr) return self->reject("emit() was given a NULL record");
    if (rec->struct_size >= sizeof(inlet_record)) return self->emit(*rec);
    // An older plugin's smaller record: absent trailing fields read as zero.
    inlet_record full{};
    std::memcpy(&full, rec, std::min<size_t>(rec->struct_size, sizeof full));
    if (rec->struct_size <= offsetof(inlet_record, timestamp_ms)) full.timestamp_ms = INLET_NO_TIMESTAMP;
    return self->emit(full);
}

int Emitter::advance_thunk(inlet_emitter *e, const char *partition, const char *offset) {
    return reinterpret_cast<Emitter *>(e)->advance(partition, offset);
}

size_t Emitter::room_thunk(const inlet_emitter *e) {
    const auto *self = reinterpret_cast<const Emitter *>(e);
    if (self->batch_ == nullptr || self->batch_->full()) return 0;
    return self->batch_->record_limit() - self->batch_->records().size();
}

int Emitter::reject(const char *fmt, ...) {
    rejected_ = true;
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(reason_, sizeof reason_, fmt, ap);
    va_end(ap);
    return INLET_EMIT_REJECTED;
}

bool Emitter::over_limit() {
    reject("record is larger than the limit of %zu bytes", limits_.max_record_bytes);
    return false;
}

const char *Emitter::copy_offset(const char *offset) {
    size_t len = std::strlen(offset);
    // The common spelling ({…} without surrounding blanks) skips the trimming check.
    bool shaped = len >= 2 && offset[0] == '{' && offset[len - 1] == '}';
    if (!shaped && !looks_like_object(offset, len)) return nullptr;
    auto *copy = static_cast<char *>(batch_->allocate(len + 1));
    // Keep one record per line in every output format (and in the snapshot): a line break or a
    // tab in JSON text is whitespace, so it becomes a space. Such bytes are rare, so the copy
    // only notes whether there are any.
    Noted noted = copy_noting(copy, offset, len);
    if (noted.control)
        for (size_t i = 0; i < len; ++i)
            if (copy[i] == '\n' || copy[i] == '\r' || copy[i] == '\t') copy[i] = ' ';
    // JSON text must be UTF-8. An offset is not repaired (the connector would get other bytes
    // back at restore than it wrote), so ill-formed text is refused.
    if (noted.high && utf8_valid_prefix(offset, len) != len) return nullptr;
    return copy;
}

bool Emitter::track_offset(const char *partition, const char *offset, bool stable, uint32_t &id,
                           const char *&offset_copy) {
    if (partition == nullptr) return reject("record has no source_partition"), false;
    if (offset == nullptr) return reject("record has no source_offset"), false;
    id = partitions_.lookup(partition, stable);
    if (id == PartitionTable::none)
        return reject("source_partition is not a JSON object (%s)", partitions_.error().c_str()),
               false;
    offset_copy = copy_offset(offset);
    if (offset_copy == nullptr)
        return reject("source_offset is not a JSON object in UTF-8: %.200s", offset), false;
    if (id >= slot_epoch_.size()) {
        slot_epoch_.resize(partitions_.size(), 0);
        slot_index_.resize(partitions_.size(), 0);
    }
    auto &offsets = batch_->offsets();
    if (slot_epoch_[id] == epoch_) {
        offsets[slot_index_[id]].offset = offset_copy;
    } else {
        slot_epoch_[id] = epoch_;
        slot_index_[id] = uint32_t(offsets.size());
        offsets.push_back({id, &partitions_.last_canonical(), offset_copy});
    }
    return true;
}

int Emitter::advance(const char *partition, const char *offset) {
    if (rejected_) return INLET_EMIT_REJECTED;
    uint32_t id;
    const char *copy;
    if (!track_offset(partition, offset, false, id, copy)) return INLET_EMIT_REJECTED;
    return INLET_EMIT_OK;
}

Emitter::Text Emitter::copy_text(const char *s, size_t len) {
    auto *copy = static_cast<char *>(batch_->allocate(len + 1));
    if (copy_noting_ascii(copy, s, len)) return {copy, len};
    // Not ASCII: UTF-8 already (the copy stands), or repaired into a copy of its own.
    size_t good = utf8_valid_prefix(s, len);
    if (good == len) return {copy, len};
    return repair_text(s, len, good);
}

Emitter::Text Emitter::repair_text(const char *s, size_t len, size_t good) {
    Utf8Repair r = utf8_repaired_size(s, len, good);
    // The caller charged `len`; a U+FFFD is longer than the byte or two it replaces.
    if (r.size > limits_.max_record_bytes) return over_limit(), Text{};
    if (!charge(r.size - len)) return {};
    auto *p = static_cast<char *>(batch_->allocate(r.size + 1));
    utf8_repair(p, s, len, good);
    p[r.size] = '\0';
    utf8_replacements_ += r.replacements;
    return {p, r.size};
}

bool Emitter::store_borrowed(const inlet_value &in, inlet_value &out) {
    const char *p = in.u.s.ptr;
    size_t len = in.u.s.len;
    size_t good = in.type == INLET_TYPE_STRING ? valid_utf8_prefix(p, len) : len;
    if (good != len) { // repaired into a copy of its own, as any record's text
        Text t = repair_text(p, len, good);
        out.u.s.ptr = t.ptr;
        out.u.s.len = t.len;
        return t.ptr != nullptr;
    }
    out.u.s.ptr = p;
    out.u.s.len = len;
    batch_->note_borrowed(len);
    return true;
}

bool Emitter::store(const inlet_value &in, inlet_value &out) {
    Text t = in.type == INLET_TYPE_STRING ? copy_text(in.u.s.ptr, in.u.s.len)
                                          : Text{batch_->copy(in.u.s.ptr, in.u.s.len), in.u.s.len};
    out.u.s.ptr = t.ptr;
    out.u.s.len = t.len;
    return t.ptr != nullptr;
}

bool Emitter::copy_value(const inlet_value &in, const inlet_schema *schema, inlet_value &out,
                         size_t depth, const char *where) {
    if (depth > limits_.max_depth)
        return reject("%s: nested deeper than %zu levels", where, limits_.max_depth), false;
    if (in.type == INLET_TYPE_NULL) {
        if (schema != nullptr && !schema->optional)
            return reject("%s: null value for a non-optional %s schema", where,
                          type_name(schema->type)), false;
        out.type = INLET_TYPE_NULL;
        return true;
    }
    if (in.type < INLET_TYPE_NULL || in.type > INLET_TYPE_STRUCT)
        return reject("%s: unknown value type %d", where, int(in.type)), false;
    if (schema != nullptr && schema->type != in.type)
        return reject("%s: %s value does not match its %s schema", where, type_name(in.type),
                      type_name(schema->type)), false;
    if (!charge(sizeof(inlet_value))) return false;
    out.type = in.type;
    switch (in.type) {
    case INLET_TYPE_INT8:
    case INLET_TYPE_INT16:
    case INLET_TYPE_INT32:
    case INLET_TYPE_INT64:
        if (!int_in_range(in.type, in.u.i))
            return reject("%s: %s value %lld out of range", where, type_name(in.type),
                          static_cast<long long>(in.u.i)), false;
        out.u.i = in.u.i;
        return true;
    case INLET_TYPE_FLOAT32:
    case INLET_TYPE_FLOAT64: out.u.f = in.u.f; return true;
    case INLET_TYPE_BOOLEAN: out.u.b = in.u.b ? 1 : 0; return true;
    case INLET_TYPE_STRING:
    case INLET_TYPE_BYTES:
        if (in.u.s.ptr == nullptr && in.u.s.len != 0)
            return reject("%s: %s value with a NULL pointer", where, type_name(in.type)), false;
        // Checked alone first: a length near SIZE_MAX would wrap the running total.
        if (in.u.s.len > limits_.max_record_bytes) return over_limit();
        if (!charge(in.u.s.len)) return false;
        return store(in, out);
    case INLET_TYPE_ARRAY:
    case INLET_TYPE_MAP:
    case INLET_TYPE_STRUCT: {
        if (in.type == INLET_TYPE_STRUCT && schema == nullptr)
            return reject("%s: STRUCT value without a schema", where), false;
        size_t n = in.type == INLET_TYPE_MAP ? in.u.seq.count * 2 : in.u.seq.count;
        if (in.type == INLET_TYPE_STRUCT && n != schema->field_count)
            return reject("%s: STRUCT value has %zu fields, its schema %zu", where, n,
                          schema->field_count), false;
        if (n > 0 && in.u.seq.items == nullptr)
            return reject("%s: %s value with a NULL items pointer", where,
                          type_name(in.type)), false;
        if (n > limits_.max_record_bytes / sizeof(inlet_value) ||
            !charge(n * sizeof(inlet_value)))
            return reject("record is larger than the limit of %zu bytes", limits_.max_record_bytes),
                   false;
        auto *items = static_cast<inlet_value *>(batch_->allocate(n * sizeof(inlet_value)));
        for (size_t i = 0; i < n; ++i) {
            const inlet_schema *s = item_schema(in.type, schema, i);
            if (!copy_value(in.u.seq.items[i], s, items[i], depth + 1, where)) return false;
        }
        out.u.seq.items = items;
        out.u.seq.count = in.u.seq.count;
        return true;
    }
    default: return false;
    }
}

bool Emitter::copy_top(const inlet_value *in, const inlet_schema *schema, const char *where,
                       inlet_value *slot, const inlet_value *&out, bool borrowed) {
    if (in == nullptr) {
        out = nullptr;
        if (schema == nullptr || schema->optional) return true;
        reject("%s: null for a non-optional %s schema", where, type_name(schema->type));
        return false;
    }
    out = slot;
    // The common case, a number or boolean matching its schema, without the general walk.
    if (is_scalar(in->type) && (schema == nullptr || schema->type == in->type) &&
        (in->type > INLET_TYPE_INT64 || int_in_range(in->type, in->u.i)) &&
        charge(sizeof(inlet_value))) {
        *slot = *in;
        if (in->type == INLET_TYPE_BOOLEAN) slot->u.b = in->u.b ? 1 : 0;
        return true;
    }
    // Likewise a string or bytes matching its schema: one charge, one copy.
    if (is_string_like(in->type) && (schema == nullptr || schema->type == in->type) &&
        (in->u.s.ptr != nullptr || in->u.s.len == 0)) {
        if (in->u.s.len > limits_.max_record_bytes) return over_limit();
        if (!charge(sizeof(inlet_value) + in->u.s.len)) return false;
        slot->type = in->type;
        return borrowed ? store_borrowed(*in, *slot) : store(*in, *slot);
    }
    if (borrowed && in->type >= INLET_TYPE_ARRAY) {
        const size_t before = record_bytes_;
        if (lendable(*in, schema, 0) && record_bytes_ <= limits_.max_record_bytes) {
            *slot = *in; // the items stay the plugin's, as their bytes do
            batch_->note_borrowed(record_bytes_ - before);
            return true;
        }
        record_bytes_ = before; // the copy charges it again
    }
    return copy_value(*in, schema, *slot, 0, where);
}

bool Emitter::lendable(const inlet_value &in, const inlet_schema *schema, size_t depth) {
    if (depth > limits_.max_depth) return false;
    if (in.type == INLET_TYPE_NULL) return schema == nullptr || schema->optional;
    if (schema != nullptr && schema->type != in.type) return false;
    record_bytes_ += sizeof(inlet_value);
    switch (in.type) {
    case INLET_TYPE_INT8:
    case INLET_TYPE_INT16:
    case INLET_TYPE_INT32:
    case INLET_TYPE_INT64: return int_in_range(in.type, in.u.i);
    case INLET_TYPE_FLOAT32:
    case INLET_TYPE_FLOAT64: return true;
    case INLET_TYPE_BOOLEAN: return in.u.b == 0 || in.u.b == 1; // else normalised in a copy
    case INLET_TYPE_STRING:
    case INLET_TYPE_BYTES:
        if (in.u.s.ptr == nullptr && in.u.s.len != 0) return false;
        if (in.u.s.len > limits_.max_record_bytes) return false;
        record_bytes_ += in.u.s.len;
        return in.type == INLET_TYPE_BYTES || valid_utf8_prefix(in.u.s.ptr, in.u.s.len) == in.u.s.len;
    case INLET_TYPE_ARRAY:
    case INLET_TYPE_MAP:
    case INLET_TYPE_STRUCT: {
        if (in.type == INLET_TYPE_STRUCT && schema == nullptr) return false;
        const size_t n = in.type == INLET_TYPE_MAP ? in.u.seq.count * 2 : in.u.seq.count;
        if (in.type == INLET_TYPE_STRUCT && n != schema->field_count) return false;
        if (n > 0 && in.u.seq.items == nullptr) return false;
        if (n > limits_.max_record_bytes / sizeof(inlet_value)) return false;
        record_bytes_ += n * sizeof(inlet_value);
        if (record_bytes_ > limits_.max_record_bytes) return false;
        for (size_t i = 0; i < n; ++i) {
            const inlet_schema *s = item_schema(in.type, schema, i);
            const inlet_value &v = in.u.seq.items[i];
            // Most items are leaves: checked here rather than by a call each.
            if (s != nullptr && v.type == s->type) {
                if (v.type == INLET_TYPE_STRING) {
                    if ((v.u.s.ptr == nullptr && v.u.s.len != 0) || v.u.s.len > limits_.max_record_bytes)
                        return false;
                    record_bytes_ += sizeof(inlet_value) + v.u.s.len;
                    if (valid_utf8_prefix(v.u.s.ptr, v.u.s.len) != v.u.s.len) return false;
                    continue;
                }
                if (v.type == INLET_TYPE_INT64 || v.type == INLET_TYPE_FLOAT64 || v.type == INLET_TYPE_FLOAT32) {
                    record_bytes_ += sizeof(inlet_value);
                    continue;
                }
            } else if (v.type == INLET_TYPE_NULL && (s == nullptr || s->optional)) {
                continue;
            }
            if (!lendable(v, s, depth + 1)) return false;
        }
        return true;
    }
    default: return false;
    }
}

bool Emitter::copy_headers(const inlet_record &in, const inlet_header *&out) {
    if (in.headers == nullptr) return reject("header_count > 0 with NULL headers"), false;
    if (in.header_count > limits_.max_headers)
        return reject("%zu headers, more than the limit of %zu", in.header_count,
                      limits_.max_headers), false;
    auto *hs =
        static_cast<inlet_header *>(batch_->allocate(in.header_count * sizeof(inlet_header)));
    for (size_t i = 0; i < in.header_count; ++i) {
        const inlet_header &h = in.headers[i];
        if (h.key == nullptr) return reject("header %zu has a NULL key", i), false;
        hs[i].key = copy_text(h.key, std::strlen(h.key)).ptr;
        if (hs[i].key == nullptr) return false;
        hs[i].schema = h.schema;
        if (!copy_value(h.value, h.schema, hs[i].value, 0, "header")) return false;
    }
    out = hs;
    return true;
}

int Emitter::emit(const inlet_record &in) {
    if (rejected_) return INLET_EMIT_REJECTED;
    if (batch_->bytes() > 4 * batch_->byte_limit() + limits_.max_record_bytes)
        return reject("the connector kept emitting after emit() answered INLET_EMIT_FULL");
    record_bytes_ = 0;
    uint32_t id;
    const char *offset;
    // emit_thunk zeroes the flags of a record older than ABI 1.2.
    const bool stable_names = (in.flags & INLET_RECORD_STABLE_NAMES) != 0;
    if (!track_offset(in.source_partition, in.source_offset, stable_names, id, offset))
        return INLET_EMIT_REJECTED;

    const char *topic = in.topic != nullptr ? in.topic : default_topic_.c_str();
    if (topic != last_topic_address_) {
        if (last_topic_copy_ == nullptr || std::strcmp(last_topic_.c_str(), topic) != 0) {
            if (in.topic != nullptr && !is_valid_topic(topic))
                return reject("topic '%.64s' is not a valid Kafka topic name ([a-zA-Z0-9._-], 1..249)",
                              topic);
            last_topic_.assign(topic);
            last_topic_copy_ = batch_->copy(last_topic_.data(), last_topic_.size());
            if (topics_ != nullptr) topics_->note(last_topic_);
        }
        last_topic_address_ = in.topic == nullptr || stable_names ? topic : nullptr;
    }

    // Key and value share one allocation.
    size_t tops = size_t(in.key != nullptr) + size_t(in.value != nullptr);
    auto *slots =
        tops ? static_cast<inlet_value *>(batch_->allocate(tops * sizeof(inlet_value))) : nullptr;
    const inlet_value *key, *value;
    const bool borrowed = (in.flags & INLET_RECORD_BORROWED) != 0;
    if (!copy_top(in.key, in.key_schema, "key", slots, key, borrowed)) return INLET_EMIT_REJECTED;
    if (!copy_top(in.value, in.value_schema, "value", slots + (key != nullptr), value, borrowed))
        return INLET_EMIT_REJECTED;
    const inlet_header *headers = nullptr;
    if (in.header_count > 0 && !copy_headers(in, headers)) return INLET_EMIT_REJECTED;
    int32_t *kafka_partition = nullptr;
    if (in.kafka_partition != nullptr) {
        kafka_partition = static_cast<int32_t *>(batch_->allocate(sizeof(int32_t)));
        *kafka_partition = *in.kafka_partition;
    }

    // Built in one go, once the record is known to be good: a value-initialised header
    // followed by field stores costs two block clears per record.
    batch_->add_record({inlet_record{.struct_size = sizeof(inlet_record),
                                     .topic = last_topic_copy_,
                                     .source_partition = partitions_.last_canonical().c_str(),
                                     .source_offset = offset,
                                     .key_schema = in.key_schema,
                                     .key = key,
                                     .value_schema = in.value_schema,
                                     .value = value,
                                     .timestamp_ms = in.timestamp_ms,
                                     .headers = headers,
                                     .header_count = headers ? in.header_count : 0,
                                     .kafka_partition = kafka_partition,
                                     .flags = 0},
                        id});
    return batch_->full() ? INLET_EMIT_FULL : INLET_EMIT_OK;
}

} // namespace inlet::host
