// What makes a file the same file whatever its name: its device and inode (as Filebeat and
// Fluent Bit key their state). A rotated file keeps its identity under its new name, so it is
// found again, never read twice, and its records keep one source partition.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace inlet_file {

struct Identity {
    uint64_t dev = 0;
    uint64_t ino = 0;
    bool operator==(const Identity &) const = default;
    auto operator<=>(const Identity &) const = default;
    bool known() const { return ino != 0; }
};

inline Identity identity_of(const struct stat &st) {
    return {static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
}

// Which of `count` tasks reads the file: a fixed mix of its identity, so every task computes the
// same answer on its own, and a file keeps its task when it is renamed (a rotated app.log.1 still
// matching the glob stays with the task that read it as app.log).
inline uint32_t owner_of(const Identity &id, uint32_t count) {
    uint64_t x = id.dev * 0x9E3779B97F4A7C15ULL ^ id.ino;
    x ^= x >> 30, x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27, x *= 0x94D049BB133111EBULL;
    x ^= x >> 31;
    return count <= 1 ? 0 : static_cast<uint32_t>(x % count);
}

// The source partition of a file named by identity: {"dev":D,"filename":"<path when first
// read>","inode":I} (keys in canonical order).
std::string identity_partition(const std::string &path, const Identity &id);

// The path of the file with identity `id` in the directory of `near` (where logrotate leaves a
// rotated file), or nullopt.
std::optional<std::string> find_in_directory(const std::string &near, const Identity &id);

} // namespace inlet_file
