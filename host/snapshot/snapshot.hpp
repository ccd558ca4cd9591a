// One snapshot: the consistent cut a job can resume from (see snapshot/README.md).
#pragma once

#include "runtime/host_api.hpp"

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace inlet::host {

struct Snapshot {
    uint64_t id = 0;
    std::string job;     // the job's name; a state dir belongs to one job
    int64_t created_ms = 0;
    OffsetMap offsets;   // canonical partition JSON -> offset JSON, merged over all tasks
    nlohmann::json sink = nlohmann::json::object(); // the sink's durable state at the cut
};

} // namespace inlet::host
