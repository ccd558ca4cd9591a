// One task of the `random` connector: emits generated key/value records as fast as the host
// takes them, or at messages.per.second, and resumes from its restored count.
#pragma once

#include "count_offset.hpp"
#include "generator.hpp"

#include <inlet/connector.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

namespace inlet_random {

// The keys the task reads (also used by the connector's definition and validation).
namespace key {
inline constexpr const char *generator = "generator.class";
inline constexpr const char *topic = "topic";
inline constexpr const char *rate = "messages.per.second";
inline constexpr const char *summary = "task.summary.enable";
inline constexpr const char *seed = "seed";
inline constexpr const char *max_messages = "max.messages";
inline constexpr const char *int_key_min = "random.int.key.min";
inline constexpr const char *int_key_max = "random.int.key.max";
inline constexpr const char *int_value_min = "random.int.value.min";
inline constexpr const char *int_value_max = "random.int.value.max";
inline constexpr const char *string_key_length = "random.string.key.length";
inline constexpr const char *string_value_length = "random.string.value.length";
inline constexpr const char *task_index = "task.index";
inline constexpr const char *task_count = "task.count";
} // namespace key

// The original's defaults (sasakitoa CommonParams: GENERATOR_CLASS_DEFAULT, TOPIC_DEFAULT).
inline constexpr const char *default_generator = "sasakitoa.kafka.connect.random.generator.RandomInt";
inline constexpr const char *default_topic = "random-connector-topic";

// messages.per.second is the connector's total; task `index` of `count` gets the share the
// original's RandomSourceConnector.taskConfigs gives it: total / count, plus one for the first
// total % count tasks. (A total <= 0 means unlimited and is not split.)
constexpr int64_t rate_share(int64_t total, int64_t count, int64_t index) {
    if (total <= 0 || count <= 0) return total;
    return total / count + (total % count >= index + 1 ? 1 : 0);
}

// The line the original prints on standard output at stop when task.summary.enable is true:
// RandomIntTaskSummary's for RandomInt (counts and the key/value extremes), TaskSummary's for
// the other generators. Extremes start where the original's do (min at INT_MAX, max at INT_MIN).
struct Summary {
    int64_t key_min = INT32_MAX, key_max = INT32_MIN, value_min = INT32_MAX, value_max = INT32_MIN;
    void note(int64_t key, int64_t value) {
        key_min = key < key_min ? key : key_min;
        key_max = key > key_max ? key : key_max;
        value_min = value < value_min ? value : value_min;
        value_max = value > value_max ? value : value_max;
    }
    std::string line(int64_t task, uint64_t messages, bool random_int) const;
};

class RandomTask final : public inlet::Task {
public:
    explicit RandomTask(inlet::TaskContext &ctx);
    ~RandomTask() override;
    RandomTask(const RandomTask &) = delete;
    RandomTask &operator=(const RandomTask &) = delete;

    inlet::Poll poll(inlet::Emitter &out, std::chrono::milliseconds timeout) override;
    void wake() override;

private:
    using Clock = std::chrono::steady_clock;

    // Emits records until `limit` more have gone out, the batch is full, or `deadline` passes
    // (checked every few thousand records, never per record). Returns how many were emitted.
    template <Kind K> uint64_t emit_run(inlet::Emitter &out, uint64_t limit, Clock::time_point deadline);
    uint64_t emit_some(inlet::Emitter &out, uint64_t limit, Clock::time_point deadline);
    // How many records the rate limit allows right now.
    uint64_t allowed_now(Clock::time_point now);
    // Sleeps until `until` or wake(); true when woken.
    bool sleep_until(Clock::time_point until);
    uint64_t remaining() const { return max_messages_ == 0 ? UINT64_MAX : max_messages_ - count_; }

    inlet::Host host_;
    Kind kind_;
    std::string topic_;
    std::string partition_;
    CountOffset offset_; // the offset text of count_
    const inlet_schema *schema_;
    uint64_t key_state_;
    uint64_t value_state_;
    int64_t int_key_min_, int_key_max_, int_value_min_, int_value_max_;
    std::string key_text_;   // reused buffer for RandomString keys
    std::string value_text_; // and values
    int64_t task_index_;
    bool summary_;
    Summary extremes_; // RandomInt's key/value extremes, kept only when summary_
    bool seeded_;

    double rate_;            // records per second; 0 = unlimited
    bool idle_ = false;      // a share of 0 of a positive total: emits nothing
    uint64_t max_messages_;  // 0 = unbounded
    uint64_t count_ = 0;     // records emitted over the task's whole life (the offset)
    uint64_t start_count_ = 0;
    Clock::time_point started_;
    Clock::time_point rate_base_time_; // the rate limit counts from here ...
    uint64_t rate_base_count_ = 0;     // ... and this count
    bool rate_started_ = false;

    std::mutex wake_mutex_;
    std::condition_variable wake_cv_;
    bool woken_ = false;
};

} // namespace inlet_random
