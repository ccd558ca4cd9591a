// Reads a plugin's identity (the inlet_plugin_magic in its "inlet_plugin" ELF section) straight
// from the file, without loading it: a foreign or mismatched .so must never run a constructor
// inside the host.
#pragma once

#include <inlet/connector.h>

#include <filesystem>
#include <string>

namespace inlet::host {

struct ElfProbe {
    bool ok = false;
    std::string reason;        // why not, when !ok (one phrase, without the file name)
    inlet_plugin_magic magic{}; // the plugin's magic, when ok
};

// Checks that `file` is an ELF64 shared object for this machine, finds the section named
// INLET_MAGIC_SECTION through the section headers (which survive `strip`, unlike .symtab), and
// verifies its magic bytes and ABI major. Never throws for bad input; reports it in `reason`.
ElfProbe probe_plugin_file(const std::filesystem::path &file);

} // namespace inlet::host
