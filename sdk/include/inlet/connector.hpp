// inlet/connector.hpp — a header-only C++20 helper over inlet/connector.h.
//
// A connector is a Task class (start in the constructor, poll, commit, wake, stop in the
// destructor) plus an optional Connector class for validation and task splitting, exported with
// INLET_CONNECTOR. Exceptions never cross the C boundary: the thunks here turn them into status
// codes and messages (ConfigError -> INLET_INVALID_CONFIG, RetriableError -> INLET_RETRIABLE,
// anything else -> INLET_FATAL).
//
//   class MyTask : public inlet::Task {
//   public:
//     explicit MyTask(inlet::TaskContext& ctx) { ... read ctx.config, ctx.offsets ... }
//     inlet::Poll poll(inlet::Emitter& out, std::chrono::milliseconds timeout) override;
//   };
//   INLET_CONNECTOR(MyTask, inlet::NoConnector, (inlet::Info{ .name = "my", ... }))
#ifndef INLET_CONNECTOR_HPP
#define INLET_CONNECTOR_HPP

#include <inlet/connector.h>

#include <charconv>
#include <chrono>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace inlet {

// ---- Errors ---------------------------------------------------------------------------------

// A configuration problem; `key` names the config key at fault.
class ConfigError : public std::runtime_error {
public:
    ConfigError(std::string key, const std::string &message)
        : std::runtime_error(key.empty() ? message : key + ": " + message), key_(std::move(key)) {}
    const std::string &key() const noexcept { return key_; }

private:
    std::string key_;
};

// A transient failure: the host retries the call with backoff.
class RetriableError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// ---- Config ---------------------------------------------------------------------------------

// Typed read access to a (borrowed) config. The host has already validated types, ranges and
// required keys against the plugin's definition, so parse failures here are programming errors
// and are reported as ConfigError naming the key.
class Config {
public:
    Config(const inlet_host *host, const inlet_config *config) : host_(host), config_(config) {}

