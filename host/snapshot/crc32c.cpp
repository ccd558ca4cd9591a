#include "snapshot/crc32c.hpp"

#include <array>

namespace inlet::host {
namespace {

constexpr uint32_t poly_reversed = 0x82F63B78u;

// Slicing-by-4 tables, computed at compile time.
constexpr std::array<std::array<uint32_t, 256>, 4> make_tables() {
    std::array<std::array<uint32_t, 256>, 4> t{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ poly_reversed : c >> 1;
        t[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; ++i)
        for (size_t s = 1; s < 4; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFF];
    return t;
}

constexpr auto tables = make_tables();

} // namespace

uint32_t crc32c(std::string_view data, uint32_t seed) noexcept {
    uint32_t c = ~seed;
    const auto *p = reinterpret_cast<const unsigned char *>(data.data());
    size_t n = data.size();
    while (n >= 4) {
        c ^= uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
        c = tables[3][c & 0xFF] ^ tables[2][(c >> 8) & 0xFF] ^ tables[1][(c >> 16) & 0xFF] ^
            tables[0][c >> 24];
        p += 4;
        n -= 4;
    }
    while (n--) c = (c >> 8) ^ tables[0][(c ^ *p++) & 0xFF];
    return ~c;
}

} // namespace inlet::host
