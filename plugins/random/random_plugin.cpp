// The `random` connector: a stand-in for sasakitoa.kafka.connect.random.RandomSourceConnector,
// so its example properties run unchanged. The engine's benchmark source, too.
#include "random_task.hpp"

#include <inlet/connector.hpp>

#include <string>
#include <vector>

namespace inlet_random {
namespace {

constexpr const char *generator_names[] = {
    "sasakitoa.kafka.connect.random.generator.RandomInt",
    "sasakitoa.kafka.connect.random.generator.RandomLong",
    "sasakitoa.kafka.connect.random.generator.RandomDouble",
    "sasakitoa.kafka.connect.random.generator.RandomString",
    "RandomInt",
    "RandomLong",
    "RandomDouble",
    "RandomString",
    nullptr};

constexpr const char *aliases[] = {"sasakitoa.kafka.connect.random.RandomSourceConnector", nullptr};

constexpr double int32_min = -2147483648.0;
constexpr double int32_max = 2147483647.0;

// Members not named are zero. Importance as the original declares it (CommonParams,
// RandomIntParams, RandomStringParams of sasakitoa/kafka-connect-random); inlet's own keys LOW.
constexpr inlet_config_key keys[] = {
    {.name = key::generator,
     .type = INLET_CFG_STRING,
     .default_value = default_generator,
     .doc = "What to generate. RandomInt: INT32 key and value in the random.int.* ranges; "
            "RandomLong: INT64 over the full range; RandomDouble: FLOAT64 in [0, 1); "
            "RandomString: STRING of letters a-z, A-Z. The Java class name or the short name. "
            "Default RandomInt, as the original.",
     .allowed = generator_names,
     .importance = INLET_IMPORTANCE_HIGH},
    {.name = key::topic,
     .type = INLET_CFG_STRING,
     .default_value = default_topic,
     .doc = "The topic of every record (empty: the default, as the original).",
     .importance = INLET_IMPORTANCE_HIGH},
    {.name = key::rate,
     .type = INLET_CFG_LONG,
     .default_value = "0",
     .doc = "Records per second of the connector, split over its tasks as the original does (the "
            "first total % tasks.max tasks take one more); 0 or a negative value (the original's "
            "-1) means as fast as the job takes them.",
     .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::summary,
     .type = INLET_CFG_BOOLEAN,
     .default_value = "false",
     .doc = "When a task stops, print the original's summary line on standard output (\"Task: N "
            "Processed M messages ...\", with RandomInt's key and value extremes) and log inlet's: "
            "records emitted by this run, duration, rate and the task's total count.",
     .importance = INLET_IMPORTANCE_LOW},
    {.name = key::seed,
     .type = INLET_CFG_LONG,
     .doc = "Makes the sequence deterministic: each task draws from a stream derived from the seed "
            "and its task index, addressed by the record count, so a restored task continues the "
            "exact sequence. Absent: a fresh random seed at every start.",
     .importance = INLET_IMPORTANCE_LOW},
    {.name = key::max_messages,
     .type = INLET_CFG_LONG,
     .default_value = "0",
     .doc = "Stop each task after this many records in total (counted across restarts); the "
            "source then reports it has finished. 0: unbounded.",
     .importance = INLET_IMPORTANCE_LOW},
    {.name = key::int_key_min,
     .type = INLET_CFG_INT,
     .default_value = "0",
     .doc = "RandomInt: smallest key (inclusive).",
     .has_range = 1,
     .min = int32_min,
     .max = int32_max,
     .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::int_key_max,
     .type = INLET_CFG_INT,
     .default_value = "100",
     .doc = "RandomInt: largest key (inclusive).",
     .has_range = 1,
     .min = int32_min,
     .max = int32_max,
     .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::int_value_min,
     .type = INLET_CFG_INT,
     .default_value = "0",
     .doc = "RandomInt: smallest value (inclusive).",
     .has_range = 1,
     .min = int32_min,
     .max = int32_max,
     .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::int_value_max,
     .type = INLET_CFG_INT,
     .default_value = "100",
     .doc = "RandomInt: largest value (inclusive).",
     .has_range = 1,
     .min = int32_min,
     .max = int32_max,
     .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::string_key_length,
     .type = INLET_CFG_INT,
     .default_value = "10",
     .doc = "RandomString: length of each key.",
     .has_range = 1,
     .min = 1,
     .max = 1048576,
     .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::string_value_length,
     .type = INLET_CFG_INT,
     .default_value = "10",
     .doc = "RandomString: length of each value.",
     .has_range = 1,
     .min = 1,
     .max = 1048576,
     .importance = INLET_IMPORTANCE_MEDIUM},
    {.name = key::task_index,
     .type = INLET_CFG_INT,
     .default_value = "0",
     .doc = "Set by the connector on each task config (0 .. tasks.max-1); names the task's source "
            "partition {\"task\":i}. Not meant to be set by hand.",
     .has_range = 1,
     .min = 0,
     .max = int32_max,
     .importance = INLET_IMPORTANCE_LOW},
    {.name = key::task_count,
     .type = INLET_CFG_INT,
     .default_value = "1",
     .doc = "Set by the connector on each task config (the number of tasks), so that each task "
            "takes its share of messages.per.second. Not meant to be set by hand.",
     .has_range = 1,
     .min = 1,
     .max = int32_max,
     .importance = INLET_IMPORTANCE_LOW},
};


struct RandomConnector {
    static void validate(const inlet::Config &c) {
        std::string gen = c.string(key::generator, default_generator);
        if (gen.empty()) gen = default_generator;
        if (!parse_kind(gen))
            throw inlet::ConfigError(key::generator,
                                     "unknown generator '" + gen +
                                         "' (RandomInt, RandomLong, RandomDouble, RandomString)");
        if (c.integer(key::max_messages, 0) < 0)
            throw inlet::ConfigError(key::max_messages, "must be >= 0 (0: unbounded)");
        if (c.integer(key::int_key_min, 0) > c.integer(key::int_key_max, 100))
            throw inlet::ConfigError(key::int_key_max, "must be >= random.int.key.min");
        if (c.integer(key::int_value_min, 0) > c.integer(key::int_value_max, 100))
            throw inlet::ConfigError(key::int_value_max, "must be >= random.int.value.min");
    }

