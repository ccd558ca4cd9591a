// What a restart from another working directory must not do: resume a source partition that
// names a relative path. The file connector's {"filename":"in.txt"} meant a file in the
// directory the snapshot was taken from; read from here, the same text is another file, and
// its restored position would skip or repeat lines of it. Job paths (output, state directory)
// are absolute already (config/job_loader.cpp); connector configs are the plugin's, so the
// host judges by what the snapshot holds.
#pragma once

#include "snapshot/offset_table.hpp"

#include <filesystem>
#include <string>

namespace inlet::host {

// The working directory as recorded in a snapshot (beside the sink's state).
inline constexpr const char *working_dir_key = "working_dir";

// Why `restored`, taken in directory `then`, cannot be resumed from `now`: the first partition
// naming a relative path that exists under `then`. Empty when there is none (or then == now).
std::string relative_path_conflict(const OffsetTable &restored, const std::filesystem::path &then,
                                   const std::filesystem::path &now);

} // namespace inlet::host
