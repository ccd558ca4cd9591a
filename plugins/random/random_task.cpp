#include "random_task.hpp"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>

#include <unistd.h>

namespace inlet_random {
namespace {

// The clock is read once per this many records in the unlimited loop: often enough to honour a
// poll timeout to within microseconds, rarely enough to cost nothing per record.
constexpr uint64_t clock_stride = 4096;

// After a pause (backpressure, a slow sink), the rate limit does not "catch up" with a burst
// larger than this many seconds' worth of records.
constexpr double max_burst_seconds = 1.0;

const inlet_schema *schema_for(Kind k) {
    switch (k) {
    case Kind::int32: return &inlet::schema::int32;
    case Kind::int64: return &inlet::schema::int64;
    case Kind::float64: return &inlet::schema::float64;
    case Kind::string: return &inlet::schema::string;
    }
    return nullptr;
}

uint64_t fresh_seed() {
    std::random_device rd;
    return (static_cast<uint64_t>(rd()) << 32) ^ rd();
}

void check_range(const char *lo_key, const char *hi_key, int64_t lo, int64_t hi) {
    if (lo > hi)
        throw inlet::ConfigError(hi_key, "must be >= " + std::string(lo_key) + " (" +
                                             std::to_string(lo) + "), got " + std::to_string(hi));
}

} // namespace

RandomTask::RandomTask(inlet::TaskContext &ctx) : host_(ctx.host) {
    const inlet::Config &c = ctx.config;
    std::string gen = c.string(key::generator, default_generator);
    if (gen.empty()) gen = default_generator; // as the original's connector start()
    auto kind = parse_kind(gen);
    if (!kind) throw inlet::ConfigError(key::generator, "unknown generator '" + gen + "'");
    kind_ = *kind;
    schema_ = schema_for(kind_);
    topic_ = c.string(key::topic, default_topic);
    if (topic_.empty()) topic_ = default_topic; // as the original's connector start()

    task_index_ = c.integer(key::task_index, 0);
    if (task_index_ < 0) throw inlet::ConfigError(key::task_index, "must be >= 0");
    partition_ = "{\"task\":" + std::to_string(task_index_) + "}";

    seeded_ = c.get(key::seed).has_value();
    const uint64_t seed = seeded_ ? static_cast<uint64_t>(c.integer(key::seed)) : fresh_seed();
    const uint64_t state = task_state(seed, static_cast<uint64_t>(task_index_));
    key_state_ = key_stream(state);
    value_state_ = value_stream(state);

    int_key_min_ = c.integer(key::int_key_min, 0);
    int_key_max_ = c.integer(key::int_key_max, 100);
    int_value_min_ = c.integer(key::int_value_min, 0);
    int_value_max_ = c.integer(key::int_value_max, 100);
    check_range(key::int_key_min, key::int_key_max, int_key_min_, int_key_max_);
    check_range(key::int_value_min, key::int_value_max, int_value_min_, int_value_max_);
    const int64_t key_len = c.integer(key::string_key_length, 10);
    const int64_t value_len = c.integer(key::string_value_length, 10);
    if (key_len < 1) throw inlet::ConfigError(key::string_key_length, "must be >= 1");
    if (value_len < 1) throw inlet::ConfigError(key::string_value_length, "must be >= 1");
    if (kind_ == Kind::string) {
        key_text_.assign(static_cast<size_t>(key_len), ' ');
        value_text_.assign(static_cast<size_t>(value_len), ' ');
    }

    const int64_t total = c.integer(key::rate, 0);
    const int64_t rate = rate_share(total, c.integer(key::task_count, 1), task_index_);
    rate_ = rate > 0 ? static_cast<double>(rate) : 0.0;
    idle_ = total > 0 && rate == 0;
    const int64_t max = c.integer(key::max_messages, 0);
    if (max < 0) throw inlet::ConfigError(key::max_messages, "must be >= 0");
    max_messages_ = static_cast<uint64_t>(max);
    summary_ = c.boolean(key::summary, false);

    if (auto restored = ctx.offsets.get_i64(partition_, "count")) {
        if (*restored < 0)
            throw inlet::OffsetError("partition " + partition_ + ": the restored offset has a "
                                     "negative count (" + std::to_string(*restored) +
                                     "); the task cannot tell where to resume");
        count_ = static_cast<uint64_t>(*restored);
        if (!seeded_)
            host_.info("resuming at count " + std::to_string(count_) +
                       " (no seed: values after the restart are freshly random)");
    }
    if (max_messages_ != 0 && count_ > max_messages_) count_ = max_messages_;
    start_count_ = count_;
    offset_.set(count_);
    started_ = Clock::now();
}

std::string Summary::line(int64_t task, uint64_t messages, bool random_int) const {
    char text[256];
    if (random_int)
        std::snprintf(text, sizeof text,
                      "Task: %" PRId64 " Processed %" PRIu64 " messages Generated key min:%" PRId64
                      " max:%" PRId64 ", Generated value min:%" PRId64 " max:%" PRId64,
                      task, messages, key_min, key_max, value_min, value_max);
    else
        std::snprintf(text, sizeof text, "Task:%" PRId64 " Processed %" PRIu64 " messages", task,
                      messages);
    return text;
}

RandomTask::~RandomTask() {
    if (!summary_) return;
    // On standard output, as the original's System.out.println; one write(), so the line itself
    // is never split by other output.
    const std::string original =
        extremes_.line(task_index_, count_ - start_count_, kind_ == Kind::int32) + "\n";
    std::fflush(stdout);
    (void)!::write(STDOUT_FILENO, original.data(), original.size());
    const double secs = std::chrono::duration<double>(Clock::now() - started_).count();
    const uint64_t n = count_ - start_count_;
    char line[256];
    std::snprintf(line, sizeof line,
                  "task %" PRId64 " summary: %" PRIu64 " records in %.3f s (%.0f records/s), "
                  "count %" PRIu64,
                  task_index_, n, secs, secs > 0 ? static_cast<double>(n) / secs : 0.0, count_);
    host_.info(line);
}

void RandomTask::wake() {
    {
        std::lock_guard lock(wake_mutex_);
        woken_ = true;
    }
    wake_cv_.notify_all();
}

bool RandomTask::sleep_until(Clock::time_point until) {
    std::unique_lock lock(wake_mutex_);
    wake_cv_.wait_until(lock, until, [&] { return woken_; });
    bool was_woken = woken_;
    woken_ = false;
    return was_woken;
}

template <Kind K>
uint64_t RandomTask::emit_run(inlet::Emitter &out, uint64_t limit, Clock::time_point deadline) {
    inlet_value key{};
    inlet_value value{};
    if constexpr (K == Kind::int32 || K == Kind::int64) {
        key.type = value.type = K == Kind::int32 ? INLET_TYPE_INT32 : INLET_TYPE_INT64;
    } else if constexpr (K == Kind::float64) {
        key.type = value.type = INLET_TYPE_FLOAT64;
    } else {
        key = inlet::value::string(key_text_);
        value = inlet::value::string(value_text_);
    }
    inlet::Record rec;
    // topic_ and partition_ are set in start() and never change: the host may know them by address.
    rec.topic(topic_.c_str()).partition(partition_.c_str()).key(schema_, &key).value(schema_, &value)
        .stable_names();

    uint64_t n = 0;
    while (n < limit) {
        const uint64_t i = count_;
        if constexpr (K == Kind::int32) {
            key.u.i = in_range(stream_at(key_state_, i), int_key_min_, int_key_max_);
            value.u.i = in_range(stream_at(value_state_, i), int_value_min_, int_value_max_);
            if (summary_) extremes_.note(key.u.i, value.u.i);
        } else if constexpr (K == Kind::int64) {
            key.u.i = static_cast<int64_t>(stream_at(key_state_, i));
            value.u.i = static_cast<int64_t>(stream_at(value_state_, i));
        } else if constexpr (K == Kind::float64) {
            key.u.f = unit_double(stream_at(key_state_, i));
            value.u.f = unit_double(stream_at(value_state_, i));
        } else {
            letters_at(key_state_, i, key_text_.data(), key_text_.size());
            letters_at(value_state_, i, value_text_.data(), value_text_.size());
        }
        offset_.increment();
        rec.offset(offset_.c_str());
        ++count_;
        ++n;
        if (!out.emit(rec)) break; // accepted, and the batch is full
        if (n % clock_stride == 0 && Clock::now() >= deadline) break;
    }
    return n;
}

uint64_t RandomTask::emit_some(inlet::Emitter &out, uint64_t limit, Clock::time_point deadline) {
    switch (kind_) {
    case Kind::int32: return emit_run<Kind::int32>(out, limit, deadline);
    case Kind::int64: return emit_run<Kind::int64>(out, limit, deadline);
    case Kind::float64: return emit_run<Kind::float64>(out, limit, deadline);
    case Kind::string: return emit_run<Kind::string>(out, limit, deadline);
    }
    return 0;
}

uint64_t RandomTask::allowed_now(Clock::time_point now) {
    if (!rate_started_) {
        rate_started_ = true;
        rate_base_time_ = now;
        rate_base_count_ = count_;
    }
    const double elapsed = std::chrono::duration<double>(now - rate_base_time_).count();
    const double due = std::floor(elapsed * rate_);
    const double sent = static_cast<double>(count_ - rate_base_count_);
    const double burst = std::max(1.0, rate_ * max_burst_seconds);
    if (due - sent > burst) {
        // Behind by more than the burst allowance: forget the debt beyond one burst, as if the
        // schedule had started `burst` records ago.
        rate_base_time_ = now - std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(burst / rate_));
        rate_base_count_ = count_;
        return static_cast<uint64_t>(burst);
    }
    return due > sent ? static_cast<uint64_t>(due - sent) : 0;
}

inlet::Poll RandomTask::poll(inlet::Emitter &out, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    if (remaining() == 0) return inlet::Poll::finished;
    if (idle_) { // nothing is ever due: wait out the timeout (or a wake)
        sleep_until(deadline);
        return inlet::Poll::more;
    }

    if (rate_ == 0) {
        emit_some(out, remaining(), deadline);
        return remaining() == 0 ? inlet::Poll::finished : inlet::Poll::more;
    }

    for (;;) {
        const auto now = Clock::now();
        const uint64_t allowed = std::min(allowed_now(now), remaining());
        if (allowed > 0) {
            emit_some(out, allowed, deadline);
            // Hand over what is due now rather than holding it until the deadline.
            return remaining() == 0 ? inlet::Poll::finished : inlet::Poll::more;
        }
        if (now >= deadline) return inlet::Poll::more;
        // The time at which the next record becomes due.
        const double next_in =
            static_cast<double>(count_ - rate_base_count_ + 1) / rate_ -
            std::chrono::duration<double>(now - rate_base_time_).count();
        const auto next = now + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(std::max(next_in, 0.0)));
        if (sleep_until(std::min(next, deadline))) return inlet::Poll::more;
    }
}

} // namespace inlet_random
