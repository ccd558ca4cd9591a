// PluginRegistry::load_file: the loader's checks for one file, in the order loader/README.md
// gives (probe without loading, permissions, load, descriptor).
#include "loader/descriptor_check.hpp"
#include "loader/elf_probe.hpp"
#include "loader/file_safety.hpp"
#include "loader/loaded_plugin.hpp"

#include <dlfcn.h>

namespace inlet::host {

std::unique_ptr<Plugin> PluginRegistry::load_file(const std::filesystem::path &file,
                                                  std::string &why_not) {
    why_not.clear();
    const ElfProbe probe = probe_plugin_file(file);
    if (!probe.ok) {
        why_not = probe.reason;
        return nullptr;
    }
    if (auto unsafe = unsafe_permissions(file); !unsafe.empty()) {
        why_not = std::move(unsafe);
        return nullptr;
    }

    namespace mode = boost::dll::load_mode;
    // RTLD_NODELETE: the library stays mapped after dlclose, so nothing the plugin handed out
    // can dangle even if its Plugin object is destroyed (see loaded_plugin.hpp).
    const auto flags = mode::rtld_now | mode::rtld_local | static_cast<mode::type>(RTLD_NODELETE);
    boost::dll::fs::error_code ec;
    boost::dll::shared_library library(boost::dll::fs::path(file.string()), flags, ec);
    if (ec || !library.is_loaded()) {
        // Boost's error code only says "bad file descriptor"; dlerror() has the real cause
        // (a missing dependency, an undefined symbol).
        const char *detail = ::dlerror();
        why_not = std::string("cannot load: ") + (detail ? detail : ec.message());
        return nullptr;
    }
    if (!library.has(INLET_ENTRY_SYMBOL)) {
        why_not = "no entry point " INLET_ENTRY_SYMBOL " (is it exported with INLET_EXPORT and "
                  "extern \"C\"?)";
        return nullptr;
    }
    auto entry = library.get<const inlet_plugin *()>(INLET_ENTRY_SYMBOL);

    CheckedDescriptor checked;
    const inlet_plugin *descriptor = entry();
    if (auto why = check_descriptor(descriptor, checked); !why.empty()) {
        why_not = std::move(why);
        return nullptr;
    }
    // Both sizes come from one sizeof(inlet_plugin) in a plugin built with INLET_PLUGIN_MAGIC;
    // a difference means one of them was written by hand and cannot be trusted.
    if (probe.magic.descriptor_size != descriptor->struct_size) {
        why_not = "the magic's descriptor_size (" + std::to_string(probe.magic.descriptor_size) +
                  ") differs from the descriptor's struct_size (" +
                  std::to_string(descriptor->struct_size) +
                  "); define the magic with INLET_PLUGIN_MAGIC";
        return nullptr;
    }
    return std::make_unique<LoadedPlugin>(std::move(library), file, checked.descriptor,
                                          std::move(checked.keys), std::move(checked.aliases));
}

} // namespace inlet::host
