// The host side of the contract's function table (inlet_host): what a plugin may call.
//
// Each task (and each connector-level call) gets its own HostContext, so log lines carry the
// connector and task they came from. The emit slots are filled by the engine (engine/emitter),
// which owns the record batches; outside a poll() they are never called.
#pragma once

#include "config/key_values.hpp"
#include "runtime/plugin_counters.hpp"
#include "snapshot/offset_map.hpp"

#include <inlet/connector.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spdlog {
class logger;
}

namespace inlet::host {

// Who a plugin call is made for; the inlet_host.host_data of every table points at one.
struct HostContext {
    std::string connector; // the connector's `name`
    int task = -1;         // task index, -1 for connector-level calls
    std::shared_ptr<spdlog::logger> logger;
    // Where inlet_host.count adds; nullptr: counts are dropped (connector-level calls).
    PluginCounters *counters = nullptr;
    mutable bool count_warned = false; // one warning per task for a count that was dropped
    // What inlet_host.request_task_reconfiguration does (true: it will happen); empty: the
    // call answers 0 (connector-level calls, checks, a job that cannot replace tasks).
    std::function<bool()> request_task_reconfiguration{};
};

// inlet_task_list: collects task configs from task_configs().
struct inlet_task_list_impl {
    std::vector<KeyValues> tasks;
};

// inlet_offsets: the restored offsets a task sees in start().
struct inlet_offsets_impl {
    const OffsetMap *offsets = nullptr;
};

// The emit slots of the table, provided by the engine.
struct EmitOps {
    int (*emit)(inlet_emitter *, const inlet_record *) = nullptr;
    int (*advance_offset)(inlet_emitter *, const char *, const char *) = nullptr;
    size_t (*emit_room)(const inlet_emitter *) = nullptr;
};

// A filled function table for `ctx` (which must outlive the table). Without `ops`, the emit
// slots reject every record (used for connector-level calls and checks).
inlet_host make_host_table(HostContext *ctx, const EmitOps *ops = nullptr);

// A borrowed C view of key/values (the kvs must outlive the view).
struct ConfigView {
    std::vector<inlet_kv> items;
    inlet_config config{};
    explicit ConfigView(const KeyValues &kvs);
    ConfigView(const ConfigView &) = delete;
    ConfigView &operator=(const ConfigView &) = delete;
};

// Parses and re-serializes a JSON object in one canonical form (sorted keys, no spaces), so
// two spellings of one partition are one partition. Throws std::invalid_argument on bad JSON
// or a non-object.
std::string canonical_json(std::string_view json);
// The same into `out`, reusing its capacity (for lookups, where the result is a temporary).
void canonical_json(std::string_view json, std::string &out);

// The name of a status code, for messages ("returned RETRIABLE: …").
const char *status_name(inlet_status status);

// Casts for the opaque handles.
inline inlet_task_list *as_handle(inlet_task_list_impl *p) {
    return reinterpret_cast<inlet_task_list *>(p);
}
inline const inlet_offsets *as_handle(const inlet_offsets_impl *p) {
    return reinterpret_cast<const inlet_offsets *>(p);
}

} // namespace inlet::host
