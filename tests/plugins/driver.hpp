// Drives a real plugin .so through the C contract with the real host function table
// (runtime/host_api), collecting what it emits: the plugins' behaviour at the ABI, without the
// engine in between. Only the emit slots are the test's own, to record each record.
#pragma once

#include "runtime/host_api.hpp"

#include <doctest/doctest.h>
#include <inlet/connector.h>

#include <dlfcn.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace plugin_test {

using inlet::host::KeyValues;
using inlet::host::OffsetMap;

struct Emitted {
    std::string topic, partition, offset;
    inlet_type type = INLET_TYPE_NULL;
    int64_t i = 0;
    double f = 0;
    std::string s;
    bool has_key = false;
    const inlet_schema *value_schema = nullptr;
    int64_t timestamp_ms = INLET_NO_TIMESTAMP;
};

struct Collector {
    std::vector<Emitted> records;
    struct Advance {
        std::string partition, offset;
        size_t after_records; // how many records had been emitted when it came
    };
    std::vector<Advance> advances; // offsets moved without a record
    size_t limit = SIZE_MAX; // answer FULL once this many records are held

    static int emit(inlet_emitter *e, const inlet_record *r) {
        auto *c = reinterpret_cast<Collector *>(e);
        Emitted x;
        x.topic = r->topic ? r->topic : "";
        x.partition = r->source_partition ? r->source_partition : "";
        x.offset = r->source_offset ? r->source_offset : "";
        x.has_key = r->key != nullptr;
        x.value_schema = r->value_schema;
        x.timestamp_ms = r->timestamp_ms;
        if (r->value) {
            x.type = r->value->type;
            if (x.type == INLET_TYPE_STRING) x.s.assign(r->value->u.s.ptr, r->value->u.s.len);
            else if (x.type == INLET_TYPE_FLOAT64) x.f = r->value->u.f;
            else x.i = r->value->u.i;
        }
        c->records.push_back(std::move(x));
        return c->records.size() >= c->limit ? INLET_EMIT_FULL : INLET_EMIT_OK;
    }
    static int advance(inlet_emitter *e, const char *partition, const char *offset) {
        auto *c = reinterpret_cast<Collector *>(e);
        c->advances.push_back({partition, offset, c->records.size()});
        return INLET_EMIT_OK;
    }
    static size_t room(const inlet_emitter *e) {
        auto *c = reinterpret_cast<const Collector *>(e);
        return c->limit == SIZE_MAX ? 4096 : c->limit - c->records.size();
    }
};

// The built plugin `name` (build/plugins/<name>/<name>.so).
inline std::filesystem::path plugin_path(const std::string &name) {
    const char *root = std::getenv("INLET_BUILD_ROOT");
    REQUIRE_MESSAGE(root != nullptr, "INLET_BUILD_ROOT is not set (run through meson test)");
    return std::filesystem::path(root) / "plugins" / name / (name + ".so");
}

class Driver {
public:
    explicit Driver(const std::string &name) {
        const auto path = plugin_path(name);
        // Never closed: the contract says a host does not unload plugins.
        void *lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        REQUIRE_MESSAGE(lib != nullptr, ::dlerror());
        auto entry = reinterpret_cast<inlet_plugin_entry_fn>(::dlsym(lib, INLET_ENTRY_SYMBOL));
        REQUIRE_MESSAGE(reinterpret_cast<void *>(entry) != nullptr, "no entry point");
        plugin_ = entry();
        REQUIRE(plugin_ != nullptr);
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_);
        ctx_.connector = name;
        ctx_.task = 0;
        ctx_.logger = std::make_shared<spdlog::logger>("test-" + name, sink);
        ctx_.logger->set_pattern("%l %v");
        static const inlet::host::EmitOps ops{&Collector::emit, &Collector::advance, &Collector::room};
        host_ = inlet::host::make_host_table(&ctx_, &ops);
    }

    const inlet_plugin &plugin() const { return *plugin_; }
    std::string log() const { return log_.str(); }

    // "" when valid, else the plugin's message.
    std::string validate(const KeyValues &cfg) {
        inlet::host::ConfigView view(cfg);
        char msg[512] = "";
        inlet_error err{msg, sizeof msg};
        inlet_status st = plugin_->validate(&host_, &view.config, &err);
        return st == INLET_OK ? std::string() : std::string(msg);
    }

    std::vector<KeyValues> task_configs(const KeyValues &cfg, uint32_t max) {
        inlet::host::ConfigView view(cfg);
        inlet::host::inlet_task_list_impl list;
        char msg[512] = "";
        inlet_error err{msg, sizeof msg};
        inlet_status st =
            plugin_->task_configs(&host_, &view.config, max, inlet::host::as_handle(&list), &err);
        if (st != INLET_OK) throw std::runtime_error(msg);
        return list.tasks;
    }

    class Task {
    public:
        Task(Driver &d, const KeyValues &cfg, const OffsetMap &restored) : d_(d), cfg_(cfg) {
            inlet::host::ConfigView view(cfg_);
            OffsetMap canon;
            for (const auto &[p, o] : restored) canon[inlet::host::canonical_json(p)] = o;
            inlet::host::inlet_offsets_impl offs{&canon};
            char msg[512] = "";
            inlet_error err{msg, sizeof msg};
            inlet_status st =
                d_.plugin_->start(&d_.host_, &view.config, inlet::host::as_handle(&offs), &task_, &err);
            if (st != INLET_OK) throw std::runtime_error(msg);
        }
        ~Task() { d_.plugin_->stop(task_); }
        Task(const Task &) = delete;
        Task &operator=(const Task &) = delete;

        // One poll into `c`; throws with the plugin's message on an error status.
        inlet_status poll(Collector &c, uint32_t timeout_ms) {
            char msg[512] = "";
            inlet_error err{msg, sizeof msg};
            inlet_status st =
                d_.plugin_->poll(task_, reinterpret_cast<inlet_emitter *>(&c), timeout_ms, &err);
            if (st != INLET_OK && st != INLET_FINISHED) throw std::runtime_error(msg);
            return st;
        }
        void wake() { d_.plugin_->wake(task_); }

    private:
        Driver &d_;
        KeyValues cfg_; // the config view must outlive start()
        void *task_ = nullptr;
    };

private:
    const inlet_plugin *plugin_ = nullptr;
    std::ostringstream log_;
    inlet::host::HostContext ctx_;
    inlet_host host_{};
};

} // namespace plugin_test
