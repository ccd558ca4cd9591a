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
         "a folder of connector plugins (repeatable; searched first)")
        ("roll-size-mb", optional_value(flags.roll_size_mb, "N"),
         "file sink: write numbered parts of DIR/PREFIX, a new one once a part holds N MiB")
        ("roll-interval-s", optional_value(flags.roll_interval_s, "N"),
         "file sink: the same, a new part once one has been open N seconds")
        ("retain-parts", optional_value(flags.retain_parts, "N"),
         "file sink: keep only the newest N finished parts")
        ("retain-age-s", optional_value(flags.retain_age_s, "N"),
         "file sink: delete finished parts older than N seconds");
}

namespace {
// A roll or retention flag: a positive whole number, or one line naming the flag.
std::optional<uint64_t> positive_flag(const std::optional<std::string> &value, const char *flag,
                                      const char *unit) {
    if (!value) return std::nullopt;
    auto n = parse_non_negative(*value);
    if (!n || *n < 1)
        throw JobError(std::string("--") + flag + ": '" + *value + "' is not a positive number of " +
                       unit);
    return uint64_t(*n);
}
} // namespace

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
    o.roll_size_mb = positive_flag(flags.roll_size_mb, "roll-size-mb", "MiB");
    o.roll_interval_s = positive_flag(flags.roll_interval_s, "roll-interval-s", "seconds");
    o.retain_parts = positive_flag(flags.retain_parts, "retain-parts", "parts");
    o.retain_age_s = positive_flag(flags.retain_age_s, "retain-age-s", "seconds");
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
    RollPolicy &roll = job.sink.roll;
    if (o.roll_size_mb) roll.max_bytes = *o.roll_size_mb << 20;
    if (o.roll_interval_s) roll.max_age = std::chrono::seconds(*o.roll_interval_s);
    if (o.retain_parts) roll.retain_parts = uint32_t(std::min<uint64_t>(*o.retain_parts, UINT32_MAX));
    if (o.retain_age_s) roll.retain_age = std::chrono::seconds(*o.retain_age_s);
    if (auto why = roll_policy_problem(job.sink); !why.empty()) throw JobError(why);
}

std::string roll_policy_problem(const SinkSpec &sink) {
    if (!sink.roll.rolls() && !sink.roll.retains()) return {};
    if (sink.kind != SinkSpec::Kind::file_sink)
        return std::string("--roll-size-mb, --roll-interval-s, --retain-parts and --retain-age-s "
                           "are for the file sink, not ") + to_string(sink.kind);
    if (!sink.roll.rolls())
        return "--retain-parts / --retain-age-s delete finished parts, and there are none without "
               "a roll policy: add --roll-size-mb or --roll-interval-s";
    return {};
}

} // namespace inlet::host
