// Partition/offset JSON pairs, as handed to a task's commit().
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace inlet::host {
using OffsetList = std::vector<std::pair<std::string, std::string>>;
} // namespace inlet::host
