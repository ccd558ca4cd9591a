// plugins/kafka-connect: runs Kafka Connect SourceConnector classes from jars through a JVM
// (README.md). The descriptor below is a runtime plugin (connector ABI 1.2): it has no task of
// its own; list_connectors/open_connector hand the host one descriptor per Java class
// (java_runtime.cpp), whose callbacks are the java_* functions here.
#include "java_runtime.hpp"
#include "record_decoder.hpp"

#include <inlet/connector.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace inlet::kafka {
namespace {

// A running task: the Java TaskHandle and what the host's records point into.
struct JavaTask {
    JavaRuntime *runtime = nullptr;
    const inlet_host *host = nullptr;
    jobject handle = nullptr; // global ref to a dev.inlet.kafka.TaskHandle, released in stop()
    RecordDecoder decoder;
    std::string connector;
    bool stop_noted = false;
};

const JavaConnector &connector_of(const inlet_host *host) {
    if (!INLET_HAS_FIELD(host, connector_data) || host->connector_data == nullptr)
        throw std::runtime_error("this inlet does not pass connector_data (needs ABI 1.2)");
    return *static_cast<const JavaConnector *>(host->connector_data);
}

// Java's failure text is "R\t..." or "F\t..." (JavaRuntime::take_exception).
inlet_status failed(const std::string &ex, inlet_error *err, const char *what) {
    inlet_error_set(err, "%s: %s", what, ex.c_str() + 2);
    return ex[0] == 'R' ? INLET_RETRIABLE : INLET_FATAL;
}

RuntimeConfig no_config() { return RuntimeConfig{}; }

// Connectors are only ever opened through a runtime; a task's runtime exists already.
JavaRuntime &runtime() { return JavaRuntime::get(no_config()); }

template <class F> inlet_status guarded(inlet_error *err, const char *what, F &&body) {
    ShutdownSignalsBlocked blocked;
    try {
        return body();
    } catch (const std::exception &e) {
        inlet_error_set(err, "%s: %s", what, e.what());
        return INLET_FATAL;
    }
}

inlet_status java_validate(const inlet_host *host, const inlet_config *config, inlet_error *err) {
    return guarded(err, "validate", [&] {
        const JavaConnector &c = connector_of(host);
        JavaRuntime &rt = runtime();
        JNIEnv *e = rt.env();
        LocalFrame frame(e, 8);
        auto out = static_cast<jstring>(
            e->CallObjectMethod(c.handle, rt.ids.conn_validate, rt.config_array(e, config)));
        if (auto ex = rt.take_exception(e); !ex.empty()) {
            failed(ex, err, (c.class_name + ".validate() threw").c_str());
            return INLET_INVALID_CONFIG;
        }
        const std::string errors = JavaRuntime::text(e, out);
        if (errors.empty()) return INLET_OK;
        inlet_error_set(err, "%s.validate(): %s", c.class_name.c_str(), errors.c_str());
        return INLET_INVALID_CONFIG;
    });
}

inlet_status java_task_configs(const inlet_host *host, const inlet_config *config,
                               uint32_t max_tasks, inlet_task_list *list, inlet_error *err) {
    return guarded(err, "taskConfigs", [&] {
        const JavaConnector &c = connector_of(host);
        JavaRuntime &rt = runtime();
        JNIEnv *e = rt.env();
        LocalFrame frame(e, 32);
        auto tasks = static_cast<jobjectArray>(e->CallObjectMethod(
            c.handle, rt.ids.conn_task_configs, rt.config_array(e, config), jint(max_tasks)));
        if (auto ex = rt.take_exception(e); !ex.empty())
            return failed(ex, err, (c.class_name + " start/taskConfigs").c_str());
        // Which version runs: connector.plugin.version (KIP-891) may select another than the
        // newest, which the host's descriptor names.
        auto selected = static_cast<jstring>(
            e->CallObjectMethod(c.handle, rt.ids.conn_selected, rt.config_array(e, config)));
        if (auto ex = rt.take_exception(e); !ex.empty())
            return failed(ex, err, (c.class_name + " connector.plugin.version").c_str());
        host->log(host, INLET_LOG_INFO, JavaRuntime::text(e, selected).c_str());
        for (jsize t = 0; t < e->GetArrayLength(tasks); ++t) {
            auto flat = static_cast<jobjectArray>(e->GetObjectArrayElement(tasks, t));
            std::vector<std::string> strs;
            for (jsize i = 0; i < e->GetArrayLength(flat); ++i) {
                auto s = static_cast<jstring>(e->GetObjectArrayElement(flat, i));
                strs.push_back(JavaRuntime::text(e, s));
                e->DeleteLocalRef(s);
            }
            e->DeleteLocalRef(flat);
            std::vector<inlet_kv> kvs;
            for (size_t i = 0; i + 1 < strs.size(); i += 2)
                kvs.push_back({strs[i].c_str(), strs[i + 1].c_str()});
            if (inlet_status st = host->task_list_add(list, kvs.data(), kvs.size()); st != INLET_OK)
                return st;
        }
        return INLET_OK;
    });
}

inlet_status java_exactly_once(const inlet_host *host, const inlet_config *config,
                               inlet_error *err) {
    return guarded(err, "exactlyOnceSupport", [&] {
        const JavaConnector &c = connector_of(host);
        JavaRuntime &rt = runtime();
        JNIEnv *e = rt.env();
        LocalFrame frame(e, 8);
        auto why = static_cast<jstring>(
            e->CallObjectMethod(c.handle, rt.ids.conn_exactly_once, rt.config_array(e, config)));
        if (auto ex = rt.take_exception(e); !ex.empty())
            return failed(ex, err, "exactlyOnceSupport() threw");
        if (why == nullptr) return INLET_OK;
        // A user may vouch for an older connector that cannot say so itself.
        const char *vouch = host->config_get(config, "inlet.exactly.once.vouch");
        if (vouch != nullptr && std::string_view(vouch) == "true") {
            host->log(host, INLET_LOG_WARN,
                      ("exactly-once on the user's word (inlet.exactly.once.vouch=true): " +
                       JavaRuntime::text(e, why))
                          .c_str());
            return INLET_OK;
        }
        inlet_error_set(err, "%s (set inlet.exactly.once.vouch=true to vouch for it)",
                        JavaRuntime::text(e, why).c_str());
        return INLET_INVALID_CONFIG;
    });
}

// SourceConnector.alterOffsets (KIP-875) before the host changes the connector's offsets.
inlet_status java_alter_offsets(const inlet_host *host, const inlet_config *config,
                                const inlet_offset_entry *offsets, size_t count, int *applied,
                                inlet_error *err) {
    return guarded(err, "alterOffsets", [&] {
        const JavaConnector &c = connector_of(host);
        JavaRuntime &rt = runtime();
        JNIEnv *e = rt.env();
        LocalFrame frame(e, 8);
        std::vector<const char *> parts, offs;
        for (size_t i = 0; i < count; ++i) {
            parts.push_back(offsets[i].partition_json);
            offs.push_back(offsets[i].offset_json);
        }
        auto answer = static_cast<jstring>(
            e->CallObjectMethod(c.handle, rt.ids.conn_alter_offsets, rt.config_array(e, config),
                                rt.strings(e, parts), rt.strings(e, offs)));
        if (auto ex = rt.take_exception(e); !ex.empty())
            return failed(ex, err, (c.class_name + ".alterOffsets()").c_str());
        const std::string text = JavaRuntime::text(e, answer);
        if (text.starts_with("!")) { // it threw: Kafka's answer, then the exception for the log
            const size_t nl = text.find('\n');
            host->log(host, INLET_LOG_WARN,
                      (c.class_name + ".alterOffsets() threw " + text.substr(nl + 1)).c_str());
            inlet_error_set(err, "%s", text.substr(1, nl - 1).c_str());
            return INLET_FATAL;
        }
        *applied = text == "true";
        return INLET_OK;
    });
}

inlet_status java_start(const inlet_host *host, const inlet_config *config,
                        const inlet_offsets *restored, void **task_out, inlet_error *err) {
    return guarded(err, "start", [&] {
        const JavaConnector &c = connector_of(host);
        JavaRuntime &rt = runtime();
        JNIEnv *e = rt.env();
        LocalFrame frame(e, 16);
        struct Offsets {
            std::vector<std::string> partitions, offsets;
        } o;
        host->offsets_each(restored, &o, [](void *ctx, const char *p, const char *v) {
            static_cast<Offsets *>(ctx)->partitions.emplace_back(p);
            static_cast<Offsets *>(ctx)->offsets.emplace_back(v);
            return 0;
        });
        jobject handle = e->CallObjectMethod(c.handle, rt.ids.conn_start_task,
                                             rt.config_array(e, config),
                                             rt.strings(e, o.partitions), rt.strings(e, o.offsets));
        if (auto ex = rt.take_exception(e); !ex.empty())
            return failed(ex, err, (c.class_name + " task start").c_str());
        auto task = std::make_unique<JavaTask>();
        task->runtime = &rt;
        task->host = host;
        task->handle = e->NewGlobalRef(handle);
        task->connector = c.class_name;
        *task_out = task.release();
        return INLET_OK;
    });
}

// Records the host has not taken yet (it answered FULL) are emitted before polling Java again.
inlet_status drain(JavaTask &t, inlet_emitter *emitter, inlet_error *err) {
    inlet_record r;
    while (t.decoder.next(r)) {
        // Its key's and value's bytes are in the task's direct buffer and their items in the
        // decoder's arena, both refilled only two buffers later (RecordEncoder's two buffers,
        // RecordDecoder's two arenas): lent, not copied; its topic and partition text are in
        // the buffer too, at one address per poll (ABI 1.2).
        r.flags |= INLET_RECORD_BORROWED | INLET_RECORD_STABLE_NAMES;
        // A record without a source partition or offset (allowed by Kafka; the seed's random
        // connector emits them) is carried under the empty partition {} with offset {}.
        if (r.source_partition == nullptr) r.source_partition = "{}";
        if (r.source_offset == nullptr) r.source_offset = "{}";
        const int rc = t.host->emit(emitter, &r);
        if (rc == INLET_EMIT_REJECTED) {
            inlet_error_set(err, "inlet refused a record of %s", t.connector.c_str());
            return INLET_FATAL;
        }
        if (rc == INLET_EMIT_FULL) return INLET_OK;
    }
    return INLET_OK;
}

inlet_status poll_body(JavaTask &t, inlet_emitter *emitter, inlet_error *err);

// After requestTaskReconfiguration() changed the number of task configs, one task asks the host
// to replace the connector's tasks (LiveConnector.refresh); the host's task_configs call then
// gets the waiting configs. A host that cannot now (starting, stopping) is asked again later.
void ask_for_resize(JavaTask &t, JNIEnv *e) {
    if (!e->CallBooleanMethod(t.handle, t.runtime->ids.task_take_resize)) return;
    if (!INLET_HAS_FIELD(t.host, request_task_reconfiguration) ||
        t.host->request_task_reconfiguration == nullptr) {
        t.host->log(t.host, INLET_LOG_WARN,
                    "the connector asks for another number of tasks, which this inlet cannot "
                    "start (its ABI lacks request_task_reconfiguration); the tasks keep running");
        return;
    }
    if (!t.host->request_task_reconfiguration(t.host))
        e->CallVoidMethod(t.handle, t.runtime->ids.task_resize_refused);
}

inlet_status java_poll(void *handle, inlet_emitter *emitter, uint32_t, inlet_error *err) {
    auto &t = *static_cast<JavaTask *>(handle);
    // No ShutdownSignalsBlocked here (the hot path): inlet starts task threads with them blocked.
    try {
        return poll_body(t, emitter, err);
    } catch (const std::exception &e) {
        inlet_error_set(err, "poll: %s", e.what());
        return INLET_FATAL;
    }
}

inlet_status poll_body(JavaTask &t, inlet_emitter *emitter, inlet_error *err) {
    {
        if (t.decoder.pending()) return drain(t, emitter, err);
        JNIEnv *e = t.runtime->env();
        LocalFrame frame(e, 8);
        jobject buf = e->CallObjectMethod(t.handle, t.runtime->ids.task_poll);
        if (auto ex = t.runtime->take_exception(e); !ex.empty())
            return failed(ex, err, (t.connector + " poll() threw").c_str());
        if (buf == nullptr) {
            // After a wake (SourceTask.stop()) the job is normally stopping and polls once more
            // to finish its batches: nothing more comes. If the wake was the watchdog's, the
            // task stays idle until the job restarts; say so once.
            if (!t.stop_noted && e->CallBooleanMethod(t.handle, t.runtime->ids.task_stopped)) {
                t.stop_noted = true;
                t.host->log(t.host, INLET_LOG_INFO,
                            "the SourceTask was stopped by a wake (the job is stopping, or its "
                            "poll() ran past the watchdog's limit); it emits nothing more");
            }
            ask_for_resize(t, e);
            return INLET_OK;
        }
        ask_for_resize(t, e);
        auto *data = static_cast<unsigned char *>(e->GetDirectBufferAddress(buf));
        const jlong cap = e->GetDirectBufferCapacity(buf);
        if (data == nullptr || cap < 8) throw std::runtime_error("poll() buffer is not direct");
        // The buffer is the task's own and is refilled only by the next Java poll(), which
        // waits until this one is drained.
        t.decoder.reset(data, size_t(cap));
        return drain(t, emitter, err);
    }
}

inlet_status java_commit(void *handle, const inlet_offset_entry *offsets, size_t count,
                         inlet_error *err) {
    auto &t = *static_cast<JavaTask *>(handle);
    return guarded(err, "commit", [&] {
        JNIEnv *e = t.runtime->env();
        LocalFrame frame(e, 8);
        std::vector<std::string> parts, offs;
        for (size_t i = 0; i < count; ++i) {
            parts.emplace_back(offsets[i].partition_json);
            offs.emplace_back(offsets[i].offset_json);
        }
        e->CallVoidMethod(t.handle, t.runtime->ids.task_committed, t.runtime->strings(e, parts),
                          t.runtime->strings(e, offs));
        if (auto ex = t.runtime->take_exception(e); !ex.empty())
            return failed(ex, err, (t.connector + " commit()/commitRecord() threw").c_str());
        return INLET_OK;
    });
}

// From any thread: SourceTask.stop(), which is how Kafka's worker unblocks a poll().
void java_wake(void *handle) {
    ShutdownSignalsBlocked blocked;
    auto &t = *static_cast<JavaTask *>(handle);
    try {
        JNIEnv *e = t.runtime->env();
        e->CallVoidMethod(t.handle, t.runtime->ids.task_stop);
        if (auto ex = t.runtime->take_exception(e); !ex.empty())
            t.host->log(t.host, INLET_LOG_WARN, ("SourceTask.stop() threw: " + ex.substr(2)).c_str());
    } catch (const std::exception &ex) {
        t.host->log(t.host, INLET_LOG_ERROR, ex.what());
    }
}

void java_stop(void *handle) {
    ShutdownSignalsBlocked blocked;
    std::unique_ptr<JavaTask> t(static_cast<JavaTask *>(handle));
    try {
        JNIEnv *e = t->runtime->env();
        // SourceTask.stop() if no wake did it, and Connector.stop() after the last task.
        LocalFrame frame(e, 4);
        auto warning = static_cast<jstring>(e->CallObjectMethod(t->handle, t->runtime->ids.task_close));
        if (auto ex = t->runtime->take_exception(e); !ex.empty())
            t->host->log(t->host, INLET_LOG_WARN,
                         ("SourceTask.stop() or Connector.stop() threw: " + ex.substr(2)).c_str());
        else if (warning != nullptr)
            t->host->log(t->host, INLET_LOG_WARN, JavaRuntime::text(e, warning).c_str());
        e->DeleteGlobalRef(t->handle);
    } catch (const std::exception &ex) {
        t->host->log(t->host, INLET_LOG_ERROR, ex.what());
    }
}

void fill_descriptor(JavaConnector &c) {
    inlet_plugin &d = c.descriptor;
    if (d.struct_size != 0) return;
    d.abi_major = INLET_ABI_MAJOR;
    d.abi_minor = INLET_ABI_MINOR;
    d.name = c.class_name.c_str();
    d.version = c.version.c_str();
    d.description = c.description.c_str();
    d.aliases = c.aliases.data();
    d.config_keys = c.keys.empty() ? nullptr : c.keys.data();
    d.config_key_count = c.keys.size();
    d.config_key_size = sizeof(inlet_config_key);
    d.validate = &java_validate;
    d.task_configs = &java_task_configs;
    d.start = &java_start;
    d.poll = &java_poll;
    d.commit = &java_commit;
    d.wake = &java_wake;
    d.stop = &java_stop;
    d.connector_data = &c;
    d.exactly_once = &java_exactly_once;
    d.alter_offsets = &java_alter_offsets;
    d.struct_size = sizeof(inlet_plugin); // last: marks the descriptor complete
}

const inlet_plugin *open_connector(const inlet_host *host, const inlet_config *config,
                                   const char *class_name, inlet_status *status, inlet_error *err) {
    ShutdownSignalsBlocked blocked;
    *status = INLET_INVALID_CONFIG;
    try {
        const RuntimeConfig rc = RuntimeConfig::from(host, config);
        if (!rc.has_jars()) {
            inlet_error_set(err, "no Java connector jars on plugin.path");
            return nullptr;
        }
        std::string why;
        const JavaConnector *c = JavaRuntime::get(rc).open(rc, class_name, why);
        if (c == nullptr) {
            // Not found is INVALID_CONFIG; a class found but unusable (ambiguous alias, missing
            // dependency) is FATAL, with the reason.
            if (!why.empty()) *status = INLET_FATAL;
            inlet_error_set(err, "%s", why.empty() ? ("no Java class '" + std::string(class_name) +
                                                      "' on plugin.path").c_str()
                                                   : why.c_str());
            return nullptr;
        }
        auto &mutable_c = const_cast<JavaConnector &>(*c);
        fill_descriptor(mutable_c);
        *status = INLET_OK;
        return &mutable_c.descriptor;
    } catch (const std::exception &e) {
        *status = INLET_FATAL;
        inlet_error_set(err, "%s", e.what());
        return nullptr;
    }
}

inlet_status list_connectors(const inlet_host *host, const inlet_config *config, void *ctx,
                             void (*found)(void *, const inlet_plugin *), inlet_error *err) {
    ShutdownSignalsBlocked blocked;
    try {
        const RuntimeConfig rc = RuntimeConfig::from(host, config);
        if (!rc.has_jars()) return INLET_OK; // nothing to offer: no JVM started for nothing
        std::vector<std::string> problems;
        for (const JavaConnector *c : JavaRuntime::get(rc).list(rc, problems)) {
            auto &mutable_c = const_cast<JavaConnector &>(*c);
            fill_descriptor(mutable_c);
            found(ctx, &mutable_c.descriptor);
        }
        for (const auto &p : problems) host->log(host, INLET_LOG_WARN, p.c_str());
        return INLET_OK;
    } catch (const std::exception &e) {
        inlet_error_set(err, "%s", e.what());
        return INLET_FATAL;
    }
}

// The plugin's own task entry points: it has no connector of its own, only runtime ones.
inlet_status no_start(const inlet_host *, const inlet_config *, const inlet_offsets *, void **,
                      inlet_error *err) {
    inlet_error_set(err, "kafka-connect is a runtime: set connector.class to a Java "
                         "SourceConnector class on plugin.path");
    return INLET_INVALID_CONFIG;
}
inlet_status no_poll(void *, inlet_emitter *, uint32_t, inlet_error *) { return INLET_FATAL; }
void no_stop(void *) {}

const inlet_plugin descriptor = [] {
    inlet_plugin d{};
    d.struct_size = sizeof(inlet_plugin);
    d.abi_major = INLET_ABI_MAJOR;
    d.abi_minor = INLET_ABI_MINOR;
    d.name = "kafka-connect";
    d.version = "0.1.0";
    d.description = "Runs Kafka Connect source connectors (Java jars on plugin.path) in a JVM";
    d.start = &no_start;
    d.poll = &no_poll;
    d.stop = &no_stop;
    d.list_connectors = &list_connectors;
    d.open_connector = &open_connector;
    return d;
}();

} // namespace
} // namespace inlet::kafka

INLET_PLUGIN_MAGIC;

extern "C" INLET_EXPORT const inlet_plugin *inlet_plugin_entry_v1(void) {
    return &inlet::kafka::descriptor;
}
