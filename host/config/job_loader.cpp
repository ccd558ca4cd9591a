// load_job: reads the files, applies the flags, resolves config providers, and checks what
// can be checked without the plugins (names, tasks.max, duplicates).
#include "config/job_loader.hpp"

#include "config/config_check.hpp"
#include "config/converters.hpp"
#include "config/job_flags.hpp"
#include "config/load_context.hpp"
#include "config/providers.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

namespace inlet::host {
namespace fs = std::filesystem;

namespace {

bool is_json_file(const fs::path &file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".json";
}

const std::string *find_value(const KeyValues &kvs, std::string_view key) {
    for (const auto &[k, v] : kvs)
        if (k == key) return &v;
    return nullptr;
}

// Kafka's per-connector errors.retry.* keys feed the job's one retry policy when the job level
// did not set it; connectors that disagree would make that policy a guess, so they must not.
void lift_retry_keys(const ParsedJob &parsed, JobSpec &job, Diagnostics &diag) {
    struct Seen {
        std::string value, origin;
    };
    std::map<std::string, Seen> seen;
    for (const auto &src : job.sources) {
        for (const char *key : {"errors.retry.timeout", "errors.retry.delay.max.ms"}) {
            const std::string *v = find_value(src.properties, key);
            if (v == nullptr) continue;
            bool job_level = std::string_view(key) == "errors.retry.timeout"
                                 ? parsed.retry_timeout_set
                                 : parsed.retry_delay_set;
            if (job_level) continue; // the job's setting wins
            auto it = seen.find(key);
            if (it != seen.end()) {
                if (it->second.value != *v)
                    diag.error(src.origin, key,
                               "'" + *v + "' differs from '" + it->second.value + "' in " +
                                   it->second.origin +
                                   " (one job has one retry policy: set it at the job level)");
                continue;
            }
            seen[key] = {*v, src.origin};
            if (std::string_view(key) == "errors.retry.timeout") {
                if (auto t = parse_retry_timeout(*v)) job.errors.retry_timeout = *t;
                else diag.error(src.origin, key, "'" + *v + "' is not milliseconds >= 0 or -1 (retry forever)");
            } else {
                if (auto ms = parse_non_negative(*v))
                    job.errors.retry_delay_max = std::chrono::milliseconds(*ms);
                else diag.error(src.origin, key, "'" + *v + "' is not a number of milliseconds");
            }
        }
    }
}

SourceSpec finish_source(RawSource &raw, ProviderResolver &resolver, Diagnostics &diag) {
    SourceSpec src;
    src.origin = raw.origin;
    for (auto &[key, value] : raw.properties) {
        try {
            Expanded e = resolver.expand(value, raw.base_dir);
            if (e.from_provider) src.hidden_keys.push_back(key);
            src.properties.emplace_back(key, std::move(e.value));
        } catch (const ProviderError &err) {
            diag.error(raw.origin, key, err.what());
            src.hidden_keys.push_back(key); // whatever it holds is not for printing
            src.properties.emplace_back(key, "");
        }
    }
    const std::string *name = find_value(src.properties, "name");
    if (name == nullptr || name->empty())
        diag.error(src.origin, "name", "required: a unique name for this connector");
    else
        src.name = *name;
    const std::string *cls = find_value(src.properties, "connector.class");
    if (cls == nullptr || cls->empty())
        diag.error(src.origin, "connector.class",
                   "required: the connector plugin's name or the Java class it stands in for");
    else
        src.connector_class = *cls;
    if (const std::string *tasks = find_value(src.properties, "tasks.max")) {
        if (auto n = parse_tasks_max(*tasks)) src.tasks_max = *n;
        else diag.error(src.origin, "tasks.max", "'" + *tasks + "' is not a positive integer");
    }
    return src;
}

// Every path the job itself names (output, state directory, plugin folders) is made absolute
// once, here, against the working directory (a job.json's own paths were already taken
// relative to its folder): the snapshot records it so, and a restart from another directory
// compares like with like (engine/job.cpp refuses an output that differs).
void make_paths_absolute(JobSpec &job) {
    auto absolute = [](fs::path &p) {
        if (p.empty() || p.is_absolute()) return;
        std::error_code ec;
        fs::path a = fs::absolute(p, ec);
        if (!ec) p = a.lexically_normal();
    };
    if (job.sink.kind == SinkSpec::Kind::file_sink) absolute(job.sink.path);
    if (job.state_dir) absolute(*job.state_dir);
    for (auto &p : job.plugin_paths) absolute(p);
}

JobSpec load(const std::vector<fs::path> &files, const JobOverrides &overrides,
             Diagnostics &diag) {
    if (files.empty()) throw JobError("no job file given (a job.json, or [worker.properties] connector.properties...)");
    bool json = std::any_of(files.begin(), files.end(), is_json_file);
    if (json && files.size() > 1)
        throw JobError(files.front().string() +
                       ": a .json job file must come alone (its sources list every connector)");
    ParsedJob parsed = json ? parse_json_job(files.front(), diag) : parse_properties_job(files, diag, overrides.worker);
    JobSpec job = std::move(parsed.spec);
    apply_overrides(job, overrides);
    make_paths_absolute(job);

    ProviderResolver resolver(ProviderPolicy{job.allowed_env, job.allowed_dirs});
    std::set<std::string> names;
    for (auto &raw : parsed.sources) {
        SourceSpec src = finish_source(raw, resolver, diag);
        if (!src.name.empty() && !names.insert(src.name).second)
            diag.error(src.origin, "name", "'" + src.name + "' is already the name of another source");
        job.sources.push_back(std::move(src));
    }
    lift_retry_keys(parsed, job, diag);
    // Kafka's converters decide the bytes of each record unless a flag or the job file chose
    // the format (converters.hpp).
    if (overrides.format || parsed.format_set) {
        for (const auto &[k, v] : parsed.worker_converters)
            if (k == "value.converter")
                diag.warn(parsed.worker_origin, k,
                          "not applied: " + std::string(overrides.format ? "--format" : "the job file's format") +
                              " decides the output");
    } else if (auto f = converter_format(parsed.worker_converters, parsed.worker_origin, job.sources, diag)) {
        job.sink.format = *f;
    }
    return job;
}

} // namespace

std::optional<int64_t> parse_non_negative(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
    return v;
}

std::optional<std::chrono::milliseconds> parse_retry_timeout(std::string_view s) {
    std::string_view t = s;
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
    // -1 is Kafka's "retry forever"; a century is forever for a process, and stays far from
    // overflowing when added to a clock.
    if (t == "-1") return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::hours(24 * 365 * 100));
    auto v = parse_non_negative(t);
    if (!v) return std::nullopt;
    return std::chrono::milliseconds(*v);
}

