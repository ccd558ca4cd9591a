// One task slot's counters, as Kafka keeps a source task's in one SourceTaskMetricsGroup. The
// Job owns one per slot, so a task restarted in-process keeps counting where its predecessor
// stopped. The task thread and the sink stage feed it (relaxed atomics: counters, not
// synchronisation); the progress line, the run summary and the REST API's /metrics read it.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/plugin_counters.hpp"

namespace inlet::host {

// The topics a task's records went to (Kafka's active topics, GET /connectors/{name}/topics).
// The emitter notes a topic when it differs from the previous record's, which it checks anyway:
// about once per batch, never per record.
class TopicSet {
public:
    void note(std::string_view topic) {
        std::lock_guard lock(mu_);
        if (topics_.find(topic) != topics_.end()) return;
        topics_.emplace(topic);
        added_.store(true, std::memory_order_relaxed);
    }
    // True once after a topic was added (the sink stage then keeps the list in the state
    // directory, engine/connector_states.hpp).
    bool take_added() {
        return added_.load(std::memory_order_relaxed) && added_.exchange(false, std::memory_order_relaxed);
    }
    std::vector<std::string> list() const {
        std::lock_guard lock(mu_);
        return {topics_.begin(), topics_.end()};
    }
    void clear() {
        std::lock_guard lock(mu_);
        topics_.clear();
    }

private:
    mutable std::mutex mu_;
    std::set<std::string, std::less<>> topics_;
    std::atomic<bool> added_{false};
};

// A copy of the counters at one moment, for readers.
struct TaskCounters {
    uint64_t polled = 0, polls = 0, poll_ns_total = 0, poll_ns_max = 0, written = 0, commits = 0,
             commit_failures = 0, retries = 0, restarts = 0;
};

struct TaskMetrics {
    std::atomic<uint64_t> polled{0};        // records the plugin emitted (task thread)
    std::atomic<uint64_t> polls{0};         // poll() calls that came back (task thread)
    std::atomic<uint64_t> poll_ns_total{0}; // time spent inside those calls
    std::atomic<uint64_t> poll_ns_max{0};
    std::atomic<uint64_t> written{0};       // records the sink stage wrote (sink thread)
    std::atomic<uint64_t> commits{0};       // commit() calls made
    std::atomic<uint64_t> commit_failures{0}; // commit() calls whose retries ran out
    std::atomic<uint64_t> retries{0};       // retriable errors retried (start, poll, commit)
    std::atomic<uint64_t> restarts{0};      // in-process restarts (after a failure or asked for)
    std::atomic<uint64_t> utf8_replaced{0}; // U+FFFD put in place of ill-formed UTF-8 (emitter)
    PluginCounters plugin_counters;         // what the plugin reported through inlet_host.count
    TopicSet topics;                        // the topics its records went to

    TaskCounters read() const {
        auto r = [](const std::atomic<uint64_t> &a) { return a.load(std::memory_order_relaxed); };
        return {r(polled), r(polls), r(poll_ns_total), r(poll_ns_max), r(written), r(commits),
                r(commit_failures), r(retries), r(restarts)};
    }

    // Kafka's recordPollReturned(numRecords, duration): one poll() came back.
    void poll_returned(uint64_t records, uint64_t ns) {
        polled.fetch_add(records, std::memory_order_relaxed);
        polls.fetch_add(1, std::memory_order_relaxed);
        poll_ns_total.fetch_add(ns, std::memory_order_relaxed);
        uint64_t seen = poll_ns_max.load(std::memory_order_relaxed);
        while (ns > seen && !poll_ns_max.compare_exchange_weak(seen, ns, std::memory_order_relaxed)) {
        }
    }
};

} // namespace inlet::host
