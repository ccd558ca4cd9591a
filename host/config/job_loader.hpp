// Turning files on disk into a JobSpec: job.json, or Kafka Connect standalone .properties
// (an optional worker file, then one file per connector), plus command-line overrides.
#pragma once

#include "config/job_spec.hpp"
#include "loader/plugin.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace inlet::host {

// Bad input: the message is one line naming the file (with line:column where known) and the
// key at fault. Never contains a resolved ${env:…}/${file:…} value or a password.
class JobError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The input could not be parsed at all (unreadable file, malformed JSON or .properties):
// `inlet validate` exits 2 for these, 1 for every other JobError.
class JobSyntaxError : public JobError {
public:
    using JobError::JobError;
};

// Command-line flags that override what the files say.
struct JobOverrides {
    std::optional<std::string> sink;      // stdout | null | file:PATH
    std::optional<std::string> format;    // envelope | value | connect-json
    std::optional<std::string> guarantee; // none | at-least-once | exactly-once
    std::optional<std::filesystem::path> state_dir;
    std::optional<std::chrono::milliseconds> snapshot_interval;
    std::vector<std::filesystem::path> plugin_paths;
    // --roll-size-mb, --roll-interval-s, --retain-parts, --retain-age-s (checked numbers)
    std::optional<uint64_t> roll_size_mb, roll_interval_s, retain_parts, retain_age_s;
    // --rest: a worker, whose worker file may come without connector files (its connectors
    // then come through the REST API), as Kafka's connect-standalone allows since 3.x.
    bool worker = false;
};

// Parses the files (a single .json job, or [worker.properties] connector.properties...),
// applies overrides, resolves config providers. Warnings (unknown worker keys, …) go to the
// log. Throws JobError.
JobSpec load_job(const std::vector<std::filesystem::path> &files, const JobOverrides &overrides);

// One problem found by validation.
struct ConfigProblem {
    std::string where;   // "job.json: sources[0] (name=my-file)" or "conn.properties"
    std::string key;     // the key at fault, or "" for connector-level problems
    std::string message; // why; never shows a password value
    bool warning = false; // unknown keys are warnings, not errors
};

// "where: key 'k': message" (or "where: message"), prefixed "warning: " for warnings.
std::string format_problem(const ConfigProblem &problem);
// The same without the "warning: " prefix, for a logger whose line already says [warning].
std::string problem_text(const ConfigProblem &problem);

// load_job for `inlet validate`: every warning and every error that does not stop parsing
// (bad values, refused config providers, duplicate names, …) is appended to `problems`
// instead of being logged or thrown, and the best-effort JobSpec is returned. Throws
// JobSyntaxError when a file cannot be read or parsed, JobError for a bad override flag.
JobSpec load_job(const std::vector<std::filesystem::path> &files, const JobOverrides &overrides,
                 std::vector<ConfigProblem> &problems);

// Checks every source against its plugin: connector.class resolves (with closest names when it
// does not), required keys, types, ranges, allowed values, unknown keys (warnings), then the
// plugin's own validate(). Reports everything at once.
// validate: every problem an error. run: a connector from a runtime plugin (a Java class) whose
// definition or validate() objects is run anyway, with warnings (see validate.cpp).
enum class ValidateMode { validate, run };
std::vector<ConfigProblem> validate_job(const JobSpec &job, const PluginRegistry &plugins,
                                        ValidateMode mode = ValidateMode::validate);
// The plugin a source's connector.class (and connector.runtime) names; nullptr with why_not.
const Plugin *resolve_source(const SourceSpec &src, const PluginRegistry &plugins,
                             std::string &why_not);

} // namespace inlet::host
