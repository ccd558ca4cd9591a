#include "record_decoder.hpp"

#include <cstring>

namespace inlet::kafka {

void RecordDecoder::reset(const unsigned char *data, size_t size) {
    arena_ = arena_ == &arenas_[0] ? &arenas_[1] : &arenas_[0];
    arena_->block = 0;
    arena_->used = 0;
    topic_ = partition_ = nullptr;
    at_ = data;
    end_ = data + size;
    const int32_t bytes = i32();
    i32(); // record count: the items say it again
    if (bytes < 8 || size_t(bytes) > size) throw DecodeError("bad batch header");
    end_ = data + bytes;
}

int32_t RecordDecoder::i32() {
    if (end_ - at_ < 4) throw DecodeError("truncated batch");
    int32_t v;
    std::memcpy(&v, at_, 4);
    at_ += 4;
    return v;
}

int64_t RecordDecoder::i64() {
    if (end_ - at_ < 8) throw DecodeError("truncated batch");
    int64_t v;
    std::memcpy(&v, at_, 8);
    at_ += 8;
    return v;
}

double RecordDecoder::f64() {
    const int64_t bits = i64();
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
}

uint8_t RecordDecoder::u8() {
    if (at_ >= end_) throw DecodeError("truncated batch");
    return *at_++;
}

const char *RecordDecoder::str(size_t &len) {
    const int32_t n = i32();
    if (n < 0) {
        len = 0;
        return nullptr;
    }
    if (end_ - at_ < n) throw DecodeError("truncated string");
    const char *p = reinterpret_cast<const char *>(at_);
    at_ += n;
    len = size_t(n);
    return p;
}

std::string RecordDecoder::owned_str(bool &is_null) {
    size_t len = 0;
    const char *p = str(len);
    is_null = p == nullptr;
    return p ? std::string(p, len) : std::string();
}

const inlet_schema *RecordDecoder::schema(int32_t id) {
    if (id < 0) return nullptr;
    if (size_t(id) >= by_id_.size()) throw DecodeError("unknown schema id");
    return by_id_[size_t(id)];
}

void RecordDecoder::define_schema() {
    const int32_t id = i32();
    if (id != int32_t(by_id_.size())) throw DecodeError("schema ids out of order");
    Schema &d = schemas_.emplace_back();
    d.s.type = static_cast<inlet_type>(u8());
    d.s.optional = u8();
    bool null_name = false, null_doc = false, null_params = false;
    d.name = owned_str(null_name);
    const int32_t version = i32();
    d.s.version = version < 0 ? 0 : version;
    d.doc = owned_str(null_doc);
    d.params = owned_str(null_params);
    d.s.key_schema = schema(i32());
    d.s.value_schema = schema(i32());
    const int32_t n = i32();
    if (n < 0) throw DecodeError("bad field count");
    d.field_names.reserve(size_t(n));
    d.fields.reserve(size_t(n));
    for (int32_t i = 0; i < n; ++i) {
        bool null_field = false;
        d.field_names.push_back(owned_str(null_field));
        d.fields.push_back({nullptr, schema(i32())});
    }
    for (int32_t i = 0; i < n; ++i) d.fields[size_t(i)].name = d.field_names[size_t(i)].c_str();
    if (u8() != 0) {
        value(d.default_value);
        keep(d, d.default_value);
        d.s.default_value = &d.default_value;
    }
    d.s.name = null_name ? nullptr : d.name.c_str();
    d.s.doc = null_doc ? nullptr : d.doc.c_str();
    d.s.parameters_json = null_params ? nullptr : d.params.c_str();
    d.s.fields = d.fields.empty() ? nullptr : d.fields.data();
    d.s.field_count = d.fields.size();
    by_id_.push_back(&d.s);
}

void RecordDecoder::keep(Schema &d, inlet_value &v) {
    switch (v.type) {
    case INLET_TYPE_STRING:
    case INLET_TYPE_BYTES:
        v.u.s.ptr = d.default_strings.emplace_back(v.u.s.ptr, v.u.s.len).data();
        return;
    case INLET_TYPE_ARRAY:
    case INLET_TYPE_MAP:
    case INLET_TYPE_STRUCT: {
        const size_t items = v.type == INLET_TYPE_MAP ? v.u.seq.count * 2 : v.u.seq.count;
        if (items == 0) return;
        auto copy = std::make_unique<inlet_value[]>(items);
        for (size_t i = 0; i < items; ++i) {
            copy[i] = v.u.seq.items[i];
            keep(d, copy[i]);
        }
        v.u.seq.items = copy.get();
        d.default_items.push_back(std::move(copy));
        return;
    }
    default: return;
    }
}

inlet_value *RecordDecoder::allocate(size_t n) {
    constexpr size_t block_size = 4096;
    Arena &a = *arena_;
    while (a.block < a.blocks.size() && a.used + n > a.sizes[a.block]) {
        ++a.block;
        a.used = 0;
    }
    if (a.block == a.blocks.size()) {
        const size_t size = std::max(block_size, n);
        a.blocks.push_back(std::make_unique<inlet_value[]>(size));
        a.sizes.push_back(size);
        a.used = 0;
    }
    inlet_value *p = a.blocks[a.block].get() + a.used;
    a.used += n;
    return p;
}

void RecordDecoder::value(inlet_value &out) {
    out = inlet_value{};
    out.type = static_cast<inlet_type>(u8());
    switch (out.type) {
    case INLET_TYPE_NULL: return;
    case INLET_TYPE_INT8:
    case INLET_TYPE_INT16:
    case INLET_TYPE_INT32:
    case INLET_TYPE_INT64: out.u.i = i64(); return;
    case INLET_TYPE_FLOAT32:
    case INLET_TYPE_FLOAT64: out.u.f = f64(); return;
    case INLET_TYPE_BOOLEAN: out.u.b = u8(); return;
    case INLET_TYPE_STRING:
    case INLET_TYPE_BYTES: {
        size_t len = 0;
        const char *p = str(len);
        out.u.s.ptr = p ? p : "";
        out.u.s.len = len;
        return;
    }
    case INLET_TYPE_ARRAY:
    case INLET_TYPE_MAP:
    case INLET_TYPE_STRUCT: {
        const int32_t n = i32();
        if (n < 0) throw DecodeError("bad item count");
        const size_t items = out.type == INLET_TYPE_MAP ? size_t(n) * 2 : size_t(n);
        inlet_value *arr = items ? allocate(items) : nullptr;
        for (size_t i = 0; i < items; ++i) value(arr[i]);
        out.u.seq.items = arr;
        out.u.seq.count = size_t(n);
        return;
    }
    }
    throw DecodeError("unknown value type " + std::to_string(int(out.type)));
}

const char *RecordDecoder::cstr(const char *previous) {
    const int32_t n = i32();
    if (n == -1) return nullptr;
    if (n == -2) {
        if (previous == nullptr) throw DecodeError("\"the same\" text without a previous one");
        return previous;
    }
    if (n < 0 || end_ - at_ <= n || at_[n] != 0) throw DecodeError("bad C string");
    const char *p = reinterpret_cast<const char *>(at_);
    at_ += n + 1;
    return p;
}

bool RecordDecoder::next(inlet_record &out) {
    while (at_ < end_) {
        const uint8_t tag = u8();
        if (tag == 1) {
            define_schema();
            continue;
        }
        if (tag != 2) throw DecodeError("unknown item tag " + std::to_string(tag));
        out = inlet_record{};
        out.struct_size = sizeof(inlet_record);
        out.topic = topic_ = cstr(topic_);
        kafka_partition_ = i32(); // -1: none
        out.kafka_partition = kafka_partition_ < 0 ? nullptr : &kafka_partition_;
        out.source_partition = cstr(partition_);
        if (out.source_partition != nullptr) partition_ = out.source_partition;
        out.source_offset = cstr();
        out.key_schema = schema(i32());
        value(key_);
        out.key = key_.type == INLET_TYPE_NULL && out.key_schema == nullptr ? nullptr : &key_;
        out.value_schema = schema(i32());
        value(value_);
        out.value = value_.type == INLET_TYPE_NULL ? nullptr : &value_;
        const int64_t ts = i64();
        out.timestamp_ms = ts == INT64_MIN ? INLET_NO_TIMESTAMP : ts;
        const int32_t n = i32();
        if (n < 0) throw DecodeError("bad header count");
        headers_.resize(size_t(n));
        for (int32_t i = 0; i < n; ++i) {
            inlet_header &h = headers_[size_t(i)];
            h.key = cstr();
            if (h.key == nullptr) h.key = "";
            h.schema = schema(i32());
            value(h.value);
        }
        out.headers = headers_.empty() ? nullptr : headers_.data();
        out.header_count = headers_.size();
        return true;
    }
    return false;
}

} // namespace inlet::kafka
