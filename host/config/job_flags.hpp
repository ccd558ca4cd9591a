// The job flags `inlet run` and `inlet validate` share (--sink, --format, --guarantee,
// --state-dir, --snapshot-interval-ms, --plugin-path, the file sink's roll policy), and how they override a job.
#pragma once

#include "config/job_loader.hpp"

#include <boost/program_options/options_description.hpp>

#include <optional>
#include <string>
#include <vector>

namespace inlet::host {

// The flags as typed; turned into JobOverrides by to_overrides().
struct JobFlags {
    std::optional<std::string> sink, format, guarantee, state_dir, snapshot_interval_ms;
    std::optional<std::string> roll_size_mb, roll_interval_s, retain_parts, retain_age_s;
    std::vector<std::string> plugin_paths;
};

// Adds the flags to `options`, storing into `flags` (which must outlive the parsing).
void add_job_flags(boost::program_options::options_description &options, JobFlags &flags);

// Checks every value; a bad one is a JobError naming the flag and the allowed values.
JobOverrides to_overrides(const JobFlags &flags);

// Why the sink's roll policy cannot be used (roll keys on a sink other than file, retention
// without a roll policy); empty when it can. Named after the flags (job.json says the same).
std::string roll_policy_problem(const SinkSpec &sink);

// Applies the overrides to a loaded job (used by load_job). JobError on a bad value.
void apply_overrides(JobSpec &job, const JobOverrides &overrides);

} // namespace inlet::host
