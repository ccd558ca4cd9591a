// Shared pieces of the output formats: JSON strings, base64, Java-style number text, and a
// value as schemaless JSON (Kafka's JsonConverter payload rules).
#pragma once

#include "sink/out_buffer.hpp"

#include <inlet/connector.h>

#include <cstdint>
#include <string_view>

namespace inlet::host {

// "…" with Jackson's escaping: quote, backslash and control characters (\b \t \n \f \r, the
// rest as \u00XX in upper-case hex, as Jackson's CharTypes writes them); other bytes as is.
void append_json_string(OutBuffer &out, std::string_view s);
// Standard base64 with padding (java.util.Base64.getEncoder()).
void append_base64(OutBuffer &out, std::string_view bytes);
void append_int(OutBuffer &out, int64_t v);
// Java's Double.toString / Float.toString: "1.0", "0.001", "1.0E7", "1.5E-4", "NaN", "Infinity".
void append_java_double(OutBuffer &out, double v);
void append_java_float(OutBuffer &out, float v);

// A value as JsonConverter writes a payload: integers and floats as numbers (Java text for
// floats; NaN and infinities as the strings "NaN", "Infinity", "-Infinity", as Jackson does), BYTES (including Decimal) as base64 strings, STRUCT as an object in field order,
// MAP as an object when its keys are strings (else an array of [key, value] pairs), NULL or an
// absent value as null. `schema` may be NULL (schemaless).
void append_json_value(OutBuffer &out, const inlet_value *v, const inlet_schema *schema);

// BigDecimal.toString of a Decimal: big-endian two's-complement unscaled bytes and a scale
// (beyond 128 bits, the bytes as base64).
void append_big_decimal(OutBuffer &out, std::string_view bytes, int32_t scale);

// The "scale" parameter of a Decimal schema (0 when absent).
int32_t decimal_scale(const inlet_schema *schema);
bool is_logical(const inlet_schema *schema, const char *name);

} // namespace inlet::host
