#include "java_runtime.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include <dlfcn.h>

namespace inlet::kafka {
namespace fs = std::filesystem;

namespace {

constexpr const char *bridge_jar_name = "inlet-kafka-connect.jar";

// The bridge's jar is installed beside this .so.
fs::path own_folder() {
    Dl_info info{};
    if (::dladdr(reinterpret_cast<const void *>(&own_folder), &info) == 0 || !info.dli_fname)
        return {};
    return fs::path(info.dli_fname).parent_path();
}

std::vector<std::string> split_spaces(const std::string &s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

inlet_config_type config_type(const std::string &kafka_type) {
    if (kafka_type == "BOOLEAN") return INLET_CFG_BOOLEAN;
    if (kafka_type == "INT" || kafka_type == "SHORT") return INLET_CFG_INT;
    if (kafka_type == "LONG") return INLET_CFG_LONG;
    if (kafka_type == "DOUBLE") return INLET_CFG_DOUBLE;
    if (kafka_type == "LIST") return INLET_CFG_LIST;
    if (kafka_type == "PASSWORD") return INLET_CFG_PASSWORD;
    return INLET_CFG_STRING; // STRING, CLASS
}

jmethodID method(JNIEnv *env, jclass c, const char *name, const char *sig, bool is_static = false) {
    jmethodID id = is_static ? env->GetStaticMethodID(c, name, sig) : env->GetMethodID(c, name, sig);
    if (id == nullptr) {
        env->ExceptionClear();
        throw std::runtime_error(std::string("the bridge's jar lacks ") + name + sig +
                                 " (is " + bridge_jar_name + " from another inlet version?)");
    }
    return id;
}

jclass global_class(JNIEnv *env, const char *name) {
    jclass local = env->FindClass(name);
    if (local == nullptr) {
        env->ExceptionClear();
        throw std::runtime_error(std::string("class ") + name + " not found");
    }
    auto global = static_cast<jclass>(env->NewGlobalRef(local));
    env->DeleteLocalRef(local);
    return global;
}

std::string class_path(const std::string &libs) {
    const fs::path jar = own_folder() / bridge_jar_name;
    std::error_code ec;
    if (!fs::is_regular_file(jar, ec))
        throw std::runtime_error("the bridge's own jar " + jar.string() +
                                 " is missing (reinstall inlet's kafka-connect plugin)");
    if (libs.empty())
        throw std::runtime_error("no Kafka Connect API jars: set the worker key kafka.connect.libs "
                                 "(inlet plugins and inlet check: --kafka-libs) to the folder "
                                 "holding connect-api-*.jar and kafka-clients-*.jar, or KAFKA_HOME "
                                 "to a Kafka installation (its libs/)");
    std::string cp = jar.string();
    bool api = false;
    std::vector<std::string> jars;
    for (fs::directory_iterator it(libs, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (it->path().extension() != ".jar") continue;
        jars.push_back(it->path().string());
        api |= name.rfind("connect-api", 0) == 0;
    }
    if (ec)
        throw std::runtime_error("kafka.connect.libs: cannot read " + libs + ": " + ec.message());
    if (!api)
        throw std::runtime_error("kafka.connect.libs: " + libs +
                                 " has no connect-api-*.jar (point it at Kafka's libs folder)");
    std::sort(jars.begin(), jars.end());
    for (const auto &j : jars) cp += ":" + j;
    return cp;
}

} // namespace

RuntimeConfig RuntimeConfig::from(const inlet_host *host, const inlet_config *config) {
    RuntimeConfig c;
    auto get = [&](const char *key) -> std::string {
        const char *v = config ? host->config_get(config, key) : nullptr;
        return v ? v : "";
    };
    c.plugin_path = get("plugin.path");
    c.libs = get("kafka.connect.libs");
    if (c.libs.empty())
        if (const char *home = std::getenv("KAFKA_HOME"); home && *home)
            c.libs = (fs::path(home) / "libs").string();
    c.jvm_options = split_spaces(get("inlet.jvm.options"));
    return c;
}

bool RuntimeConfig::has_jars() const {
    const fs::path own = own_folder() / bridge_jar_name;
    std::istringstream entries(plugin_path);
    for (std::string entry; std::getline(entries, entry, ',');) {
        std::error_code ec;
        if (entry.empty()) continue;
        if (fs::path(entry).extension() == ".jar") return true;
        for (fs::recursive_directory_iterator it(entry, ec), end; !ec && it != end;
             it.increment(ec))
            if (it->path().extension() == ".jar" && !fs::equivalent(it->path(), own, ec))
                return true;
    }
    return false;
}

JavaRuntime &JavaRuntime::get(const RuntimeConfig &config) {
    // The one process-wide instance (see the header for why); never destroyed.
    static std::mutex mu;
    static JavaRuntime *instance = nullptr;
    std::lock_guard lock(mu);
    if (instance == nullptr) instance = new JavaRuntime(config);
    else if (!config.libs.empty() && config.libs != instance->libs_)
        throw std::runtime_error("the JVM already runs with kafka.connect.libs=" + instance->libs_ +
                                 "; one process has one JVM, so " + config.libs +
                                 " cannot be used too");
    return *instance;
}

JavaRuntime::JavaRuntime(const RuntimeConfig &config)
    : libs_(config.libs), jvm_(class_path(config.libs), config.jvm_options) {
    JNIEnv *e = env();
    bridge_class_ = global_class(e, "dev/inlet/kafka/Bridge");
    jclass conn = global_class(e, "dev/inlet/kafka/ConnectorHandle");
    jclass task = global_class(e, "dev/inlet/kafka/TaskHandle");
    ids.string_class = global_class(e, "java/lang/String");
    ids.string_array_class = global_class(e, "[Ljava/lang/String;");
    ids.bridge_new = method(e, bridge_class_, "<init>", "(Ljava/lang/String;Ljava/lang/String;)V");
    ids.bridge_open = method(e, bridge_class_, "open",
                             "(Ljava/lang/String;)Ldev/inlet/kafka/ConnectorHandle;");
    ids.bridge_classes = method(e, bridge_class_, "classes", "()[Ljava/lang/String;");
    ids.bridge_problems = method(e, bridge_class_, "problems", "()[Ljava/lang/String;");
    ids.bridge_describe = method(e, bridge_class_, "describe",
                                 "(Ljava/lang/Throwable;)Ljava/lang/String;", true);
    ids.conn_info = method(e, conn, "info", "()Ljava/lang/String;");
    ids.conn_validate = method(e, conn, "validate", "([Ljava/lang/String;)Ljava/lang/String;");
    ids.conn_task_configs =
        method(e, conn, "taskConfigs", "([Ljava/lang/String;I)[[Ljava/lang/String;");
    ids.conn_selected = method(e, conn, "selected", "([Ljava/lang/String;)Ljava/lang/String;");
    ids.conn_others = method(e, conn, "others", "()[Ldev/inlet/kafka/ConnectorHandle;");
    ids.conn_exactly_once =
        method(e, conn, "exactlyOnce", "([Ljava/lang/String;)Ljava/lang/String;");
    ids.conn_alter_offsets = method(e, conn, "alterOffsets",
                                    "([Ljava/lang/String;[Ljava/lang/String;[Ljava/lang/String;)"
                                    "Ljava/lang/String;");
    ids.conn_start_task = method(e, conn, "startTask",
                                 "([Ljava/lang/String;[Ljava/lang/String;[Ljava/lang/String;)"
                                 "Ldev/inlet/kafka/TaskHandle;");
    ids.task_poll = method(e, task, "poll", "()Ljava/nio/ByteBuffer;");
    ids.task_stopped = method(e, task, "stopped", "()Z");
    ids.task_committed = method(e, task, "committed", "([Ljava/lang/String;[Ljava/lang/String;)V");
    ids.task_stop = method(e, task, "stop", "()V");
    ids.task_close = method(e, task, "close", "()Ljava/lang/String;");
    ids.task_take_resize = method(e, task, "takeResizeRequest", "()Z");
    ids.task_resize_refused = method(e, task, "resizeRefused", "()V");
}

std::string JavaRuntime::text(JNIEnv *env, jstring s) {
    if (s == nullptr) return {};
    const char *chars = env->GetStringUTFChars(s, nullptr);
    std::string out = chars ? chars : "";
    if (chars) env->ReleaseStringUTFChars(s, chars);
    return out;
}

std::string JavaRuntime::take_exception(JNIEnv *env) {
    if (!env->ExceptionCheck()) return {};
    jthrowable t = env->ExceptionOccurred();
    env->ExceptionClear();
    auto described = static_cast<jstring>(
        env->CallStaticObjectMethod(bridge_class_, ids.bridge_describe, t));
    if (env->ExceptionCheck()) { // out of memory, most likely: say what we can
        env->ExceptionClear();
        env->DeleteLocalRef(t);
        return "F\tjava.lang.Throwable (no detail: the JVM could not describe it; out of memory?)";
    }
    std::string out = text(env, described);
    env->DeleteLocalRef(described);
    env->DeleteLocalRef(t);
    return out;
}

jobjectArray JavaRuntime::strings(JNIEnv *env, const std::vector<std::string> &items) {
    std::vector<const char *> ptrs;
    for (const auto &s : items) ptrs.push_back(s.c_str());
    return strings(env, ptrs);
}

jobjectArray JavaRuntime::strings(JNIEnv *env, const std::vector<const char *> &items) {
    jobjectArray arr = env->NewObjectArray(jsize(items.size()), ids.string_class, nullptr);
    for (size_t i = 0; arr && i < items.size(); ++i) {
        if (items[i] == nullptr) continue; // stays null
        jstring s = env->NewStringUTF(items[i]);
        env->SetObjectArrayElement(arr, jsize(i), s);
        env->DeleteLocalRef(s);
    }
    return arr;
}

jobjectArray JavaRuntime::config_array(JNIEnv *env, const inlet_config *config) {
    std::vector<std::string> flat;
    for (size_t i = 0; config && i < config->count; ++i) {
        flat.emplace_back(config->items[i].key);
        flat.emplace_back(config->items[i].value ? config->items[i].value : "");
    }
    return strings(env, flat);
}

jobject JavaRuntime::bridge_for(const RuntimeConfig &config) {
    if (auto it = bridges_.find(config.plugin_path); it != bridges_.end()) return it->second;
    JNIEnv *e = env();
    LocalFrame frame(e, 8);
    jstring path = e->NewStringUTF(config.plugin_path.c_str());
    jstring own = e->NewStringUTF((own_folder() / bridge_jar_name).c_str());
    jobject b = e->NewObject(bridge_class_, ids.bridge_new, path, own);
    if (auto ex = take_exception(e); !ex.empty())
        throw std::runtime_error("reading plugin.path: " + ex.substr(2));
    jobject global = e->NewGlobalRef(b);
    bridges_.emplace(config.plugin_path, global);
    return global;
}

const JavaConnector *JavaRuntime::adopt(JNIEnv *e, jobject handle, std::string &why) {
    auto info_text = static_cast<jstring>(e->CallObjectMethod(handle, ids.conn_info));
    if (auto ex = take_exception(e); !ex.empty()) {
        why = ex.substr(2);
        return nullptr;
    }
    const auto info = nlohmann::json::parse(text(e, info_text));
    auto c = std::make_unique<JavaConnector>();
    c->class_name = info.at("class").get<std::string>();
    c->version = info.at("version").get<std::string>();
    if (c->version.empty()) c->version = "unknown";
    c->description = "Java: " + info.at("location").get<std::string>();
    // Kafka's aliases: the simple name, and the simple name without "Connector".
    const std::string simple = c->class_name.substr(c->class_name.rfind('.') + 1);
    if (simple != c->class_name) c->alias_storage.push_back(simple);
    constexpr std::string_view suffix = "Connector";
    if (simple.size() > suffix.size() && simple.ends_with(suffix))
        c->alias_storage.push_back(simple.substr(0, simple.size() - suffix.size()));
    for (const auto &a : c->alias_storage) c->aliases.push_back(a.c_str());
    c->aliases.push_back(nullptr);

    for (const auto &k : info.at("config")) {
        JavaConnector::Key key;
        key.name = k.at("name").get<std::string>();
        key.doc = k.at("doc").get<std::string>();
        if (auto a = k.find("allowed"); a != k.end())
            for (const auto &v : *a) key.allowed.push_back(v.get<std::string>());
        key.has_default = !k.at("default").is_null();
        if (key.has_default) key.default_value = k.at("default").get<std::string>();
        c->key_storage.push_back(std::move(key));
        inlet_config_key ck{};
        ck.type = config_type(k.at("type").get<std::string>());
        ck.required = k.at("required").get<bool>() ? 1 : 0;
        const std::string importance = k.value("importance", "");
        ck.importance = importance == "HIGH"     ? INLET_IMPORTANCE_HIGH
                        : importance == "MEDIUM" ? INLET_IMPORTANCE_MEDIUM
                        : importance == "LOW"    ? INLET_IMPORTANCE_LOW
                                                 : INLET_IMPORTANCE_UNSET;
        // A Range's open side is unbounded: the widest a double holds.
        auto bound = [&](const char *which, double open) {
            auto it = k.find(which);
            if (it == k.end() || it->is_null()) return open;
            try {
                return std::stod(it->get<std::string>());
            } catch (const std::exception &) {
                return open;
            }
        };
        if (k.contains("min") || k.contains("max")) {
            ck.has_range = 1;
            ck.min = bound("min", -1.7976931348623157e308);
            ck.max = bound("max", 1.7976931348623157e308);
        }
        c->keys.push_back(ck);
    }
    for (size_t i = 0; i < c->keys.size(); ++i) {
        c->keys[i].name = c->key_storage[i].name.c_str();
        c->keys[i].doc = c->key_storage[i].doc.c_str();
        auto &ks = c->key_storage[i];
        for (const auto &a : ks.allowed) ks.allowed_ptrs.push_back(a.c_str());
        if (!ks.allowed.empty()) {
            ks.allowed_ptrs.push_back(nullptr);
            c->keys[i].allowed = ks.allowed_ptrs.data();
        }
        c->keys[i].default_value =
            c->key_storage[i].has_default ? c->key_storage[i].default_value.c_str() : nullptr;
    }
    c->handle = e->NewGlobalRef(handle);
    return c.release() /* adopted by the caller's map */;
}

const JavaConnector *JavaRuntime::open(const RuntimeConfig &config, const std::string &name,
                                       std::string &why) {
    std::lock_guard lock(mu_);
    jobject bridge = bridge_for(config);
    JNIEnv *e = env();
    LocalFrame frame(e, 16);
    jstring jname = e->NewStringUTF(name.c_str());
    jobject handle = e->CallObjectMethod(bridge, ids.bridge_open, jname);
    if (auto ex = take_exception(e); !ex.empty()) {
        why = ex.substr(2);
        return nullptr;
    }
    if (handle == nullptr) return nullptr;
    // One descriptor per class: an alias and the full name give the same connector.
    jclass hc = e->GetObjectClass(handle);
    jfieldID f = e->GetFieldID(hc, "className", "Ljava/lang/String;");
    const std::string cls = text(e, static_cast<jstring>(e->GetObjectField(handle, f)));
    const std::string key = config.plugin_path + "\n" + cls;
    if (auto it = connectors_.find(key); it != connectors_.end()) return it->second.get();
    const JavaConnector *c = adopt(e, handle, why);
    if (c == nullptr) {
        why = "plugin.path: connector " + cls + ": " + why;
        return nullptr;
    }
    connectors_.emplace(key, std::unique_ptr<JavaConnector>(const_cast<JavaConnector *>(c)));
    return c;
}

std::vector<const JavaConnector *> JavaRuntime::list(const RuntimeConfig &config,
                                                     std::vector<std::string> &problems) {
    std::vector<std::string> classes;
    {
        std::lock_guard lock(mu_);
        jobject bridge = bridge_for(config);
        JNIEnv *e = env();
        LocalFrame frame(e, 64);
        for (auto [id, out] : {std::pair{ids.bridge_problems, &problems},
                               std::pair{ids.bridge_classes, &classes}}) {
            auto arr = static_cast<jobjectArray>(e->CallObjectMethod(bridge, id));
            if (auto ex = take_exception(e); !ex.empty()) throw std::runtime_error(ex.substr(2));
            for (jsize i = 0; i < e->GetArrayLength(arr); ++i) {
                auto s = static_cast<jstring>(e->GetObjectArrayElement(arr, i));
                out->push_back(text(e, s));
                e->DeleteLocalRef(s);
            }
        }
    }
    std::vector<const JavaConnector *> out;
    for (const auto &cls : classes) {
        std::string why;
        const JavaConnector *c = open(config, cls, why);
        if (c == nullptr) {
            problems.push_back(why.empty() ? cls + ": cannot be opened" : why);
            continue;
        }
        out.push_back(c); // the newest first: what a lookup by name finds
        for (const auto &other : other_versions(const_cast<JavaConnector &>(*c), problems))
            out.push_back(other.get());
    }
    return out;
}

const std::vector<std::unique_ptr<JavaConnector>> &
JavaRuntime::other_versions(JavaConnector &newest, std::vector<std::string> &problems) {
    std::lock_guard lock(mu_);
    if (newest.others_listed) return newest.other_versions;
    newest.others_listed = true;
    JNIEnv *e = env();
    LocalFrame frame(e, 32);
    auto handles = static_cast<jobjectArray>(e->CallObjectMethod(newest.handle, ids.conn_others));
    if (auto ex = take_exception(e); !ex.empty()) {
        problems.push_back("plugin.path: connector " + newest.class_name + ": " + ex.substr(2));
        return newest.other_versions;
    }
    for (jsize i = 0; i < e->GetArrayLength(handles); ++i) {
        jobject h = e->GetObjectArrayElement(handles, i);
        std::string why;
        if (const JavaConnector *c = adopt(e, h, why))
            newest.other_versions.emplace_back(const_cast<JavaConnector *>(c));
        else
            problems.push_back("plugin.path: connector " + newest.class_name + ": " + why);
        e->DeleteLocalRef(h);
    }
    return newest.other_versions;
}

} // namespace inlet::kafka
