// Reads the buffer RecordEncoder.java fills with one poll()'s records (the layout is written
// there) and hands each record to the host. Strings point straight into the buffer (the topic,
// partition and offset are NUL-terminated there); the items of composite values are laid out
// in an arena. The host keeps pointers to both instead of copying (INLET_RECORD_BORROWED) and
// recognises a topic or partition by its address (INLET_RECORD_STABLE_NAMES): the Java side
// alternates between two buffers and the decoder between two arenas, switching at each new
// buffer, so what one poll lent stays unchanged until the poll after the next (RecordEncoder.java).
// Schemas are kept per task, as the contract asks, until stop().
#pragma once

#include <inlet/connector.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace inlet::kafka {

struct DecodeError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class RecordDecoder {
public:
    // A new buffer: `data` holds `size` bytes, starting with the header (bytes, records).
    void reset(const unsigned char *data, size_t size);
    bool pending() const { return at_ < end_; }
    // Decodes the next record into `out` (schemas defined on the way are kept). Valid until the
    // next call. False when the buffer is done.
    bool next(inlet_record &out);

private:
    struct Schema {
        inlet_schema s{};
        std::string name, doc, params;
        std::vector<std::string> field_names;
        std::vector<inlet_field> fields;
        // The default value (ABI 1.2), copied out of the buffer: it lives as long as the schema.
        inlet_value default_value{};
        std::deque<std::string> default_strings;
        std::vector<std::unique_ptr<inlet_value[]>> default_items;
    };

    int32_t i32();
    int64_t i64();
    double f64();
    uint8_t u8();
    // A string: pointer into the buffer and length; ptr is nullptr for null.
    const char *str(size_t &len);
    std::string owned_str(bool &is_null);
    void define_schema();
    const inlet_schema *schema(int32_t id);
    void value(inlet_value &out);
    // Makes `v` (decoded into the buffer and the per-poll blocks) owned by schema `d`.
    static void keep(Schema &d, inlet_value &v);
    inlet_value *allocate(size_t n);
    // A record's C string (topic, partition, offset, header key), NUL-terminated in the buffer:
    // its address, nullptr for null; `previous` for "the same as the previous record's".
    const char *cstr(const char *previous = nullptr);

    // Blocks of items, reused from the start at every other buffer (see the top).
    struct Arena {
        std::vector<std::unique_ptr<inlet_value[]>> blocks;
        std::vector<size_t> sizes;
        size_t block = 0, used = 0;
    };

    const unsigned char *at_ = nullptr, *end_ = nullptr;
    std::deque<Schema> schemas_; // stable addresses: records point at them until stop()
    std::vector<const inlet_schema *> by_id_; // schemas_[id].s, without a deque's index arithmetic
    Arena arenas_[2];
    Arena *arena_ = &arenas_[0];
    std::vector<inlet_header> headers_;
    const char *topic_ = nullptr, *partition_ = nullptr; // the last record's, in this buffer
    inlet_value key_{}, value_{};
    int32_t kafka_partition_ = 0;
};

} // namespace inlet::kafka
