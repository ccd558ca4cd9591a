#include "loader/descriptor_check.hpp"

#include <algorithm>
#include <cstring>
#include <set>
#include <string_view>

namespace inlet::host {
namespace {

// Bounds on the plugin's tables: a missing NULL terminator or a garbage count must end in a
// clear refusal, not a walk through the plugin's memory.
constexpr size_t max_aliases = 256;
constexpr size_t max_allowed_values = 1024;
constexpr size_t max_config_keys = 4096;
constexpr size_t max_struct_size = 1 << 16;
constexpr size_t max_name_length = 64;

bool valid_name(std::string_view name) {
    if (name.empty() || name.size() > max_name_length) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

// A connector a runtime plugin found is named by its class (org.example.FooConnector).
bool valid_class_name(std::string_view name) {
    if (name.empty() || name.size() > 1024) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.' || c == '$';
    });
}

bool present(const char *s) { return s != nullptr && *s != '\0'; }

std::string check_key(const inlet_config_key &k, size_t index) {
    const std::string which =
        present(k.name) ? "config key '" + std::string(k.name) + "'"
                        : "config key #" + std::to_string(index);
    if (!present(k.name)) return which + " has no name";
    if (k.type < INLET_CFG_STRING || k.type > INLET_CFG_PASSWORD)
        return which + " has unknown type " + std::to_string(static_cast<int>(k.type));
    if (k.allowed != nullptr) {
        size_t n = 0;
        while (k.allowed[n] != nullptr)
            if (++n > max_allowed_values)
                return which + ": allowed values are not NULL-terminated (over " +
                       std::to_string(max_allowed_values) + ")";
        if (n == 0) return which + ": allowed values list is empty (use NULL for any value)";
    }
    if (k.importance < INLET_IMPORTANCE_UNSET || k.importance > INLET_IMPORTANCE_LOW)
        return which + " has unknown importance " + std::to_string(static_cast<int>(k.importance));
    if (k.has_range && !(k.min <= k.max))
        return which + ": range min " + std::to_string(k.min) + " is above max " +
               std::to_string(k.max);
    return {};
}

} // namespace

std::string check_descriptor(const inlet_plugin *d, CheckedDescriptor &out, NameRule rule) {
    if (d == nullptr) return INLET_ENTRY_SYMBOL " returned NULL";
    if (d->struct_size < min_descriptor_size)
        return "descriptor too small (struct_size " + std::to_string(d->struct_size) +
               ", connector ABI " + std::to_string(INLET_ABI_MAJOR) + ".0 needs at least " +
               std::to_string(min_descriptor_size) + ")";
    if (d->struct_size > max_struct_size)
        return "descriptor struct_size " + std::to_string(d->struct_size) + " is implausible";
    if (d->abi_major != INLET_ABI_MAJOR)
        return "descriptor built for connector ABI " + std::to_string(d->abi_major) +
               ".x; this inlet speaks " + std::to_string(INLET_ABI_MAJOR) + ".x";

    // Read only what the plugin's struct covers; fields a newer host knows but an older plugin
    // lacks stay zero, which the contract defines as "absent".
    std::memset(&out.descriptor, 0, sizeof out.descriptor);
    std::memcpy(&out.descriptor, d, std::min<size_t>(d->struct_size, sizeof out.descriptor));
    const inlet_plugin &p = out.descriptor;

    if (p.name == nullptr) return "descriptor has no name";
    if (rule == NameRule::class_name && !valid_class_name(p.name))
        return "connector name '" + std::string(p.name) + "' is not a class name";
    if (rule == NameRule::plugin && !valid_name(p.name))
        return "plugin name '" + std::string(p.name) + "' must match [a-z0-9_-]+ (at most " +
               std::to_string(max_name_length) + " characters)";
    const std::string who = "plugin '" + std::string(p.name) + "'";
    if (!present(p.version)) return who + " has no version";
    if (!present(p.description)) return who + " has no description";
    if (p.start == nullptr) return who + " has no start callback";
    if (p.poll == nullptr) return who + " has no poll callback";
    if (p.stop == nullptr) return who + " has no stop callback";

    out.aliases.clear();
    if (p.aliases != nullptr) {
        for (size_t i = 0; p.aliases[i] != nullptr; ++i) {
            if (i >= max_aliases)
                return who + ": aliases are not NULL-terminated (over " +
                       std::to_string(max_aliases) + ")";
            if (!present(p.aliases[i])) return who + ": alias #" + std::to_string(i) + " is empty";
            out.aliases.emplace_back(p.aliases[i]);
        }
    }

    out.keys.clear();
    if (p.config_key_count > 0) {
        if (p.config_keys == nullptr)
            return who + " declares " + std::to_string(p.config_key_count) +
                   " config keys but config_keys is NULL";
        if (p.config_key_count > max_config_keys)
            return who + " declares an implausible " + std::to_string(p.config_key_count) +
                   " config keys";
        if (p.config_key_size < min_config_key_size || p.config_key_size > max_struct_size)
            return who + ": config_key_size " + std::to_string(p.config_key_size) +
                   " is not a valid inlet_config_key size (at least " +
                   std::to_string(min_config_key_size) + ")";
        // The array is strided by the plugin's struct size, which may differ from the host's.
        const auto *base = reinterpret_cast<const unsigned char *>(p.config_keys);
        std::set<std::string_view> seen;
        for (size_t i = 0; i < p.config_key_count; ++i) {
            inlet_config_key k{};
            std::memcpy(&k, base + i * p.config_key_size,
                        std::min(p.config_key_size, sizeof k));
            // Like inlet_schema.default_value: a 1.0/1.1 plugin's key has no importance, even if
            // its config_key_size happens to cover the bytes (padding).
            if (p.abi_minor < 2) k.importance = INLET_IMPORTANCE_UNSET;
            if (auto why = check_key(k, i); !why.empty()) return who + ": " + why;
            if (!seen.insert(k.name).second)
                return who + ": config key '" + std::string(k.name) + "' is defined twice";
            out.keys.push_back(k);
        }
    }
    return {};
}

} // namespace inlet::host
