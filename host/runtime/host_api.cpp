#include "runtime/host_api.hpp"

#include "snapshot/flat_json.hpp"

#include <charconv>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace inlet::host {
namespace {

const HostContext &context_of(const inlet_host *h) {
    return *static_cast<const HostContext *>(h->host_data);
}

void host_log(const inlet_host *h, inlet_log_level level, const char *message) {
    const HostContext &ctx = context_of(h);
    if (!ctx.logger) return;
    static constexpr spdlog::level::level_enum levels[] = {
        spdlog::level::trace, spdlog::level::debug, spdlog::level::info, spdlog::level::warn,
        spdlog::level::err};
    auto lvl = (level >= INLET_LOG_TRACE && level <= INLET_LOG_ERROR) ? levels[level]
                                                                       : spdlog::level::info;
    if (ctx.task >= 0)
        ctx.logger->log(lvl, "[{}/{}] {}", ctx.connector, ctx.task, message ? message : "");
    else
        ctx.logger->log(lvl, "[{}] {}", ctx.connector, message ? message : "");
}

void host_count(const inlet_host *h, const char *name, uint64_t delta) {
    const HostContext &ctx = context_of(h);
    if (ctx.counters == nullptr) return;
    std::string_view n = name != nullptr ? std::string_view(name) : std::string_view();
    auto added = ctx.counters->add(n, delta);
    if (added == PluginCounters::Added::ok || std::exchange(ctx.count_warned, true) || !ctx.logger) return;
    ctx.logger->warn("[{}/{}] count('{:.64}'): {}; this and further such counts are dropped",
                     ctx.connector, ctx.task, n,
                     added == PluginCounters::Added::bad_name
                         ? "not a counter name ([a-z0-9._-], 1 to 64 characters)"
                         : "more than 32 counter names in one task");
}

int64_t host_now_ms(const inlet_host *) {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t host_monotonic_ns(const inlet_host *) {
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

const char *host_config_get(const inlet_config *config, const char *key) {
    if (config == nullptr || key == nullptr) return nullptr;
    for (size_t i = 0; i < config->count; ++i)
        if (std::strcmp(config->items[i].key, key) == 0) return config->items[i].value;
    return nullptr;
}

inlet_status host_task_list_add(inlet_task_list *list, const inlet_kv *items, size_t count) {
    if (list == nullptr || (items == nullptr && count > 0)) return INLET_FATAL;
    auto *impl = reinterpret_cast<inlet_task_list_impl *>(list);
    KeyValues kvs;
    kvs.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        if (items[i].key == nullptr || items[i].value == nullptr) return INLET_FATAL;
        kvs.emplace_back(items[i].key, items[i].value);
    }
    impl->tasks.push_back(std::move(kvs));
    return INLET_OK;
}

const char *host_offsets_get(const inlet_offsets *offsets, const char *partition_json) {
    if (offsets == nullptr || partition_json == nullptr) return nullptr;
    const auto *impl = reinterpret_cast<const inlet_offsets_impl *>(offsets);
    if (impl->offsets == nullptr) return nullptr;
    std::string key;
    try {
        key = canonical_json(partition_json);
    } catch (const std::invalid_argument &) {
        return nullptr; // a malformed partition was never stored
    }
    auto it = impl->offsets->find(key);
    return it == impl->offsets->end() ? nullptr : it->second.c_str();
}

void host_offsets_each(const inlet_offsets *offsets, void *fn_ctx,
                       int (*fn)(void *, const char *, const char *)) {
    if (offsets == nullptr || fn == nullptr) return;
    const auto *impl = reinterpret_cast<const inlet_offsets_impl *>(offsets);
    if (impl->offsets == nullptr) return;
    for (const auto &[partition, offset] : *impl->offsets)
        if (fn(fn_ctx, partition.c_str(), offset.c_str()) != 0) return;
}

// Returns the top-level field of a JSON object, or a discarded value.
nlohmann::json field_of(const char *json, const char *field) {
    if (json == nullptr || field == nullptr) return nlohmann::json::value_t::discarded;
    auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) return nlohmann::json::value_t::discarded;
    auto it = doc.find(field);
    if (it == doc.end()) return nlohmann::json::value_t::discarded;
    return *it;
}

int host_json_i64_field(const char *json, const char *field, int64_t *out) {
    // Connectors call this once per restored partition: the flat case needs no DOM.
    if (json != nullptr && field != nullptr && out != nullptr)
        if (auto raw = flat_object_field(json, field)) {
            int64_t v = 0;
            auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
            if (raw->empty() || ec != std::errc() || end != raw->data() + raw->size()) return 0;
            *out = v;
            return 1;
        }
    auto v = field_of(json, field);
    if (!v.is_number_integer() || out == nullptr) return 0;
    *out = v.get<int64_t>();
    return 1;
}

int host_json_str_field(const char *json, const char *field, char *buf, size_t cap) {
    auto v = field_of(json, field);
    if (!v.is_string() || buf == nullptr || cap == 0) return 0;
    const auto &s = v.get_ref<const std::string &>();
    size_t n = s.size() < cap - 1 ? s.size() : cap - 1;
    std::memcpy(buf, s.data(), n);
    buf[n] = '\0';
    return 1;
}

int host_request_task_reconfiguration(const inlet_host *host) {
    if (host == nullptr) return 0;
    const auto *ctx = static_cast<const HostContext *>(host->host_data);
    return ctx->request_task_reconfiguration && ctx->request_task_reconfiguration() ? 1 : 0;
}

int reject_emit(inlet_emitter *, const inlet_record *) { return INLET_EMIT_REJECTED; }
int reject_advance(inlet_emitter *, const char *, const char *) { return INLET_EMIT_REJECTED; }
size_t no_room(const inlet_emitter *) { return 0; }

} // namespace

