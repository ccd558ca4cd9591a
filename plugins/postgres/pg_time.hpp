// PostgreSQL's text forms of dates and times (DateStyle ISO, as the connections ask for) read
// into the numbers Debezium's temporal types carry, and timestamptz rendered as its
// ZonedTimestamp (ISO-8601 in UTC).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace inlet_pg {

[[noreturn]] void bad(std::string_view what, std::string_view text); // "cannot read '<text>' as <what>"
int64_t to_int(std::string_view s, std::string_view what);
int64_t floor_div(int64_t a, int64_t b);

// "YYYY-MM-DD[ BC]" as days since 1970-01-01 (proleptic Gregorian).
int64_t date_days(std::string_view s);
// "HH:MM:SS[.ffffff]" as µs of the day.
int64_t parse_time_us(std::string_view t, std::string_view what);
// "YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM[:SS]]][ BC]" as µs since the epoch (UTC); ±infinity is
// PgJDBC's stand-in in ms, with *infinite set.
int64_t timestamp_us(std::string_view s, std::string_view what, bool *infinite);
// timestamptz text as ISO-8601 in UTC with 'Z', the fraction without trailing zeros.
void zoned(std::string_view s, std::string &out);

} // namespace inlet_pg
