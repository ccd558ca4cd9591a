// CRC-32C (Castagnoli), the checksum over a snapshot's payload. Chosen over FNV because it is a
// real error-detecting code (every burst error up to 32 bits is caught), and it is what ext4,
// iSCSI and Kafka's record batches use. x86-64 CPUs with SSE4.2 compute it in hardware; others
// use tables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace inlet::host {

// crc32c("123456789") == 0xE3069283. `seed` continues a previous call's result.
uint32_t crc32c(std::string_view data, uint32_t seed = 0) noexcept;

// The table-driven path alone, so a test can check the hardware path against it.
uint32_t crc32c_portable(std::string_view data, uint32_t seed = 0) noexcept;

} // namespace inlet::host