inlet_host make_host_table(HostContext *ctx, const EmitOps *ops) {
    inlet_host h{};
    h.struct_size = sizeof(inlet_host);
    h.abi_minor = INLET_ABI_MINOR;
    h.log = &host_log;
    h.now_ms = &host_now_ms;
    h.monotonic_ns = &host_monotonic_ns;
    h.config_get = &host_config_get;
    h.task_list_add = &host_task_list_add;
    h.offsets_get = &host_offsets_get;
    h.offsets_each = &host_offsets_each;
    h.json_i64_field = &host_json_i64_field;
    h.json_str_field = &host_json_str_field;
    h.emit = ops && ops->emit ? ops->emit : &reject_emit;
    h.advance_offset = ops && ops->advance_offset ? ops->advance_offset : &reject_advance;
    h.emit_room = ops && ops->emit_room ? ops->emit_room : &no_room;
    h.host_data = ctx;
    h.count = &host_count;
    h.request_task_reconfiguration = &host_request_task_reconfiguration;
    return h;
}

ConfigView::ConfigView(const KeyValues &kvs) {
    items.reserve(kvs.size());
    for (const auto &[k, v] : kvs) items.push_back({k.c_str(), v.c_str()});
    config.items = items.data();
    config.count = items.size();
}

const char *status_name(inlet_status status) {
    switch (status) {
    case INLET_OK: return "OK";
    case INLET_FINISHED: return "FINISHED";
    case INLET_RETRIABLE: return "RETRIABLE";
    case INLET_FATAL: return "FATAL";
    case INLET_INVALID_CONFIG: return "INVALID_CONFIG";
    }
    return "an unknown status";
}

std::string canonical_json(std::string_view json) {
    std::string out;
    canonical_json(json, out);
    return out;
}

void canonical_json(std::string_view json, std::string &out) {
    if (canonical_flat_object(json, out)) return; // the common, cheap case
    auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) throw std::invalid_argument("not valid JSON: " + std::string(json));
    if (!doc.is_object())
        throw std::invalid_argument("not a JSON object: " + std::string(json));
    out = doc.dump(); // nlohmann's object is a std::map: keys come out sorted
}

} // namespace inlet::host
