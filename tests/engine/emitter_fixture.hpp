// An Emitter filling one Batch through the C host table, as a plugin's poll() calls it
// (4 KiB record limit, default topic "default-topic").
#pragma once

#include "engine/emitter.hpp"

#include <inlet/connector.hpp>

namespace inlet::host::test {

struct EmitterFixture {
    PartitionTable parts;
    Emitter emitter{parts, "default-topic", EmitLimits{.max_record_bytes = 4096}};
    Batch batch{64 * 1024, 100};
    HostContext ctx{"t", 0, nullptr};
    inlet_host host = make_host_table(&ctx, &Emitter::ops);
    EmitterFixture() { emitter.begin(batch); }
    int emit(const inlet::Record &r) { return host.emit(emitter.handle(), &r.r); }
};

} // namespace inlet::host::test
