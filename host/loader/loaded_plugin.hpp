// The Plugin the loader hands out: a verified descriptor, host-sized copies of its tables, and
// the library handle that keeps all of it mapped.
#pragma once

#include "loader/plugin.hpp"

#include <boost/dll/shared_library.hpp>

namespace inlet::host {

class LoadedPlugin final : public Plugin {
public:
    LoadedPlugin(boost::dll::shared_library library, std::filesystem::path path,
                 const inlet_plugin &descriptor, std::vector<inlet_config_key> keys,
                 std::vector<std::string> aliases)
        : library_(std::move(library)), path_(std::move(path)), descriptor_(descriptor),
          keys_(std::move(keys)), aliases_(std::move(aliases)) {}

    const inlet_plugin &descriptor() const override { return descriptor_; }
    const std::filesystem::path &path() const override { return path_; }
    const std::vector<inlet_config_key> &config_keys() const override { return keys_; }
    const std::vector<std::string> &aliases() const override { return aliases_; }
    uint32_t abi_minor() const override { return descriptor_.abi_minor; }

private:
    // Declared first so it is destroyed last. The library is opened with RTLD_NODELETE, so even
    // this handle's dlclose never unmaps it: descriptors, schemas and strings handed out by the
    // plugin stay valid for the whole process, whoever still points at them.
    boost::dll::shared_library library_;
    std::filesystem::path path_;
    inlet_plugin descriptor_; // host-sized, zero-filled past the plugin's struct_size
    std::vector<inlet_config_key> keys_;
    std::vector<std::string> aliases_;
};

} // namespace inlet::host
