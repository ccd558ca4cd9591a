// job.json: the native job file. See config/README.md for the format.
#include "config/config_check.hpp"
#include "config/load_context.hpp"
#include "config/names.hpp"
#include "config/properties.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace inlet::host {
namespace fs = std::filesystem;
using json = nlohmann::ordered_json; // keeps the file's key order for messages

namespace {

const std::vector<std::string> top_keys = {"name",   "sources",           "sink",
                                           "snapshot", "plugin.path",     "memory.budget.bytes",
                                           "poll.timeout.ms", "errors",   "config.providers"};
const std::vector<std::string> sink_keys = {"type",        "path",            "format",
                                            "roll.size.mb", "roll.interval.s", "retain.parts",
                                            "retain.age.s"};
const std::vector<std::string> snapshot_keys = {"interval.ms", "guarantee", "state.dir"};
const std::vector<std::string> error_keys = {"errors.retry.timeout", "errors.retry.delay.max.ms",
                                             "errors.restart.attempts",
                                             "errors.restart.backoff.ms", "errors.fail.fast"};
const std::vector<std::string> provider_keys = {"allow.env", "allow.dirs"};

// "job.json:3:14: <reason>" from nlohmann's byte offset (1-based: the byte it stopped at).
[[noreturn]] void throw_parse_error(const std::string &file, const std::string &text,
                                    const json::parse_error &e) {
    size_t upto = std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    size_t line = 1, col = 1;
    for (size_t i = 0; i < upto; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    std::string reason = e.what();
    // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: ".
    if (auto p = reason.find("parse error"); p != std::string::npos)
        if (auto colon = reason.find(": ", p); colon != std::string::npos)
            reason = reason.substr(colon + 2);
    throw JobSyntaxError(file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " +
                         reason);
}

const char *kind_of(const json &v) { return v.type_name(); }

class JsonReader {
public:
    JsonReader(const fs::path &file, Diagnostics &diag)
        : file_(file.string()), base_(file.parent_path()), diag_(diag) {}

    ParsedJob read(const json &doc) {
        ParsedJob job;
        if (!doc.is_object()) {
            diag_.error(file_, "", std::string("a job file is a JSON object, not ") + kind_of(doc));
            return job;
        }
        check_keys(doc, file_, top_keys);
        JobSpec &spec = job.spec;
        if (auto it = doc.find("name"); it != doc.end()) {
            if (it->is_string() && !it->get<std::string>().empty())
                spec.name = it->get<std::string>();
            else
                diag_.error(file_, "name", "must be a non-empty string");
        }
        if (auto it = doc.find("plugin.path"); it != doc.end())
            spec.plugin_paths = paths(*it, file_, "plugin.path");
        if (auto v = count(doc, file_, "memory.budget.bytes", 1)) spec.memory_budget_bytes = *v;
        if (auto v = count(doc, file_, "poll.timeout.ms", 1))
            spec.poll_timeout = std::chrono::milliseconds(*v);
        if (auto it = doc.find("sink"); it != doc.end()) {
            read_sink(*it, spec.sink);
            job.format_set = it->is_object() && it->contains("format");
        }
        if (auto it = doc.find("snapshot"); it != doc.end()) read_snapshot(*it, spec);
        if (auto it = doc.find("errors"); it != doc.end()) read_errors(*it, job);
        if (auto it = doc.find("config.providers"); it != doc.end()) read_providers(*it, spec);
        auto sources = doc.find("sources");
        if (sources == doc.end()) {
            diag_.error(file_, "sources", "required: the connectors to run (a list of objects)");
        } else if (!sources->is_array() || sources->empty()) {
            diag_.error(file_, "sources", "must be a non-empty list of connector objects");
        } else {
            for (size_t i = 0; i < sources->size(); ++i) read_source((*sources)[i], i, job);
        }
        return job;
    }

private:
    void check_keys(const json &obj, const std::string &where, const std::vector<std::string> &known) {
        for (const auto &[k, v] : obj.items()) {
            if (std::find(known.begin(), known.end(), k) != known.end()) continue;
            std::string msg = "unknown key";
            auto near = closest_names(k, known, 1);
            if (!near.empty()) msg += "; did you mean '" + near.front() + "'?";
            diag_.error(where, k, msg);
        }
    }

    bool object(const json &v, const std::string &key) {
        if (v.is_object()) return true;
        diag_.error(file_, key, std::string("must be an object, not ") + kind_of(v));
        return false;
    }

    std::optional<std::string> string(const json &obj, const std::string &where,
                                      const std::string &key) {
        auto it = obj.find(key);
        if (it == obj.end()) return std::nullopt;
        if (it->is_string()) return it->get<std::string>();
        diag_.error(where, key, std::string("must be a string, not ") + kind_of(*it));
        return std::nullopt;
    }

    // A non-negative integer at least `min`; numeric strings are accepted too.
    std::optional<int64_t> count(const json &obj, const std::string &where, const std::string &key,
                                 int64_t min) {
        auto it = obj.find(key);
        if (it == obj.end()) return std::nullopt;
        std::optional<int64_t> v;
        if (it->is_number_integer()) v = it->get<int64_t>();
        else if (it->is_string()) v = parse_non_negative(it->get<std::string>());
        if (!v || *v < min) {
            diag_.error(where, key, "must be an integer >= " + std::to_string(min) + ", not " +
                                        it->dump());
            return std::nullopt;
        }
        return v;
    }

    fs::path relative_to_file(const std::string &p) const {
        fs::path path(p);
        return path.is_absolute() || base_.empty() ? path : base_ / path;
    }

    std::vector<fs::path> paths(const json &v, const std::string &where, const std::string &key) {
        std::vector<fs::path> out;
        if (v.is_string()) {
            out.push_back(relative_to_file(v.get<std::string>()));
        } else if (v.is_array() && std::all_of(v.begin(), v.end(), [](const json &e) {
                       return e.is_string();
                   })) {
            for (const auto &e : v) out.push_back(relative_to_file(e.get<std::string>()));
        } else {
            diag_.error(where, key, "must be a path or a list of paths");
        }
        return out;
    }

    void read_sink(const json &v, SinkSpec &sink) {
        if (!object(v, "sink")) return;
        std::string where = file_ + ": sink";
        check_keys(v, where, sink_keys);
        if (auto f = string(v, where, "format")) {
            if (auto parsed = parse_format(*f)) sink.format = *parsed;
            else diag_.error(where, "format", "'" + *f + "' is not one of: " + format_choices);
        }
        auto type = string(v, where, "type");
        auto path = string(v, where, "path");
        if (!type) {
            if (v.find("type") == v.end())
                diag_.error(where, "type", std::string("required: one of stdout, null, file"));
            return;
        }
        if (*type == "stdout") sink.kind = SinkSpec::Kind::stdout_sink;
        else if (*type == "null") sink.kind = SinkSpec::Kind::null_sink;
        else if (*type == "file") sink.kind = SinkSpec::Kind::file_sink;
        else {
            diag_.error(where, "type", "'" + *type + "' is not one of: stdout, null, file");
            return;
        }
        if (sink.kind == SinkSpec::Kind::file_sink) {
            if (!path || path->empty())
                diag_.error(where, "path", "required for a file sink: the output file");
            else
                sink.path = relative_to_file(*path);
        } else if (path) {
            diag_.error(where, "path", std::string("only a file sink has a path, not ") + *type);
        }
        read_roll_policy(v, where, *type, sink.roll);
    }

    void read_roll_policy(const json &v, const std::string &where, const std::string &type,
                          RollPolicy &roll) {
        for (const char *key : {"roll.size.mb", "roll.interval.s", "retain.parts", "retain.age.s"})
            if (type != "file" && v.contains(key)) {
                diag_.error(where, key, "only a file sink rolls its output, not " + type);
                return;
            }
        if (auto mb = count(v, where, "roll.size.mb", 1)) roll.max_bytes = uint64_t(*mb) << 20;
        if (auto s = count(v, where, "roll.interval.s", 1)) roll.max_age = std::chrono::seconds(*s);
        if (auto n = count(v, where, "retain.parts", 1))
            roll.retain_parts = uint32_t(std::min<int64_t>(*n, UINT32_MAX));
        if (auto s = count(v, where, "retain.age.s", 1)) roll.retain_age = std::chrono::seconds(*s);
        if (roll.retains() && !roll.rolls())
            diag_.error(where, roll.retain_parts ? "retain.parts" : "retain.age.s",
                        "deletes finished parts, and there are none without roll.size.mb or "
                        "roll.interval.s");
    }

    void read_snapshot(const json &v, JobSpec &spec) {
        if (!object(v, "snapshot")) return;
        std::string where = file_ + ": snapshot";
        check_keys(v, where, snapshot_keys);
        if (auto ms = count(v, where, "interval.ms", 1))
            spec.snapshot_interval = std::chrono::milliseconds(*ms);
        if (auto g = string(v, where, "guarantee")) {
            if (auto parsed = parse_guarantee(*g)) spec.guarantee = *parsed;
            else diag_.error(where, "guarantee", "'" + *g + "' is not one of: " + guarantee_choices);
        }
        if (auto dir = string(v, where, "state.dir")) {
            if (dir->empty()) diag_.error(where, "state.dir", "must not be empty");
            else spec.state_dir = relative_to_file(*dir);
        }
    }

    void read_errors(const json &v, ParsedJob &job) {
        if (!object(v, "errors")) return;
        std::string where = file_ + ": errors";
        check_keys(v, where, error_keys);
        RetryPolicy &p = job.spec.errors;
        if (auto it = v.find("errors.retry.timeout"); it != v.end()) {
            auto t = it->is_number_integer() ? parse_retry_timeout(std::to_string(it->get<int64_t>()))
                     : it->is_string()       ? parse_retry_timeout(it->get<std::string>())
                                             : std::nullopt;
            if (t) {
                p.retry_timeout = *t;
                job.retry_timeout_set = true;
            } else {
                diag_.error(where, "errors.retry.timeout",
                            "must be milliseconds >= 0, or -1 to retry forever, not " + it->dump());
            }
        }
        if (auto ms = count(v, where, "errors.retry.delay.max.ms", 0)) {
            p.retry_delay_max = std::chrono::milliseconds(*ms);
            job.retry_delay_set = true;
        }
        if (auto n = count(v, where, "errors.restart.attempts", 0)) {
            if (*n > std::numeric_limits<uint32_t>::max())
                diag_.error(where, "errors.restart.attempts", "is too large");
            else
                p.restart_attempts = static_cast<uint32_t>(*n);
        }
        if (auto ms = count(v, where, "errors.restart.backoff.ms", 0))
            p.restart_backoff = std::chrono::milliseconds(*ms);
        if (auto it = v.find("errors.fail.fast"); it != v.end()) {
            if (it->is_boolean()) p.fail_fast = it->get<bool>();
            else diag_.error(where, "errors.fail.fast", "must be true or false");
        }
    }

    void read_providers(const json &v, JobSpec &spec) {
        if (!object(v, "config.providers")) return;
        std::string where = file_ + ": config.providers";
        check_keys(v, where, provider_keys);
        if (auto it = v.find("allow.env"); it != v.end()) {
            if (it->is_array() && std::all_of(it->begin(), it->end(),
                                              [](const json &e) { return e.is_string(); }))
                for (const auto &e : *it) spec.allowed_env.push_back(e.get<std::string>());
            else
                diag_.error(where, "allow.env", "must be a list of environment variable names");
        }
        if (auto it = v.find("allow.dirs"); it != v.end())
            for (auto &p : paths(*it, where, "allow.dirs")) spec.allowed_dirs.push_back(p);
    }

    // Kafka Connect properties are strings; numbers, booleans and lists of them are accepted
    // for convenience and converted the way they would be written in a .properties file.
    std::optional<std::string> property_text(const json &v) {
        if (v.is_string()) return v.get<std::string>();
        if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
        if (v.is_number()) return v.dump();
        if (v.is_array()) {
            std::string out;
            for (const auto &e : v) {
                if (e.is_array() || e.is_object() || e.is_null()) return std::nullopt;
                auto t = property_text(e);
                if (!t) return std::nullopt;
                if (!out.empty()) out += ",";
                out += *t;
            }
            return out;
        }
        return std::nullopt;
    }

    void read_source(const json &v, size_t index, ParsedJob &job) {
        RawSource src;
        src.base_dir = base_;
        src.origin = file_ + ": sources[" + std::to_string(index) + "]";
        if (!v.is_object()) {
            diag_.error(src.origin, "", std::string("a source is an object of connector properties, not ") +
                                            kind_of(v));
            return;
        }
        if (auto it = v.find("name"); it != v.end() && it->is_string())
            src.origin += " (name=" + it->get<std::string>() + ")";
        for (const auto &[k, val] : v.items()) {
            if (auto text = property_text(val))
                src.properties.emplace_back(k, *text);
            else
                diag_.error(src.origin, k,
                            std::string("must be a string (or number, boolean, list), not ") +
                                kind_of(val));
        }
        job.sources.push_back(std::move(src));
    }

    std::string file_;
    fs::path base_;
    Diagnostics &diag_;
};

} // namespace

ParsedJob parse_json_job(const fs::path &file, Diagnostics &diag) {
    return parse_json_text(read_text_file(file), file, diag);
}

ParsedJob parse_json_text(const std::string &text, const fs::path &file, Diagnostics &diag) {
    // nlohmann keeps the last of two equal keys without a word; a doubled "tasks.max" deserves
    // one, like a key set twice in a .properties file.
    std::vector<std::set<std::string>> open_objects;
    std::set<std::string> doubled;
    auto watch = [&](int, json::parse_event_t event, json &parsed) {
        if (event == json::parse_event_t::object_start) {
            open_objects.emplace_back();
        } else if (event == json::parse_event_t::object_end) {
            if (!open_objects.empty()) open_objects.pop_back();
        } else if (event == json::parse_event_t::key && !open_objects.empty()) {
            const auto &key = parsed.get_ref<const std::string &>();
            if (!open_objects.back().insert(key).second) doubled.insert(key);
        }
        return true;
    };
    json doc;
    try {
        doc = json::parse(text, watch);
    } catch (const json::parse_error &e) {
        throw_parse_error(file.string(), text, e);
    } catch (const json::out_of_range &e) {
        // A number too large for a double ("1E999"): nlohmann reports it without a position,
        // so find the quoted number in the text for line and column.
        std::string reason = e.what();
        if (auto b = reason.find("] "); b != std::string::npos) reason = reason.substr(b + 2);
        size_t at = std::string::npos;
        if (auto q = reason.find('\''); q != std::string::npos)
            if (auto q2 = reason.find('\'', q + 1); q2 != std::string::npos)
                at = text.find(reason.substr(q + 1, q2 - q - 1));
        size_t line = 1, col = 1;
        for (size_t i = 0; at != std::string::npos && i < at; ++i) {
            if (text[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        throw JobSyntaxError(file.string() + ":" + std::to_string(line) + ":" +
                             std::to_string(col) + ": " + reason);
    }
    for (const auto &key : doubled)
        diag.warn(file.string(), key, "set twice in one object; the last one wins");
    return JsonReader(file, diag).read(doc);
}

} // namespace inlet::host
