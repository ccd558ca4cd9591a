// libFuzzer: the REST API's request-to-response path (rest/connect_api.cpp and
// connect_connectors.cpp: reads, creates, config changes, deletes, offsets, topics) over a job
// that has not started, as during a worker's first moments. Input: "METHOD TARGET\n" then the body.
// Every input must give a response with a valid status, and every error must be Kafka's shape
// (valid JSON with error_code equal to the status).
#include "engine/job.hpp"
#include "rest/connect_api.hpp"
#include "sink/sink.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace {

inlet_status start(const inlet_host *, const inlet_config *, const inlet_offsets *, void **task,
                   inlet_error *) {
    *task = nullptr;
    return INLET_OK;
}
inlet_status poll(void *, inlet_emitter *, uint32_t, inlet_error *) { return INLET_FINISHED; }
void stop(void *) {}

inlet_plugin make_plugin() {
    inlet_plugin p{};
    p.struct_size = sizeof p;
    p.abi_major = INLET_ABI_MAJOR;
    p.name = "fuzz";
    p.version = "1";
    p.start = start;
    p.poll = poll;
    p.stop = stop;
    return p;
}

struct World {
    inlet_plugin plugin = make_plugin();
    inlet::host::Job job{{}, {{{"fuzzed", "fuzz", 1, {{"name", "fuzzed"}, {"secret", "x"}}, "fuzz", {"secret"}}, &plugin}},
                         inlet::host::make_callback_sink([](const inlet_record &) {})};
    // Binds what names the fuzz plugin, as the CLI's binder does with a registry: the create and
    // change paths then run through to the job (which answers 409: it has not started).
    inlet::host::ConnectorBinder bind = [this](const std::string &name, const inlet::host::KeyValues &config) {
        inlet::host::BindResult r;
        for (const auto &[k, v] : config)
            if (k == "connector.class" && v == "fuzz")
                r.source = inlet::host::BoundSource{{name, "fuzz", 1, config, "fuzz", {}}, &plugin, true};
        if (!r.source) r.errors.push_back("Missing required configuration \"connector.class\" which has no default value.");
        return r;
    };
    // No cached view: every input renders its answer (one input's answer never depends on the
    // inputs before it).
    inlet::rest::ConnectApi api{job, {}, "127.0.0.1:0", bind, std::chrono::milliseconds(0)};
};

bool has_string(const nlohmann::json &j, const std::string &s) {
    if (j.is_string()) return j.get_ref<const std::string &>() == s;
    if (j.is_structured())
        for (const auto &item : j)
            if (has_string(item, s)) return true;
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static World world; // built once: a Job is not cheap, and the router is stateless
    std::string in(reinterpret_cast<const char *>(data), size);
    size_t nl = in.find('\n');
    std::string line = in.substr(0, nl);
    inlet::rest::Request req;
    size_t sp = line.find(' ');
    req.method = line.substr(0, sp);
    req.target = sp == std::string::npos ? "/" : line.substr(sp + 1);
    req.body = nl == std::string::npos ? "" : in.substr(nl + 1);
    inlet::rest::Response r = world.api.handle(req);
    if (r.status < 200 || r.status > 599) __builtin_trap();
    if (r.status >= 400) {
        auto j = nlohmann::json::parse(r.body, nullptr, false);
        if (j.is_discarded() || j.size() != 2 || j.value("error_code", 0u) != r.status) __builtin_trap();
    }
    // The hidden value "x" leaked: a string of the answer is exactly it. A plain search of the
    // body would also find it in an error that quotes the request, escaped (\"x\"x).
    if (!r.body.empty()) {
        auto j = nlohmann::json::parse(r.body, nullptr, false);
        if (j.is_discarded() ? r.body.find("\"x\"") != std::string::npos : has_string(j, "x"))
            __builtin_trap();
    }
    return 0;
}