    std::optional<std::string_view> get(const char *key) const {
        const char *v = host_->config_get(config_, key);
        if (v == nullptr) return std::nullopt;
        return std::string_view(v);
    }
    std::string string(const char *key, std::string_view fallback = {}) const {
        auto v = get(key);
        return std::string(v ? *v : fallback);
    }
    int64_t integer(const char *key, int64_t fallback = 0) const {
        auto v = get(key);
        if (!v || v->empty()) return fallback;
        int64_t out = 0;
        auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
        if (ec != std::errc() || p != v->data() + v->size())
            throw ConfigError(key, "expected an integer, got '" + std::string(*v) + "'");
        return out;
    }
    double number(const char *key, double fallback = 0) const {
        auto v = get(key);
        if (!v || v->empty()) return fallback;
        try {
            size_t used = 0;
            double d = std::stod(std::string(*v), &used);
            if (used != v->size()) throw std::invalid_argument("trailing characters");
            return d;
        } catch (const std::logic_error &) {
            throw ConfigError(key, "expected a number, got '" + std::string(*v) + "'");
        }
    }
    bool boolean(const char *key, bool fallback = false) const {
        auto v = get(key);
        if (!v || v->empty()) return fallback;
        std::string s(*v);
        for (auto &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (s == "true") return true;
        if (s == "false") return false;
        throw ConfigError(key, "expected true or false, got '" + std::string(*v) + "'");
    }
    // A comma-separated list, items trimmed, empty items dropped.
    std::vector<std::string> list(const char *key) const {
        std::vector<std::string> out;
        auto v = get(key);
        if (!v) return out;
        std::string_view rest = *v;
        while (!rest.empty()) {
            size_t comma = rest.find(',');
            std::string_view item = rest.substr(0, comma);
            while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
            while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
            if (!item.empty()) out.emplace_back(item);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
        return out;
    }
    // Every key/value, e.g. to copy a connector config into task configs.
    std::span<const inlet_kv> items() const { return {config_->items, config_->count}; }

private:
    const inlet_host *host_;
    const inlet_config *config_;
};

// ---- Offsets --------------------------------------------------------------------------------

// A restored offset the task cannot resume from (a field missing or of the wrong type): the task
// fails with this message rather than start over and duplicate, or skip, what it already read.
class OffsetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

namespace detail {

// The text of the value of the top-level `key` of the JSON object `json` ("" when the key is
// absent; nullopt when `json` is not an object this small scanner can walk). Keys are compared as
// written, so a key spelled with escapes is not found. Used only to tell a JSON null from a value
// of the wrong type; the host's parser reads the values themselves.
inline std::optional<std::string_view> json_field_text(std::string_view json, std::string_view key) {
    size_t i = 0;
    auto ws = [&] {
        while (i < json.size() && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) ++i;
    };
    auto skip_string = [&]() -> bool { // at '"'; ends after the closing quote
        for (++i; i < json.size(); ++i) {
            if (json[i] == '\\') ++i;
            else if (json[i] == '"') return ++i, true;
        }
        return false;
    };
    auto skip_value = [&]() -> bool {
        int depth = 0;
        while (i < json.size()) {
            const char c = json[i];
            if (c == '"') {
                if (!skip_string()) return false;
            } else if (c == '{' || c == '[') {
                ++depth, ++i;
            } else if (c == '}' || c == ']') {
                if (depth == 0) return true;
                --depth, ++i;
            } else if (c == ',' && depth == 0) {
                return true;
            } else {
                ++i;
            }
        }
        return false;
    };
    ws();
    if (i >= json.size() || json[i] != '{') return std::nullopt;
    ++i;
    for (;;) {
        ws();
        if (i < json.size() && json[i] == '}') return std::string_view();
        if (i >= json.size() || json[i] != '"') return std::nullopt;
        const size_t key_begin = i + 1;
        if (!skip_string()) return std::nullopt;
        const std::string_view k = json.substr(key_begin, i - 1 - key_begin);
        ws();
        if (i >= json.size() || json[i] != ':') return std::nullopt;
        ++i;
        ws();
        const size_t value_begin = i;
        if (!skip_value()) return std::nullopt;
        size_t value_end = i;
        while (value_end > value_begin && std::strchr(" \t\n\r", json[value_end - 1]) != nullptr) --value_end;
        if (k == key) return json.substr(value_begin, value_end - value_begin);
        if (json[i] == '}') return std::string_view();
        ++i; // ','
    }
}

} // namespace detail

// Restored offsets, valid during the Task constructor only.
class Offsets {
public:
    Offsets(const inlet_host *host, const inlet_offsets *offsets) : host_(host), offsets_(offsets) {}
    // The offset JSON restored for this partition, if any.
    std::optional<std::string> get(const std::string &partition_json) const {
        if (offsets_ == nullptr) return std::nullopt;
        const char *v = host_->offsets_get(offsets_, partition_json.c_str());
        if (v == nullptr) return std::nullopt;
        return std::string(v);
    }
    // A top-level integer field of the offset restored for this partition: nullopt when the
    // partition has no restored offset or the field is JSON null (explicitly "no position").
    // Any other offset the task cannot use - the field missing, a string, a fraction, an object -
    // throws OffsetError naming the partition, the field and the offset, so the task fails
    // instead of silently starting over from the beginning.
    std::optional<int64_t> get_i64(const std::string &partition_json, const char *field) const {
        if (offsets_ == nullptr) return std::nullopt;
        const char *off = host_->offsets_get(offsets_, partition_json.c_str()); // no copy
        if (off == nullptr) return std::nullopt;
        return i64_field(partition_json, off, field);
    }
    // The same rule for an offset text in hand (e.g. one visited by each()).
    std::optional<int64_t> i64_field(std::string_view partition_json, const char *offset_json,
                                     const char *field) const {
        int64_t out = 0;
        if (host_->json_i64_field(offset_json, field, &out)) return out;
        const auto text = detail::json_field_text(offset_json, field);
        if (text && *text == "null") return std::nullopt;
        const std::string what = !text ? "is not a JSON object"
                                 : text->empty()
                                     ? "has no field \"" + std::string(field) + "\""
                                     : "has \"" + std::string(field) + "\": " + std::string(*text) +
                                           ", not an integer";
        throw OffsetError("partition " + std::string(partition_json) + ": the restored offset " +
                          offset_json + " " + what +
                          "; the task cannot tell where to resume (fix or remove the snapshot)");
    }
    // Visits every restored partition and its offset (for tasks that find their partitions in
    // the snapshot rather than name them up front).
    template <class Fn> void each(Fn &&fn) const {
        using F = std::remove_reference_t<Fn>;
        if (offsets_ == nullptr) return;
        host_->offsets_each(offsets_, const_cast<void *>(static_cast<const void *>(&fn)),
                            [](void *ctx, const char *partition, const char *offset) {
                                (*static_cast<F *>(ctx))(std::string_view(partition), offset);
                                return 0;
                            });
    }

private:
    const inlet_host *host_;
    const inlet_offsets *offsets_;
};

// ---- JSON text for partitions and offsets ---------------------------------------------------

// Appends `s` to `out` as a JSON string literal (with quotes).
inline void append_json_string(std::string &out, std::string_view s) {
    out.push_back('"');
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
    }
    out.push_back('"');
}

// {"<field>":"<value>"} — the usual shape of a source partition.
inline std::string json_object(std::string_view field, std::string_view value) {
    std::string out = "{";
    append_json_string(out, field);
    out.push_back(':');
    append_json_string(out, value);
    out.push_back('}');
    return out;
}

// Formats {"<field>":<integer>} into a reusable buffer without allocating once warmed up: the
// usual shape of a source offset, produced once per record on hot paths.
class IntOffset {
public:
    explicit IntOffset(std::string_view field) {
        prefix_ = "{";
        append_json_string(prefix_, field);
        prefix_.push_back(':');
        buf_.reserve(prefix_.size() + 24);
    }
    const char *format(int64_t value) {
        buf_.assign(prefix_);
        char digits[24];
        auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
        (void)ec;
        buf_.append(digits, end);
        buf_.push_back('}');
        return buf_.c_str();
    }

private:
    std::string prefix_;
    std::string buf_;
};

// ---- Schemas and values ---------------------------------------------------------------------

namespace schema {
inline constexpr inlet_schema make(inlet_type t, bool optional = false, const char *name = nullptr,
                                   const char *params = nullptr) {
    return inlet_schema{t, optional ? 1 : 0, name, 0, nullptr, params, nullptr, nullptr, nullptr, 0, nullptr};
}
inline constexpr inlet_schema int8 = make(INLET_TYPE_INT8);
inline constexpr inlet_schema int16 = make(INLET_TYPE_INT16);
inline constexpr inlet_schema int32 = make(INLET_TYPE_INT32);
inline constexpr inlet_schema int64 = make(INLET_TYPE_INT64);
inline constexpr inlet_schema float32 = make(INLET_TYPE_FLOAT32);
inline constexpr inlet_schema float64 = make(INLET_TYPE_FLOAT64);
inline constexpr inlet_schema boolean = make(INLET_TYPE_BOOLEAN);
inline constexpr inlet_schema string = make(INLET_TYPE_STRING);
inline constexpr inlet_schema bytes = make(INLET_TYPE_BYTES);
inline constexpr inlet_schema optional_string = make(INLET_TYPE_STRING, true);
inline constexpr inlet_schema timestamp = make(INLET_TYPE_INT64, false, INLET_LOGICAL_TIMESTAMP);
inline constexpr inlet_schema date = make(INLET_TYPE_INT32, false, INLET_LOGICAL_DATE);
inline constexpr inlet_schema time = make(INLET_TYPE_INT32, false, INLET_LOGICAL_TIME);
// A STRUCT schema over a static array of fields.
template <size_t N>
constexpr inlet_schema structure(const char *name, const inlet_field (&fields)[N],
                                 bool optional = false) {
    return inlet_schema{INLET_TYPE_STRUCT, optional ? 1 : 0, name, 0, nullptr, nullptr,
                        nullptr,           nullptr,         fields, N,       nullptr};
}
inline constexpr inlet_schema array(const inlet_schema &items, bool optional = false) {
    return inlet_schema{INLET_TYPE_ARRAY, optional ? 1 : 0, nullptr, 0, nullptr, nullptr,
                        nullptr,          &items,           nullptr, 0,       nullptr};
}
inline constexpr inlet_schema map(const inlet_schema &keys, const inlet_schema &values,
                                  bool optional = false) {
    return inlet_schema{INLET_TYPE_MAP, optional ? 1 : 0, nullptr, 0, nullptr, nullptr,
                        &keys,          &values,          nullptr, 0,       nullptr};
}
} // namespace schema

namespace value {
inline inlet_value null() { inlet_value v{}; v.type = INLET_TYPE_NULL; return v; }
inline inlet_value integer(inlet_type t, int64_t x) { inlet_value v{}; v.type = t; v.u.i = x; return v; }
inline inlet_value int8(int8_t x) { return integer(INLET_TYPE_INT8, x); }
inline inlet_value int16(int16_t x) { return integer(INLET_TYPE_INT16, x); }
inline inlet_value int32(int32_t x) { return integer(INLET_TYPE_INT32, x); }
inline inlet_value int64(int64_t x) { return integer(INLET_TYPE_INT64, x); }
inline inlet_value float32(float x) { inlet_value v{}; v.type = INLET_TYPE_FLOAT32; v.u.f = x; return v; }
inline inlet_value float64(double x) { inlet_value v{}; v.type = INLET_TYPE_FLOAT64; v.u.f = x; return v; }
inline inlet_value boolean(bool x) { inlet_value v{}; v.type = INLET_TYPE_BOOLEAN; v.u.b = x; return v; }
inline inlet_value string(std::string_view s) {
    inlet_value v{}; v.type = INLET_TYPE_STRING; v.u.s.ptr = s.data(); v.u.s.len = s.size(); return v;
}
inline inlet_value bytes(const void *p, size_t n) {
    inlet_value v{}; v.type = INLET_TYPE_BYTES; v.u.s.ptr = static_cast<const char *>(p); v.u.s.len = n; return v;
}
// ARRAY / STRUCT / MAP over a caller-owned array (MAP: key, value, key, value...).
inline inlet_value sequence(inlet_type t, std::span<const inlet_value> items) {
    inlet_value v{}; v.type = t; v.u.seq.items = items.data();
    v.u.seq.count = t == INLET_TYPE_MAP ? items.size() / 2 : items.size();
    return v;
}
inline inlet_value structure(std::span<const inlet_value> fields) { return sequence(INLET_TYPE_STRUCT, fields); }
inline inlet_value array(std::span<const inlet_value> items) { return sequence(INLET_TYPE_ARRAY, items); }
} // namespace value

// A record under construction; all pointers are borrowed until Emitter::emit returns.
struct Record {
    inlet_record r{};
    Record() {
        r.struct_size = sizeof(inlet_record);
        r.timestamp_ms = INLET_NO_TIMESTAMP;
    }
    Record &topic(const char *t) { r.topic = t; return *this; }
    Record &partition(const char *json) { r.source_partition = json; return *this; }
    Record &offset(const char *json) { r.source_offset = json; return *this; }
    Record &key(const inlet_schema *s, const inlet_value *v) { r.key_schema = s; r.key = v; return *this; }
    Record &value(const inlet_schema *s, const inlet_value *v) { r.value_schema = s; r.value = v; return *this; }
    Record &timestamp(int64_t ms) { r.timestamp_ms = ms; return *this; }
    Record &headers(std::span<const inlet_header> h) { r.headers = h.data(); r.header_count = h.size(); return *this; }
    // INLET_RECORD_BORROWED (ABI 1.2): what the key and value point at (bytes; a composite's
    // items, all the way down) stays unchanged until the task's next poll() returns (or stop()
    // begins), so the host does not copy it.
    Record &borrowed(bool on = true) {
        r.flags = on ? (r.flags | INLET_RECORD_BORROWED) : (r.flags & ~INLET_RECORD_BORROWED);
        return *this;
    }
    // INLET_RECORD_STABLE_NAMES (ABI 1.2): the topic and partition text stay unchanged at
    // their address until the poll() that emits the record returns, so the host compares
    // addresses instead of text.
    Record &stable_names(bool on = true) {
        r.flags = on ? (r.flags | INLET_RECORD_STABLE_NAMES) : (r.flags & ~INLET_RECORD_STABLE_NAMES);
        return *this;
    }
};

// ---- The task side --------------------------------------------------------------------------

class Host {
public:
    explicit Host(const inlet_host *h) : h_(h) {}
    void log(inlet_log_level level, const std::string &msg) const { h_->log(h_, level, msg.c_str()); }
    void info(const std::string &msg) const { log(INLET_LOG_INFO, msg); }
    void warn(const std::string &msg) const { log(INLET_LOG_WARN, msg); }
    void error(const std::string &msg) const { log(INLET_LOG_ERROR, msg); }
    void debug(const std::string &msg) const { log(INLET_LOG_DEBUG, msg); }
    // Adds to the task's counter `name` (e.g. "lines.skipped"), which `inlet run` prints in its
    // end summary. A no-op on a host older than ABI 1.1. Not from wake().
    void count(const char *name, uint64_t delta = 1) const {
        if (INLET_HAS_FIELD(h_, count) && h_->count != nullptr) h_->count(h_, name, delta);
    }
    int64_t now_ms() const { return h_->now_ms(h_); }
    int64_t monotonic_ns() const { return h_->monotonic_ns(h_); }
    const inlet_host *raw() const { return h_; }

private:
    const inlet_host *h_;
};

class Emitter {
public:
    Emitter(const inlet_host *h, inlet_emitter *e) : h_(h), e_(e) {}
    // Returns false when the host's batch is full: stop emitting and return from poll().
    bool emit(const Record &rec) {
        int rc = h_->emit(e_, &rec.r);
        if (rc == INLET_EMIT_REJECTED) throw std::runtime_error("the host rejected a malformed record");
        return rc == INLET_EMIT_OK;
    }
    // Advance an offset with no record (heartbeat).
    void advance(const char *partition_json, const char *offset_json) {
        h_->advance_offset(e_, partition_json, offset_json);
    }
    size_t room() const { return h_->emit_room(e_); }

private:
    const inlet_host *h_;
    inlet_emitter *e_;
};

// What a Task constructor receives. Offsets are valid only during the constructor.
struct TaskContext {
    Host host;
    Config config;
    Offsets offsets;
};

enum class Poll { more, finished };

class Task {
public:
    virtual ~Task() = default; // stop(): release resources here
    virtual Poll poll(Emitter &out, std::chrono::milliseconds timeout) = 0;
    virtual void commit(std::span<const inlet_offset_entry> /*durable*/) {}
    // Called from another thread: make a blocked poll() return soon. Must be thread-safe.
    virtual void wake() {}
};

// ---- The connector side ---------------------------------------------------------------------

using TaskConfig = std::vector<std::pair<std::string, std::string>>;

// Use when a connector needs no validation beyond its config definition and runs one task.
struct NoConnector {};

struct Info {
    const char *name = nullptr;
    const char *version = nullptr;
    const char *description = nullptr;
    const char *const *aliases = nullptr;
    std::span<const inlet_config_key> keys{};
    uint32_t flags = 0;
};

namespace detail {

inline inlet_status fail(inlet_error *err, inlet_status st, const char *what) {
    inlet_error_set(err, "%s", what);
    return st;
}

// Runs fn, mapping exceptions to status codes. Never lets one escape.
template <class Fn> inlet_status guarded(inlet_error *err, Fn &&fn) noexcept {
    try {
        return fn();
    } catch (const ConfigError &e) {
        return fail(err, INLET_INVALID_CONFIG, e.what());
    } catch (const RetriableError &e) {
        return fail(err, INLET_RETRIABLE, e.what());
    } catch (const std::exception &e) {
        return fail(err, INLET_FATAL, e.what());
    } catch (...) {
        return fail(err, INLET_FATAL, "unknown C++ exception in connector");
    }
}

struct TaskBox {
    const inlet_host *host;
    std::unique_ptr<Task> task;
};

template <class TaskT, class ConnectorT> struct Thunks {
    static inlet_status validate(const inlet_host *h, const inlet_config *c, inlet_error *err) {
        return guarded(err, [&] {
            if constexpr (requires(const Config &cfg) { ConnectorT::validate(cfg); }) {
                ConnectorT::validate(Config(h, c));
            }
            return INLET_OK;
        });
    }
    static inlet_status task_configs(const inlet_host *h, const inlet_config *c, uint32_t max,
                                     inlet_task_list *out, inlet_error *err) {
        return guarded(err, [&] {
            Config cfg(h, c);
            std::vector<TaskConfig> tasks;
            if constexpr (requires { ConnectorT::task_configs(cfg, max); }) {
                tasks = ConnectorT::task_configs(cfg, max);
            } else {
                TaskConfig one;
                for (const auto &kv : cfg.items()) one.emplace_back(kv.key, kv.value);
                tasks.push_back(std::move(one));
            }
            for (const auto &t : tasks) {
                std::vector<inlet_kv> kvs;
                kvs.reserve(t.size());
                for (const auto &[k, v] : t) kvs.push_back({k.c_str(), v.c_str()});
                inlet_status st = h->task_list_add(out, kvs.data(), kvs.size());
                if (st != INLET_OK) return st;
            }
            return INLET_OK;
        });
    }
    static inlet_status start(const inlet_host *h, const inlet_config *c,
                              const inlet_offsets *restored, void **task_out, inlet_error *err) {
        return guarded(err, [&] {
            TaskContext ctx{Host(h), Config(h, c), Offsets(h, restored)};
            auto box = std::make_unique<TaskBox>(TaskBox{h, std::make_unique<TaskT>(ctx)});
            *task_out = box.release();
            return INLET_OK;
        });
    }
    static inlet_status poll(void *t, inlet_emitter *e, uint32_t timeout_ms, inlet_error *err) {
        auto *box = static_cast<TaskBox *>(t);
        return guarded(err, [&] {
            Emitter em(box->host, e);
            Poll p = box->task->poll(em, std::chrono::milliseconds(timeout_ms));
            return p == Poll::finished ? INLET_FINISHED : INLET_OK;
        });
    }
    static inlet_status commit(void *t, const inlet_offset_entry *o, size_t n, inlet_error *err) {
        auto *box = static_cast<TaskBox *>(t);
        return guarded(err, [&] {
            box->task->commit({o, n});
            return INLET_OK;
        });
    }
    static void wake(void *t) {
        try {
            static_cast<TaskBox *>(t)->task->wake();
        } catch (const std::exception &e) {
            static_cast<TaskBox *>(t)->host->log(static_cast<TaskBox *>(t)->host, INLET_LOG_ERROR,
                                                  e.what());
        }
    }
    static void stop(void *t) {
        auto *box = static_cast<TaskBox *>(t);
        try {
            delete box;
        } catch (const std::exception &e) {
            // A throwing destructor: log it; the box is gone either way.
            box->host->log(box->host, INLET_LOG_ERROR, e.what());
        }
    }
};

} // namespace detail

template <class TaskT, class ConnectorT> inlet_plugin make_plugin(const Info &info) {
    using T = detail::Thunks<TaskT, ConnectorT>;
    inlet_plugin p{};
    p.struct_size = sizeof(inlet_plugin);
    p.abi_major = INLET_ABI_MAJOR;
    p.abi_minor = INLET_ABI_MINOR;
    p.flags = info.flags;
    p.name = info.name;
    p.version = info.version;
    p.description = info.description;
    p.aliases = info.aliases;
    p.config_keys = info.keys.data();
    p.config_key_count = info.keys.size();
    p.config_key_size = sizeof(inlet_config_key);
    p.validate = &T::validate;
    p.task_configs = &T::task_configs;
    p.start = &T::start;
    p.poll = &T::poll;
    p.commit = &T::commit;
    p.wake = &T::wake;
    p.stop = &T::stop;
    return p;
}

} // namespace inlet

// Exports the plugin: the magic section and the entry point. Use once, at file scope.
#define INLET_CONNECTOR(TaskT, ConnectorT, INFO)                                                  \
    INLET_PLUGIN_MAGIC;                                                                            \
    extern "C" INLET_EXPORT const inlet_plugin *inlet_plugin_entry_v1(void) {                     \
        static const inlet_plugin plugin = ::inlet::make_plugin<TaskT, ConnectorT>(INFO);         \
        return &plugin;                                                                            \
    }

#endif // INLET_CONNECTOR_HPP