    // tasks.max independent generators, each its own source partition; each takes its share of
    // messages.per.second (rate_share) from task.index and task.count.
    static std::vector<inlet::TaskConfig> task_configs(const inlet::Config &c, uint32_t max_tasks) {
        std::vector<inlet::TaskConfig> out;
        const uint32_t n = max_tasks == 0 ? 1 : max_tasks;
        for (uint32_t i = 0; i < n; ++i) {
            inlet::TaskConfig t;
            for (const auto &kv : c.items())
                if (std::string_view(kv.key) != key::task_index &&
                    std::string_view(kv.key) != key::task_count)
                    t.emplace_back(kv.key, kv.value);
            t.emplace_back(key::task_index, std::to_string(i));
            t.emplace_back(key::task_count, std::to_string(n));
            out.push_back(std::move(t));
        }
        return out;
    }
};

const inlet::Info info{
    .name = "random",
    .version = "1.0.0",
    .description = "Random INT32/INT64/FLOAT64/STRING records (sasakitoa RandomSourceConnector)",
    .aliases = aliases,
    .keys = keys,
    // Replayable: a restored task continues at its count, so each count is emitted exactly once
    // in the output (with a seed, even the values are identical; see README).
    .flags = INLET_PLUGIN_REPLAYABLE | INLET_PLUGIN_BOUNDED,
};

} // namespace
} // namespace inlet_random

INLET_CONNECTOR(inlet_random::RandomTask, inlet_random::RandomConnector, inlet_random::info)
