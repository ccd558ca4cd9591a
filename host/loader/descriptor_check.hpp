// Checks a plugin's descriptor (what inlet_plugin_entry_v1 returned) against the contract and
// makes host-sized copies of it, so the rest of the host never reads past what a plugin built
// against an older minor provided.
#pragma once

#include <inlet/connector.h>

#include <string>
#include <vector>

namespace inlet::host {

struct CheckedDescriptor {
    inlet_plugin descriptor{};          // zero-filled past the plugin's struct_size
    std::vector<inlet_config_key> keys; // each zero-filled past the plugin's config_key_size
    std::vector<std::string> aliases;
};

// The smallest descriptor and config key a v1.0 plugin can have: everything above the line
// "ABI 1.0 ends here" in struct inlet_plugin / inlet_config_key (inlet/connector.h), i.e. up
// to and including `stop` / `max`. Fields appended below those lines are optional by contract.
inline constexpr size_t min_descriptor_size = offsetof(inlet_plugin, stop) + sizeof(void (*)(void *));
inline constexpr size_t min_config_key_size = offsetof(inlet_config_key, max) + sizeof(double);

// plugin: a .so's descriptor, named [a-z0-9_-]+. class_name: a connector a runtime plugin
// found, named by its class ([A-Za-z0-9_.$-]+).
enum class NameRule { plugin, class_name };

// Returns the reason the descriptor is unusable, or empty and fills `out`.
std::string check_descriptor(const inlet_plugin *descriptor, CheckedDescriptor &out,
                             NameRule rule = NameRule::plugin);

} // namespace inlet::host