std::string problem_text(const ConfigProblem &p) {
    std::string out = p.where;
    if (!p.key.empty()) out += ": key '" + p.key + "'";
    out += ": " + p.message;
    return out;
}

std::string format_problem(const ConfigProblem &p) {
    return (p.warning ? "warning: " : "") + problem_text(p);
}

JobSpec load_job(const std::vector<fs::path> &files, const JobOverrides &overrides,
                 std::vector<ConfigProblem> &problems) {
    Diagnostics diag;
    JobSpec job = load(files, overrides, diag);
    auto &found = diag.problems();
    problems.insert(problems.end(), found.begin(), found.end());
    return job;
}

JobSpec load_job(const std::vector<fs::path> &files, const JobOverrides &overrides) {
    Diagnostics diag;
    JobSpec job = load(files, overrides, diag);
    const ConfigProblem *first_error = nullptr;
    size_t errors = 0;
    for (const auto &p : diag.problems()) {
        if (p.warning) {
            spdlog::warn("{}", problem_text(p));
        } else {
            if (first_error == nullptr) first_error = &p;
            ++errors;
        }
    }
    if (first_error != nullptr) {
        std::string msg = format_problem(*first_error);
        if (errors > 1)
            msg += " (and " + std::to_string(errors - 1) + " more: see inlet validate)";
        throw JobError(msg);
    }
    return job;
}

} // namespace inlet::host
