#include "config/job_flags.hpp"

#include "config/load_context.hpp"
#include "config/names.hpp"

#include <boost/program_options/value_semantic.hpp>

namespace inlet::host {
namespace po = boost::program_options;

namespace {

// Boost.Program_options has no optional<string> semantic: store into a string, remember.
po::typed_value<std::string> *optional_value(std::optional<std::string> &target, const char *name) {
    return po::value<std::string>()->value_name(name)->notifier(
        [&target](const std::string &v) { target = v; });
}

} // namespace

void add_job_flags(po::options_description &options, JobFlags &flags) {
    options.add_options()
        ("sink", optional_value(flags.sink, "SINK"),
         "where records go: stdout, null (count only) or file:PATH")
        ("format", optional_value(flags.format, "FMT"),
         "output format: envelope, value, connect-json, json, string or bytes")
        ("guarantee", optional_value(flags.guarantee, "G"),
         "none, at-least-once or exactly-once")
        ("state-dir", optional_value(flags.state_dir, "DIR"),
         "where snapshots are kept (resume from there)")
        ("snapshot-interval-ms", optional_value(flags.snapshot_interval_ms, "N"),
         "milliseconds between snapshots")
        ("plugin-path", po::value<std::vector<std::string>>(&flags.plugin_paths)->value_name("DIR")->composing(),
         "a folder of connector plugins (repeatable; searched first)");
}

JobOverrides to_overrides(const JobFlags &flags) {
    JobOverrides o;
    if (flags.sink) {
        if (!parse_sink(*flags.sink, OutputFormat::envelope))
            throw JobError("--sink: '" + *flags.sink + "' is not one of: " + sink_choices);
        o.sink = flags.sink;
    }
    if (flags.format) {
        if (!parse_format(*flags.format))
            throw JobError("--format: '" + *flags.format + "' is not one of: " + format_choices);
        o.format = flags.format;
    }
    if (flags.guarantee) {
        if (!parse_guarantee(*flags.guarantee))
            throw JobError("--guarantee: '" + *flags.guarantee + "' is not one of: " +
                           guarantee_choices);
        o.guarantee = flags.guarantee;
    }
    if (flags.state_dir) {
        if (flags.state_dir->empty()) throw JobError("--state-dir: must not be empty");
        o.state_dir = *flags.state_dir;
    }
    if (flags.snapshot_interval_ms) {
        auto ms = parse_non_negative(*flags.snapshot_interval_ms);
        if (!ms || *ms < 1)
            throw JobError("--snapshot-interval-ms: '" + *flags.snapshot_interval_ms +
                           "' is not a positive number of milliseconds");
        o.snapshot_interval = std::chrono::milliseconds(*ms);
    }
    for (const auto &p : flags.plugin_paths) {
        if (p.empty()) throw JobError("--plugin-path: must not be empty");
        o.plugin_paths.emplace_back(p);
    }
    return o;
}

void apply_overrides(JobSpec &job, const JobOverrides &o) {
    if (o.format) {
        auto f = parse_format(*o.format);
        if (!f) throw JobError("--format: '" + *o.format + "' is not one of: " + format_choices);
        job.sink.format = *f;
    }
    if (o.sink) {
        auto s = parse_sink(*o.sink, job.sink.format);
        if (!s) throw JobError("--sink: '" + *o.sink + "' is not one of: " + sink_choices);
        job.sink = *s;
    }
    if (o.guarantee) {
        auto g = parse_guarantee(*o.guarantee);
        if (!g)
            throw JobError("--guarantee: '" + *o.guarantee + "' is not one of: " +
                           guarantee_choices);
        job.guarantee = *g;
    }
    if (o.state_dir) job.state_dir = *o.state_dir;
    if (o.snapshot_interval) {
        if (o.snapshot_interval->count() < 1)
            throw JobError("--snapshot-interval-ms: must be a positive number of milliseconds");
        job.snapshot_interval = *o.snapshot_interval;
    }
    // The flags' folders are searched before the file's.
    job.plugin_paths.insert(job.plugin_paths.begin(), o.plugin_paths.begin(),
                            o.plugin_paths.end());
}

} // namespace inlet::host
