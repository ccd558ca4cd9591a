// The plugin's one process-wide object: the JVM (jvm.hpp), the Java half of the bridge
// (dev.inlet.kafka.Bridge, one per plugin.path) and the connectors opened through it.
//
// Why process-wide: JNI allows one JVM per process, so whatever owns it is a singleton by
// force. It is the only global state of the plugin: JavaRuntime::get() creates it on first use
// under a mutex, and it is never destroyed (a JVM cannot be restarted, and descriptors handed to
// the host must live as long as the process, like a native plugin's static ones).
#pragma once

#include "jvm.hpp"

#include <inlet/connector.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace inlet::kafka {

// One Java connector class as an inlet descriptor (ABI 1.2 runtime connector).
struct JavaConnector {
    inlet_plugin descriptor{};
    std::string class_name, version, description;
    std::vector<std::string> alias_storage;
    std::vector<const char *> aliases; // NULL-terminated
    struct Key {
        std::string name, doc, default_value;
        bool has_default = false;
        std::vector<std::string> allowed;
        std::vector<const char *> allowed_ptrs; // NULL-terminated
    };
    std::vector<Key> key_storage;
    std::vector<inlet_config_key> keys;
    jobject handle = nullptr; // global ref to a dev.inlet.kafka.ConnectorHandle, never released
    // The class's other versions on plugin.path (ConnectorHandle.others), for listing only:
    // connector.class opens the newest, and a config's connector.plugin.version selects.
    std::vector<std::unique_ptr<JavaConnector>> other_versions;
    bool others_listed = false;
};

// The worker keys the runtime reads.
struct RuntimeConfig {
    std::string plugin_path;  // comma-separated, Kafka's plugin.path
    std::string libs;         // kafka.connect.libs, else $KAFKA_HOME/libs
    std::vector<std::string> jvm_options; // inlet.jvm.options, split on spaces
    static RuntimeConfig from(const inlet_host *host, const inlet_config *config);
    // Whether any plugin.path entry holds a jar, so listing without one never starts a JVM.
    bool has_jars() const;
};

class JavaRuntime {
public:
    // The runtime, started on first use with this config (throws std::runtime_error, one line).
    static JavaRuntime &get(const RuntimeConfig &config);

    JNIEnv *env() { return jvm_.env(); }

    // nullptr and `why` when no class on plugin.path matches (why empty: simply not found).
    const JavaConnector *open(const RuntimeConfig &config, const std::string &name,
                              std::string &why);
    // Every connector class on plugin.path, each version of it (the newest first, then the
    // others in plugin.path order, as Kafka's REST lists each); problems one line each.
    std::vector<const JavaConnector *> list(const RuntimeConfig &config,
                                            std::vector<std::string> &problems);

    // If a Java exception is pending: clears it and returns "R\t..." (retriable) or "F\t..."
    // (anything else) with class, message and first frames (Bridge.describe); else "".
    std::string take_exception(JNIEnv *env);

    // Cached classes and method ids (valid for the process: their classes are never unloaded).
    struct Ids {
        jclass string_class, string_array_class;
        jmethodID bridge_new, bridge_open, bridge_classes, bridge_problems, bridge_describe;
        jmethodID conn_info, conn_validate, conn_task_configs, conn_exactly_once, conn_start_task;
        jmethodID conn_alter_offsets, conn_selected, conn_others;
        jmethodID task_poll, task_stopped, task_committed, task_stop, task_close;
        jmethodID task_take_resize, task_resize_refused;
    } ids{};

    jobjectArray strings(JNIEnv *env, const std::vector<std::string> &items);
    jobjectArray strings(JNIEnv *env, const std::vector<const char *> &items); // NULL: null

    jobjectArray config_array(JNIEnv *env, const inlet_config *config);
    static std::string text(JNIEnv *env, jstring s);

private:
    explicit JavaRuntime(const RuntimeConfig &config);
    jobject bridge_for(const RuntimeConfig &config);
    const JavaConnector *adopt(JNIEnv *env, jobject handle, std::string &why);
    const std::vector<std::unique_ptr<JavaConnector>> &other_versions(JavaConnector &newest,
                                                                      std::vector<std::string> &problems);

    std::string libs_;
    Jvm jvm_;
    jclass bridge_class_ = nullptr;
    std::mutex mu_;
    std::map<std::string, jobject> bridges_; // plugin.path -> global ref to a Bridge
    std::map<std::string, std::unique_ptr<JavaConnector>> connectors_; // by plugin.path + class
};

} // namespace inlet::kafka
