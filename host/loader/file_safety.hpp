// Refuses plugin files that someone other than their owner could have replaced: loading a .so
// runs its code with inlet's privileges, so the file and the folder holding it must not be
// writable by group or others.
#pragma once

#include <filesystem>
#include <string>

namespace inlet::host {

// Empty when `file` (after following symlinks) and its directory are writable only by their
// owner; otherwise the reason, with the chmod that fixes it.
std::string unsafe_permissions(const std::filesystem::path &file);

} // namespace inlet::host
