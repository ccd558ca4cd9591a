// What the job-file readers hand to load_job (internal to config/): the job's settings, the
// raw connector property maps (config providers not yet resolved), and the problems found.
#pragma once

#include "config/job_loader.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace inlet::host {

class Diagnostics {
public:
    void error(std::string where, std::string key, std::string message) {
        problems_.push_back({std::move(where), std::move(key), std::move(message), false});
    }
    void warn(std::string where, std::string key, std::string message) {
        problems_.push_back({std::move(where), std::move(key), std::move(message), true});
    }
    bool has_errors() const {
        for (const auto &p : problems_)
            if (!p.warning) return true;
        return false;
    }
    std::vector<ConfigProblem> &problems() { return problems_; }

private:
    std::vector<ConfigProblem> problems_;
};

struct RawSource {
    KeyValues properties;  // as written, duplicates already folded (last wins)
    std::string origin;    // "job.json: sources[0] (name=x)" or "conn.properties"
    std::filesystem::path base_dir; // relative ${file:…} paths start here
};

struct ParsedJob {
    JobSpec spec; // everything but sources
    std::vector<RawSource> sources;
    // Set when the job level (job.json "errors", the worker file) gave these; otherwise the
    // connectors' own errors.retry.* keys (Kafka's per-connector names) are used.
    bool retry_timeout_set = false;
    bool retry_delay_set = false;
    // The worker file's key.converter / value.converter and their settings (converters.hpp),
    // and whether the job file chose the output format itself (then converters do not).
    KeyValues worker_converters;
    std::string worker_origin;
    bool format_set = false;
};

// job.json. Throws JobSyntaxError for unreadable or malformed JSON.
ParsedJob parse_json_job(const std::filesystem::path &file, Diagnostics &diag);
// The same from text already read; `file` names it in messages and anchors relative paths.
ParsedJob parse_json_text(const std::string &text, const std::filesystem::path &file,
                          Diagnostics &diag);
// [worker.properties] connector.properties... Throws JobSyntaxError for unreadable files or
// malformed properties.
// `worker`: a worker file alone is a job without connectors (JobOverrides::worker).
ParsedJob parse_properties_job(const std::vector<std::filesystem::path> &files, Diagnostics &diag,
                               bool worker = false);

// errors.retry.timeout: milliseconds, or -1 for "retry forever" (as Kafka).
std::optional<std::chrono::milliseconds> parse_retry_timeout(std::string_view s);
// A non-negative count of milliseconds (or anything else non-negative and integral).
std::optional<int64_t> parse_non_negative(std::string_view s);

} // namespace inlet::host
