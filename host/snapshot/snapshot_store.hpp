// Durable, atomic, checksummed snapshot files in a job's state directory.
//
// File: <dir>/snapshot-<20-digit id>.json = one line of JSON payload, then a trailer line
// "#inlet-snapshot crc32c=<8 hex> bytes=<payload bytes>". Written to a temp file in the same
// directory, fsynced, renamed into place, then the directory is fsynced: a reader sees either
// the whole new file or none of it. The last `keep` snapshots are kept.
#pragma once

#include "snapshot/snapshot.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace inlet::host {

class SnapshotError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class SnapshotStore {
public:
    // Creates `dir` when missing and removes temp files a crash left behind.
    //
    // Test hook, off by default: when the environment variable INLET_TEST_CRASH_IN_SNAPSHOT=N
    // is set, the N-th snapshot this store writes abort()s the process after its temp file is
    // complete and before the rename — a crash in the middle of the protocol.
    explicit SnapshotStore(std::filesystem::path dir, size_t keep = 3);

    // Writes atomically (see above), then prunes old snapshots. Throws SnapshotError naming
    // the file and the OS error; a failed write leaves the previous snapshots untouched.
    void write(const Snapshot &snap);

    // The newest complete and valid snapshot, or nullopt when there is none at all. Corrupt
    // ones are skipped with a warning naming them; when snapshots exist but none is valid,
    // throws SnapshotError rather than silently starting from nothing.
    std::optional<Snapshot> load_latest() const;

    // Ids of the snapshot files present, ascending.
    std::vector<uint64_t> list() const;

    const std::filesystem::path &dir() const { return dir_; }
    std::filesystem::path file_for(uint64_t id) const;

    // The file's bytes for a snapshot, and back. decode throws SnapshotError with the reason
    // ("checksum mismatch", "truncated", …).
    static std::string encode(const Snapshot &snap);
    static Snapshot decode(std::string_view file_bytes);

private:
    std::filesystem::path dir_;
    size_t keep_;
    uint64_t crash_on_nth_ = 0; // test hook, 0: off
    uint64_t written_ = 0;
};

} // namespace inlet::host
