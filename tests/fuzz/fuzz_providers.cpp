// libFuzzer: config provider expansion. A value without "${" comes back unchanged and is not
// secret; anything else expands or fails with a ProviderError that never contains the secret.
#include "config/providers.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {
constexpr const char *secret = "S3CRET-VALUE-xyzzy";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string value(reinterpret_cast<const char *>(data), size);
    inlet::host::ProviderResolver resolver(
        {{"FUZZ_*", "ALLOWED"}, {"/nonexistent-inlet-fuzz"}},
        [](const std::string &name) -> std::optional<std::string> {
            if (name == "UNSET" || name == "FUZZ_UNSET") return std::nullopt;
            return std::string(secret);
        });
    try {
        auto e = resolver.expand(value, "/nonexistent-inlet-fuzz");
        if (value.find("${") == std::string::npos && (e.value != value || e.from_provider))
            __builtin_trap();
    } catch (const inlet::host::ProviderError &err) {
        if (value.find(secret) == std::string::npos &&
            std::string(err.what()).find(secret) != std::string::npos)
            __builtin_trap();
    }
    return 0;
}
