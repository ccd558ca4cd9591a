// Counter-based random values for the `random` connector.
//
// Every value is a pure function of (stream state, record index): the n-th output of a
// splitmix64 stream is mix(state + (n + 1) * golden), so a task restored at count n resumes the
// exact sequence it would have produced without the restart, with no generator state to save.
// The same property makes the hot loop allocation-free and branch-light.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace inlet_random {

inline constexpr uint64_t golden_gamma = 0x9e3779b97f4a7c15ULL;

// splitmix64's finalizer: a bijective, well-mixed 64 -> 64 bit function.
constexpr uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// The n-th output of the splitmix64 stream whose state starts at `state`.
constexpr uint64_t stream_at(uint64_t state, uint64_t n) { return mix(state + (n + 1) * golden_gamma); }

// One independent stream per (seed, task): tasks of one connector never share a sequence, and a
// task keeps its sequence whatever tasks.max is.
constexpr uint64_t task_state(uint64_t seed, uint64_t task_index) {
    return mix(seed ^ mix(task_index + golden_gamma));
}

// Key and value come from two distinct streams of the task.
constexpr uint64_t key_stream(uint64_t task) { return mix(task ^ 0x6b65795f73747265ULL); }
constexpr uint64_t value_stream(uint64_t task) { return mix(task ^ 0x76616c5f73747265ULL); }

// A uniform integer in [lo, hi] (inclusive, as sasakitoa's RandomInt) from 64 random bits, by
// multiply-high: the bias is at most (hi - lo + 1) / 2^64, far below anything observable.
constexpr int64_t in_range(uint64_t r, int64_t lo, int64_t hi) {
    const unsigned __int128 span =
        static_cast<unsigned __int128>(static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo)) + 1;
    const auto scaled = static_cast<uint64_t>((static_cast<unsigned __int128>(r) * span) >> 64);
    return static_cast<int64_t>(static_cast<uint64_t>(lo) + scaled);
}

// A uniform double in [0, 1) with 53 random bits.
constexpr double unit_double(uint64_t r) { return static_cast<double>(r >> 11) * 0x1.0p-53; }

inline constexpr std::string_view letters =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
// How many letters one 64-bit word yields: each draw consumes log2(52) ~ 5.7 bits.
inline constexpr size_t letters_per_word = 10;

// Writes `len` letters (a-z, A-Z, as sasakitoa's RandomString) for record `n` of `state` into
// `out`. Record n uses the words n*W .. n*W+W-1 of the stream, W = ceil(len / 10), so records stay
// independent of each other and addressable by index.
inline void letters_at(uint64_t state, uint64_t n, char *out, size_t len) {
    const uint64_t words = (len + letters_per_word - 1) / letters_per_word;
    uint64_t r = 0;
    for (size_t i = 0; i < len; ++i) {
        if (i % letters_per_word == 0) r = stream_at(state, n * words + i / letters_per_word);
        // Fast dice: the high part of r * 52 is the letter, the low part the remaining entropy.
        const unsigned __int128 m = static_cast<unsigned __int128>(r) * letters.size();
        out[i] = letters[static_cast<size_t>(m >> 64)];
        r = static_cast<uint64_t>(m);
    }
}

enum class Kind { int32, int64, float64, string };

// generator.class, full Java name or short name; nullopt when unknown.
inline std::optional<Kind> parse_kind(std::string_view name) {
    constexpr std::string_view prefix = "sasakitoa.kafka.connect.random.generator.";
    if (name.starts_with(prefix)) name.remove_prefix(prefix.size());
    if (name == "RandomInt") return Kind::int32;
    if (name == "RandomLong") return Kind::int64;
    if (name == "RandomDouble") return Kind::float64;
    if (name == "RandomString") return Kind::string;
    return std::nullopt;
}

} // namespace inlet_random
