// The job flags `inlet run` and `inlet validate` share (--sink, --format, --guarantee,
// --state-dir, --snapshot-interval-ms, --plugin-path), and how they override a job.
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
    std::vector<std::string> plugin_paths;
};

// Adds the flags to `options`, storing into `flags` (which must outlive the parsing).
void add_job_flags(boost::program_options::options_description &options, JobFlags &flags);

// Checks every value; a bad one is a JobError naming the flag and the allowed values.
JobOverrides to_overrides(const JobFlags &flags);

// Applies the overrides to a loaded job (used by load_job). JobError on a bad value.
void apply_overrides(JobSpec &job, const JobOverrides &overrides);

} // namespace inlet::host
