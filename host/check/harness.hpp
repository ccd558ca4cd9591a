// The host side of `inlet check`: drives one plugin directly through the contract, the way the
// engine would, while recording everything a check needs to judge it (records and their
// offsets per source partition, how long each call took).
#pragma once

#include "check/borrow_watch.hpp"
#include "check/watchdog.hpp"
#include "loader/plugin.hpp"
#include "runtime/host_api.hpp"
#include "runtime/record_check.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace inlet::check {

using host::status_name;

using Millis = std::chrono::milliseconds;

// What the emit slots of the host table write into during one or more poll() calls.
class Collector {
public:
    struct Emitted {
        std::string partition; // canonical JSON
        std::string offset;    // canonical JSON
    };

    explicit Collector(size_t room_per_poll = 100) : room_(room_per_poll) {}
    Collector(const Collector &) = delete;
    Collector &operator=(const Collector &) = delete;

    static const host::EmitOps &ops();
    inlet_emitter *handle() { return reinterpret_cast<inlet_emitter *>(this); }

    // A poll begins: its records go to `watch` (the task's), numbered as poll `poll`.
    void begin_poll(BorrowWatch *watch = nullptr, size_t poll = 0) {
        this_poll_ = 0;
        watch_ = watch;
        poll_ = poll;
    }
    size_t emitted_this_poll() const { return this_poll_; }

    const std::vector<Emitted> &records() const { return records_; }
    // The latest offset per partition, heartbeats (advance_offset) included.
    const host::OffsetMap &latest() const { return latest_; }
    // Every offset this collector saw for a partition, in any order.
    bool saw(const std::string &partition, const std::string &offset) const;
    size_t heartbeats() const { return heartbeats_; }

    size_t fault_count() const { return fault_count_; }
    // U+FFFD `inlet run` would put in place of ill-formed UTF-8 in what was emitted.
    size_t utf8_replacements() const { return utf8_replacements_; }
    const std::string &first_fault() const { return first_fault_; }

private:
    static int emit(inlet_emitter *e, const inlet_record *r);
    static int advance(inlet_emitter *e, const char *partition, const char *offset);
    static size_t room(const inlet_emitter *e);
    void fault(std::string why);
    void remember(std::string partition, std::string offset, bool record);

    size_t room_;
    size_t this_poll_ = 0;
    BorrowWatch *watch_ = nullptr;
    size_t poll_ = 0;
    std::vector<Emitted> records_;
    host::OffsetMap latest_;
    std::map<std::string, std::set<std::string>> seen_;
    size_t heartbeats_ = 0;
    size_t fault_count_ = 0;
    size_t utf8_replacements_ = 0;
    std::string first_fault_;
};

struct CallResult {
    inlet_status status = INLET_OK;
    std::string message;
    Millis elapsed{0};
    bool ok() const { return status == INLET_OK || status == INLET_FINISHED; }
};

// "FATAL: the message" for a failed call.
std::string describe(const CallResult &r);

// Shared by every task a check starts: the plugin, its logger, the watchdog, timing records.
class Session {
public:
    Session(const host::Plugin &plugin, std::shared_ptr<spdlog::logger> logger, Watchdog &watchdog);

    const host::Plugin &plugin() const { return plugin_; }
    const inlet_plugin &descriptor() const { return plugin_.descriptor(); }
    host::HostContext &context() { return context_; }
    Watchdog &watchdog() { return watchdog_; }

    // How far past its timeout a poll may return before it counts as ignoring it.
    static Millis slack(uint32_t timeout_ms) { return Millis(std::max<uint32_t>(1000, timeout_ms / 2)); }
    // Every poll() reports here; the poll-timeout check reads the worst one.
    void note_poll(uint32_t timeout_ms, Millis elapsed);
    struct WorstPoll {
        uint32_t timeout_ms = 0;
        Millis elapsed{0};
        Millis over = Millis::min(); // elapsed - timeout - slack; > 0 means too slow
        size_t index = 0;             // which poll of the run (1-based)
    };
    const WorstPoll &worst_poll() const { return worst_; }
    size_t polls() const { return polls_; }

private:
    const host::Plugin &plugin_;
    host::HostContext context_;
    Watchdog &watchdog_;
    WorstPoll worst_;
    size_t polls_ = 0;
};

// One started task; stop() runs in the destructor unless called before. Calls are serialized by the caller, except
// wake(), as the contract allows.
class TaskRun {
public:
    TaskRun(Session &session, const host::KeyValues &config, const host::OffsetMap &restored);
    ~TaskRun();
    TaskRun(const TaskRun &) = delete;
    TaskRun &operator=(const TaskRun &) = delete;

    bool started() const { return task_ != nullptr; }
    const CallResult &start_result() const { return start_; }

    CallResult poll(Collector &into, uint32_t timeout_ms);
    // Commits `offsets`, which must all have been seen by `emitted_by` (the host only ever
    // commits what the task emitted): anything else is refused without calling the plugin,
    // and `refused` names it.
    CallResult commit(const Collector &emitted_by, const host::OffsetMap &offsets,
                      std::string *refused = nullptr);
    void wake();
    // Ends every borrowed record's promise (BorrowWatch), then calls the plugin's stop().
    void stop();
    const BorrowWatch &borrow_watch() const { return watch_; }

private:
    Session &session_;
    host::EmitOps ops_;
    inlet_host table_;
    CallResult start_;
    void *task_ = nullptr;
    BorrowWatch watch_;
    size_t polls_ = 0;
};

// Polls until `enough` records, FINISHED, a failed call, or `budget` elapsed. Retriable
// failures are retried (at most a few times).
struct Drain {
    CallResult last;       // the last poll's result
    bool finished = false; // the plugin returned INLET_FINISHED
    size_t polls = 0;
};
Drain drain(TaskRun &task, Collector &into, size_t enough, Millis budget, uint32_t timeout_ms = 200);

// Process-wide resource counters for the leak checks.
size_t open_fd_count();
long rss_kib(); // VmRSS, or -1 when unknown

} // namespace inlet::check
