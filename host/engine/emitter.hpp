// The inlet_emitter a task's poll() writes into: it checks each record against the contract,
// by the rules of runtime/record_check.hpp applied during the copy, and deep-copies it into the
// current Batch (see batch.hpp), except the top-level key and value of a record flagged
// INLET_RECORD_BORROWED, which it checks in place and points at (a composite one with all it
// holds, unless a part of it needs changing: then it is copied); ill-formed UTF-8 in a STRING
// or header key is repaired with U+FFFD as Java decodes it, and counted. Schemas are kept as
// pointers (they live until the task's stop()). A malformed record is answered
// INLET_EMIT_REJECTED and the reason is kept, so the task fails with it. Nothing here allocates per record once the batch
// and the partition table are warm.
#pragma once

#include "engine/batch.hpp"
#include "engine/partition_table.hpp"
#include "engine/task_metrics.hpp"
#include "runtime/host_api.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace inlet::host {

struct EmitLimits {
    size_t max_record_bytes = 8u << 20; // copied size of one record (payload + structure)
    size_t max_depth = 32;              // nesting of values
    size_t max_headers = 1024;
};

class Emitter {
public:
    Emitter(PartitionTable &partitions, std::string default_topic, EmitLimits limits);
    Emitter(const Emitter &) = delete;
    Emitter &operator=(const Emitter &) = delete;

    // Where the topics the task writes to are noted (the REST API's /topics); may be null.
    void track_topics(TopicSet *topics) { topics_ = topics; }
    // Points the emitter at the batch the next poll() fills.
    void begin(Batch &batch);
    inlet_emitter *handle() { return reinterpret_cast<inlet_emitter *>(this); }

    // Set once a record was rejected; the reason names what was wrong.
    bool rejected() const { return rejected_; }
    // U+FFFD put in place of ill-formed UTF-8 since the last call (the task adds them up).
    uint64_t take_utf8_replacements() { return std::exchange(utf8_replacements_, 0); }
    const char *reason() const { return reason_; }

    // The slots of the inlet_host table that route to an Emitter.
    static const EmitOps ops;

private:
    static int emit_thunk(inlet_emitter *e, const inlet_record *rec);
    static int advance_thunk(inlet_emitter *e, const char *partition, const char *offset);
    static size_t room_thunk(const inlet_emitter *e);

    int emit(const inlet_record &rec);
    int advance(const char *partition, const char *offset);
    // The per-record steps are forced inline into emit() (they are defined in emitter.cpp,
    // its only caller): called apart, their entry and exit (register saves, argument spills)
    // cost about as much as their work for a usual record. Rejections stay out of line.
#define INLET_EMIT_STEP [[gnu::always_inline]] inline
    // Looks the partition up and records `offset` as its newest in this batch.
    // `stable`: INLET_RECORD_STABLE_NAMES (the partition is known by its address in a poll).
    INLET_EMIT_STEP bool track_offset(const char *partition, const char *offset, bool stable,
                                      uint32_t &id, const char *&offset_copy);
    INLET_EMIT_STEP const char *copy_offset(const char *offset);
    // A top-level key or value: copied into `slot`, or NULL when absent. `borrowed`: a STRING
    // or BYTES keeps pointing at the plugin's bytes (INLET_RECORD_BORROWED).
    INLET_EMIT_STEP bool copy_top(const inlet_value *in, const inlet_schema *schema,
                                  const char *where, inlet_value *slot, const inlet_value *&out,
                                  bool borrowed);
    struct Text {
        const char *ptr = nullptr;
        size_t len = 0;
    };
    // A STRING's bytes (or a header key), with ill-formed UTF-8 repaired (record_check.hpp);
    // {nullptr, 0} once rejected.
    INLET_EMIT_STEP Text copy_text(const char *s, size_t len);
    [[gnu::cold]] Text repair_text(const char *s, size_t len, size_t good);
    // The bytes of a STRING or BYTES value into out.u.s (out.type is set by the caller).
    INLET_EMIT_STEP bool store(const inlet_value &in, inlet_value &out);
    // The same without the copy: checked where they are, unless they need a UTF-8 repair.
    INLET_EMIT_STEP bool store_borrowed(const inlet_value &in, inlet_value &out);
#undef INLET_EMIT_STEP
    // A borrowed composite value checked where it is, charging its size: true when the host
    // may point at it as it stands (well-formed, nothing to repair or normalise). False says
    // only "copy it": copy_value then finds (and names) any fault.
    bool lendable(const inlet_value &in, const inlet_schema *schema, size_t depth);
    bool copy_value(const inlet_value &in, const inlet_schema *schema, inlet_value &out,
                    size_t depth, const char *where);
    bool copy_headers(const inlet_record &in, const inlet_header *&out);
    bool charge(size_t bytes) {
        record_bytes_ += bytes;
        return record_bytes_ <= limits_.max_record_bytes || over_limit();
    }
    [[gnu::cold]] bool over_limit();
    [[gnu::cold]] int reject(const char *fmt, ...) __attribute__((format(printf, 2, 3)));

    PartitionTable &partitions_;
    std::string default_topic_;
    EmitLimits limits_;
    Batch *batch_ = nullptr;
    size_t record_bytes_ = 0; // of the record being copied
    // Batch slot of each partition id, valid when slot_epoch_[id] == epoch_ (one per begin()).
    uint64_t epoch_ = 0;
    std::vector<uint64_t> slot_epoch_;
    std::vector<uint32_t> slot_index_;
    // The previous record's topic and its copy in the current batch.
    std::string last_topic_;
    const char *last_topic_copy_ = nullptr;
    // Its address, when that alone identifies it until the poll returns: the default topic
    // (the host's) or a plugin's INLET_RECORD_STABLE_NAMES.
    const char *last_topic_address_ = nullptr;
    uint64_t utf8_replacements_ = 0;
    TopicSet *topics_ = nullptr;
    bool rejected_ = false;
    char reason_[512] = {};
};

} // namespace inlet::host
