// Column types mapped as Debezium's PostgreSQL connector maps them (its "Data type mappings"),
// and values converted from PostgreSQL's text output (DateStyle ISO, TimeZone UTC, bytea hex —
// what the connections ask for) into Kafka Connect values.
#pragma once

#include "pg_config.hpp"

#include <inlet/connector.h>

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace inlet_pg {

// Schemas a task creates at run time, at addresses that never change until the task stops
// (records point at them; the host may cache their rendering by address).
class SchemaPool {
public:
    const inlet_schema *make(inlet_type t, bool optional, const std::string &name = {}, int32_t version = 0,
                             const std::string &params = {}, const inlet_schema *items = nullptr,
                             const std::string &doc = {});
    const inlet_schema *structure(const std::string &name, const std::vector<std::pair<std::string, const inlet_schema *>> &fields,
                                  bool optional, int32_t version = 0, const std::string &doc = {});

private:
    const char *keep(const std::string &s);
    std::deque<inlet_schema> schemas_;
    std::deque<std::string> strings_;
    std::deque<std::vector<inlet_field>> fields_;
};

// Storage for one record's converted values, reused record after record: strings, and
// inlet_value sequences carved from blocks that are kept (no allocation per record once warm).
class ValueArena {
public:
    void reset() {
        strings_used_ = block_ = used_ = 0;
    }
    std::string &string();
    std::span<inlet_value> seq(size_t n); // n zeroed values, valid until reset()

private:
    std::deque<std::string> strings_;
    std::vector<std::vector<inlet_value>> blocks_; // never resized once made: stable addresses
    size_t strings_used_ = 0, block_ = 0, used_ = 0;
};

enum class Kind {
    boolean, int16, int32, int64, float32, float64, text, bytea, decimal, var_decimal, decimal_double,
    decimal_string, date, time_ms, time_us, timestamp_ms, timestamp_us, zoned_timestamp, array
};

struct ColumnMapping {
    Kind kind = Kind::text;
    Kind element = Kind::text; // arrays
    int scale = 0;             // decimal
    const inlet_schema *schema = nullptr;
    const inlet_schema *element_schema = nullptr;
};

// The mapping of a column of type `oid` (typmod as the catalog has it).
ColumnMapping map_column(uint32_t oid, int32_t typmod, bool optional, const Options &o, SchemaPool &pool);

// Converts one value from its text form; throws std::runtime_error saying what was wrong.
// Strings in `out` may point into `text`: it must outlive the emit (the received message or the
// fetched PGresult does).
void convert(const ColumnMapping &m, std::string_view text, ValueArena &arena, inlet_value &out);
// Debezium's placeholder for an unchanged TOASTed value ("__debezium_unavailable_value").
void unavailable(const ColumnMapping &m, ValueArena &arena, inlet_value &out);
// A required column with no value (a key-only old row): Debezium's fallback, the type's zero.
void zero(const ColumnMapping &m, ValueArena &arena, inlet_value &out);

inline constexpr std::string_view unavailable_placeholder = "__debezium_unavailable_value";

// A decimal's unscaled value as Java's BigInteger.toByteArray(), any number of digits (convert
// takes a faster path for up to 38). Exposed for unit tests.
std::string unscaled_bytes(std::string_view decimal_text, int scale, int *scale_out);
// What convert stores: the same bytes, through the fast path when they fit 38 digits.
void unscaled_into(std::string_view decimal_text, int scale, int *scale_out, std::string &out);

} // namespace inlet_pg
