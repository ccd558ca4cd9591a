// The payload line of a snapshot file, written and read without a JSON DOM: with 100,000
// source partitions a DOM costs hundreds of milliseconds at every snapshot and at recovery.
// The text is exactly what nlohmann's dump() of the same document gives (keys sorted, no
// blanks), so files stay readable by any JSON parser and older files read fast too:
//   {"created_ms":…,"format":1,"job":"…","offsets":[["<partition>","<offset>","<connector>"],…],
//    "sink":{…},"snapshot":…}
// The connector that wrote an offset is a third element, absent when not known (a snapshot
// written before inlet recorded it loads as before; an older inlet reads the first two).
#pragma once

#include "snapshot/snapshot.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace inlet::host {

// The payload line, '\n' included.
std::string encode_payload(const Snapshot &snap);

// Reads a payload in exactly the layout above. nullopt when it is laid out in any other way
// (or uses \u escapes): the caller then reads it with the general parser, which also gives
// the precise error. Never reads outside `payload`.
std::optional<Snapshot> decode_payload_fast(std::string_view payload);

} // namespace inlet::host
