// Properties in the order they were written (a connector's config, a worker's keys): the
// config layer's vocabulary; the layers above (runtime, engine, check, rest) use it as it is.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace inlet::host {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

} // namespace inlet::host
