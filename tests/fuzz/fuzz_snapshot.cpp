// libFuzzer: the snapshot reader. Any bytes must decode to a Snapshot or fail with a
// SnapshotError, nothing else (no other exception, no crash, no sanitizer report); and what
// decodes must survive a write/read round trip unchanged, since a resumed job writes it again.
//
// An input starting with '!' is taken as a payload and given a valid trailer first: random
// bytes almost never pass the CRC-32C, and the payload parser behind it deserves fuzzing too.
#include "snapshot/crc32c.hpp"
#include "snapshot/snapshot_store.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string bytes(reinterpret_cast<const char *>(data), size);
    if (!bytes.empty() && bytes[0] == '!') {
        std::string payload = bytes.substr(1);
        if (payload.empty() || payload.back() != '\n') payload.push_back('\n');
        char trailer[96];
        std::snprintf(trailer, sizeof trailer, "#inlet-snapshot crc32c=%08x bytes=%zu\n",
                      inlet::host::crc32c(payload), payload.size());
        bytes = payload + trailer;
    }
    inlet::host::Snapshot snap;
    try {
        snap = inlet::host::SnapshotStore::decode(bytes);
    } catch (const inlet::host::SnapshotError &) {
        return 0;
    }
    auto again = inlet::host::SnapshotStore::decode(inlet::host::SnapshotStore::encode(snap));
    if (again.id != snap.id || again.job != snap.job || again.created_ms != snap.created_ms ||
        merged_offsets(again) != merged_offsets(snap) || again.sink != snap.sink)
        __builtin_trap();
    return 0;
}
