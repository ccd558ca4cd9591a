// The hash for partition texts in the engine's lookup tables (restored offsets, a task's
// partitions). Partition JSON is short (10-60 bytes), and the library's std::hash runs a
// byte-oriented Murmur variant; this takes 8 bytes per multiply. Not for untrusted
// adversarial input across a network: a collision only costs probe time, never correctness.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace inlet::host {

inline uint64_t hash_text(std::string_view s) {
    constexpr uint64_t k = 0x9E3779B97F4A7C15u; // 2^64 / golden ratio
    uint64_t h = k ^ s.size();
    const char *p = s.data();
    size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    if (n > 0) {
        uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    // Final mix (from MurmurHash3's fmix64): every input bit reaches the low bits that pick a
    // slot and the high bits kept as a tag.
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDu;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53u;
    h ^= h >> 33;
    return h;
}

} // namespace inlet::host
