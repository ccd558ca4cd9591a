// A job's offsets as plain text: canonical partition JSON -> canonical offset JSON. The
// snapshot's own vocabulary; the layers above (runtime, engine, check) use it as they are.
#pragma once

#include <map>
#include <string>

namespace inlet::host {

using OffsetMap = std::map<std::string, std::string>;

} // namespace inlet::host
