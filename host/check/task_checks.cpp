#include "check/task_checks.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace inlet::check {
namespace {

using Clock = std::chrono::steady_clock;

std::string ms(Millis m) { return std::to_string(m.count()) + " ms"; }

std::string first_entry(const host::OffsetMap &m) {
    if (m.empty()) return "{}";
    return m.begin()->first + " -> " + m.begin()->second;
}

// Runs `cycles` start/poll/stop cycles; the reason it could not, or empty.
std::string cycle(Session &session, const host::KeyValues &config, size_t cycles, size_t polls,
                  uint32_t timeout_ms) {
    for (size_t i = 0; i < cycles; ++i) {
        TaskRun task(session, config, {});
        if (!task.started())
            return "cycle " + std::to_string(i + 1) + ": start() returned " + describe(task.start_result());
        Collector sink;
        for (size_t p = 0; p < polls; ++p) {
            CallResult r = task.poll(sink, timeout_ms);
            if (r.status == INLET_FINISHED) break;
            if (r.status != INLET_OK && r.status != INLET_RETRIABLE)
                return "cycle " + std::to_string(i + 1) + ": poll() returned " + describe(r);
        }
    }
    return {};
}

void check_lifecycle(Session &session, const host::KeyValues &config, Report &report, bool &usable) {
    std::string why = cycle(session, config, 3, 3, 100);
    usable = why.empty() || why.find("start()") == std::string::npos;
    if (!why.empty()) report.fail("lifecycle", why);
    else report.pass("lifecycle", "3 cycles of start, 3 polls, stop");
}

// records, commit and offsets-roundtrip share one run: what task A emitted is what the commit
// and the restart are judged against.
// Ill-formed UTF-8 is not a fault (inlet repairs it as Java decodes it), but an author should
// know their STRINGs are not what they meant.
std::string utf8_note(size_t replacements) {
    if (replacements == 0) return "";
    return "; note: " + std::to_string(replacements) +
           " ill-formed UTF-8 sequence(s) in STRINGs, which inlet replaces by U+FFFD";
}

// Whether a restart must continue after the offsets: the REPLAYABLE flag, or, for a plugin that
// answers per config (exactly_once, ABI 1.2: a Java connector's exactlyOnceSupport), its answer.
bool replayable(Session &session, const host::KeyValues &config) {
    const inlet_plugin &d = session.descriptor();
    if (d.exactly_once == nullptr) return (d.flags & INLET_PLUGIN_REPLAYABLE) != 0;
    inlet_host table = host::make_host_table(&session.context());
    table.connector_data = d.connector_data;
    host::ConfigView view(config);
    char text[1024] = {};
    inlet_error err{text, sizeof text};
    return d.exactly_once(&table, &view.config, &err) == INLET_OK;
}

void check_records_commit_offsets(Session &session, const host::KeyValues &config, Report &report) {
    const auto budget = Millis(3000);
    Collector emitted_a;
    Drain da;
    {
        TaskRun a(session, config, {});
        if (!a.started()) {
            report.fail("records", "start() returned " + describe(a.start_result()));
            return;
        }
        da = drain(a, emitted_a, 500, budget);
        const size_t n = emitted_a.records().size();
        if (emitted_a.fault_count() > 0)
            report.fail("records", std::to_string(emitted_a.fault_count()) + " malformed record(s); first: " +
                                       emitted_a.first_fault());
        else if (!da.last.ok() && da.last.status != INLET_RETRIABLE)
            report.fail("records", "poll() returned " + describe(da.last));
        else if (n == 0 && emitted_a.heartbeats() == 0)
            report.pass("records", "no records within " + ms(budget) + " (nothing to judge)");
        else
            report.pass("records", std::to_string(n) + " records over " + std::to_string(emitted_a.latest().size()) +
                                       " partition(s), " + std::to_string(emitted_a.heartbeats()) +
                                       " heartbeat offset(s), all well formed" + (da.finished ? "; FINISHED" : "") +
                                       utf8_note(emitted_a.utf8_replacements()));

        if (emitted_a.latest().empty()) {
            report.skip("commit", "the task emitted no offsets, so there is nothing to commit");
        } else {
            // The checker's own guard: an offset the task never emitted must never reach commit().
            std::string refused;
            host::OffsetMap foreign{{R"({"inlet.check":"foreign"})", R"({"never":"emitted"})"}};
            a.commit(emitted_a, foreign, &refused);
            CallResult c1 = a.commit(emitted_a, emitted_a.latest());
            CallResult c2 = a.commit(emitted_a, emitted_a.latest());
            if (refused.empty())
                report.fail("commit", "the checker let an offset the task never emitted reach commit()");
            else if (!c1.ok())
                report.fail("commit", "commit() of the offsets the task emitted returned " + describe(c1));
            else if (!c2.ok())
                report.fail("commit", "commit() of the same offsets again (a re-delivery) returned " + describe(c2));
            else
                report.pass("commit", session.descriptor().commit == nullptr
                                          ? "no commit(): nothing to acknowledge (only emitted offsets are offered)"
                                          : "commit() accepts exactly the emitted offsets, twice (" +
                                                std::to_string(emitted_a.latest().size()) + " partition(s))");
        }
    } // task A stops here

    if (!replayable(session, config)) {
        report.skip("offsets-roundtrip", "not REPLAYABLE: a restart is not required to continue after its offsets");
        return;
    }
    if (emitted_a.latest().empty()) {
        report.skip("offsets-roundtrip", "the task emitted no offsets to restart from");
        return;
    }
    const host::OffsetMap &restored = emitted_a.latest();
    TaskRun b(session, config, restored);
    if (!b.started()) {
        report.fail("offsets-roundtrip", "start() with restored offsets " + first_entry(restored) +
                                             " returned " + describe(b.start_result()));
        return;
    }
    // After a restart the host re-delivers the snapshot's offsets to commit() (idempotent).
    CallResult redelivered = b.commit(emitted_a, restored);
    if (!redelivered.ok()) {
        report.fail("offsets-roundtrip", "commit() of the restored offsets after restart returned " + describe(redelivered));
        return;
    }
    Collector emitted_b;
    Drain db = drain(b, emitted_b, 200, budget);
    for (const auto &rec : emitted_b.records()) {
        if (emitted_a.saw(rec.partition, rec.offset)) {
            auto it = restored.find(rec.partition);
            report.fail("offsets-roundtrip",
                        "after a restart from offset " + it->second + " of partition " + rec.partition +
                            ", the task emitted offset " + rec.offset +
                            " again (it was emitted before the restart)");
            return;
        }
    }
    if (emitted_b.fault_count() > 0) {
        report.fail("offsets-roundtrip", "after restart: malformed record: " + emitted_b.first_fault());
        return;
    }
    if (!db.last.ok() && db.last.status != INLET_RETRIABLE) {
        report.fail("offsets-roundtrip", "after restart, poll() returned " + describe(db.last));
        return;
    }
    std::string detail = "restarted from " + std::to_string(restored.size()) + " partition offset(s) (" +
                         first_entry(restored) + "); ";
    if (emitted_b.records().empty())
        detail += da.finished || db.finished ? "nothing re-emitted (the source had finished)"
                                             : "no records within " + ms(budget) + " after restart";
    else
        detail += std::to_string(emitted_b.records().size()) + " records after restart, none emitted before (first: " +
                  emitted_b.records().front().offset + ")";
    report.pass("offsets-roundtrip", detail);
}

// Calls wake() at each moment `inlet run` may: right after start() (a shutdown or the watchdog
// can come before the first poll), during a poll, between polls, and just before stop() (the
// shutdown wakes every task, then stops it). A wake() that crashes ends the process here, named
// by the crash handler, instead of later under `inlet run` on SIGINT. Empty, or why it failed.
std::string wake_at_run_moments(Session &session, const host::KeyValues &config) {
    TaskRun task(session, config, {});
    if (!task.started()) return "start() returned " + describe(task.start_result());
    task.wake(); // before the first poll
    Collector sink(1000);
    for (int i = 0; i < 3; ++i) {
        CallResult r;
        std::thread poller([&] { r = task.poll(sink, 200); });
        std::this_thread::sleep_for(Millis(20));
        task.wake(); // during the poll (or just after it, if it was quicker)
        poller.join();
        if (r.status == INLET_FINISHED) break;
        if (!r.ok() && r.status != INLET_RETRIABLE) return "poll() returned " + describe(r) + " around a wake()";
        task.wake(); // between polls
    }
    task.wake(); // as at shutdown: every task is woken, then stopped
    return {};
}

host::KeyValues overlay(host::KeyValues config, const host::KeyValues &over) {
    for (const auto &kv_over : over) {
        // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
        const auto &key = kv_over.first;
        auto it = std::find_if(config.begin(), config.end(), [&](const auto &kv) { return kv.first == key; });
        if (it != config.end()) it->second = kv_over.second;
        else config.emplace_back(key, kv_over.second);
    }
    return config;
}

void check_wake(Session &session, const host::KeyValues &config, const host::KeyValues &idle,
                Report &report) {
    if (session.descriptor().wake == nullptr) {
        report.skip("wake", "no wake(): every poll() must return within its timeout instead");
        return;
    }
    if (auto why = wake_at_run_moments(session, config); !why.empty()) {
        report.fail("wake", why);
        return;
    }
    const std::string moments = "wake() was called before, during and between polls and before stop()";
    const std::string hint = idle.empty() ? "; give a config that makes the source idle with --idle-config KEY=VALUE"
                                          : " even with --idle-config";
    constexpr uint32_t long_timeout = 5000;
    const Millis limit(2000);
    TaskRun task(session, overlay(config, idle), {});
    if (!task.started()) {
        report.fail("wake", "start() returned " + describe(task.start_result()) +
                                (idle.empty() ? "" : " (with --idle-config)"));
        return;
    }
    Collector sink(1000); // a batch size like the engine's: a full batch ends a busy poll anyway
    for (int attempt = 0; attempt < 3; ++attempt) {
        std::atomic<bool> done{false};
        CallResult r;
        std::thread poller([&] {
            r = task.poll(sink, long_timeout);
            done = true;
        });
        std::this_thread::sleep_for(Millis(300));
        if (done) {
            poller.join();
            if (r.status == INLET_FINISHED) {
                report.skip("wake", moments + "; but the source finished before a poll() blocked, so "
                                    "nothing shows that wake() ends a blocked poll" + hint);
                return;
            }
            if (!r.ok() && r.status != INLET_RETRIABLE) {
                report.fail("wake", "poll() returned " + describe(r));
                return;
            }
            continue; // it had data; try again once it may have run dry
        }
        auto woken = Clock::now();
        task.wake();
        poller.join();
        auto after = std::chrono::duration_cast<Millis>(Clock::now() - woken);
        if (after > limit)
            report.fail("wake", "poll(timeout " + std::to_string(long_timeout) + " ms) returned " + ms(after) +
                                    " after wake() (limit " + ms(limit) + ")");
        else
            report.pass("wake", "a blocked poll(timeout " + std::to_string(long_timeout) + " ms) returned " +
                                    ms(after) + " after wake(); " + moments);
        return;
    }
    report.skip("wake", moments + "; but poll() always had data within 300 ms, so it never blocked "
                                  "and nothing shows that wake() ends a blocked poll" + hint);
}

void check_poll_timeout(Session &session, const host::KeyValues &config, Report &report) {
    {
        TaskRun task(session, config, {});
        if (task.started()) {
            Collector sink;
            for (int i = 0; i < 5; ++i)
                if (task.poll(sink, 200).status == INLET_FINISHED) break;
        }
    }
    const auto &w = session.worst_poll();
    std::string worst = "poll(timeout " + std::to_string(w.timeout_ms) + " ms) took " + ms(w.elapsed);
    if (w.over > Millis(0))
        report.fail("poll-timeout", worst + ", more than " + ms(Session::slack(w.timeout_ms)) +
                                        " past its timeout (poll #" + std::to_string(w.index) + " of the run)");
    else
        report.pass("poll-timeout", std::to_string(session.polls()) + " polls so far, each within its timeout; slowest: " + worst);
}

// INLET_RECORD_BORROWED kept: every borrowed key and value is unchanged when its promise ends
// (the next poll returns, or stop begins), compared with a copy taken at emit; likewise the
// topic and partition text of INLET_RECORD_STABLE_NAMES (until its own poll returns).
void check_borrowed(Session &session, const host::KeyValues &config, Report &report) {
    TaskRun task(session, config, {});
    if (!task.started()) {
        report.fail("borrowed", "start() returned " + describe(task.start_result()));
        return;
    }
    Collector sink;
    Drain d = drain(task, sink, 1000, Millis(3000));
    task.stop();
    const BorrowWatch &w = task.borrow_watch();
    if (w.broken() > 0)
        report.fail("borrowed", std::to_string(w.broken()) + " broken promise(s); first: " +
                                    w.first_broken());
    else if (w.borrowed() == 0)
        report.skip("borrowed", "no record flagged INLET_RECORD_BORROWED or "
                                "INLET_RECORD_STABLE_NAMES (the host copies and compares every record)");
    else
        report.pass("borrowed", std::to_string(w.borrowed()) + " borrowed key/value(s) and names over " +
                                    std::to_string(d.polls) + " poll(s), each unchanged until its "
                                    "promise ended");
}

void check_leaks(Session &session, const host::KeyValues &config, const TaskCheckOptions &options,
                 Report &report) {
    // Warm up first: the first cycles may legitimately allocate once (caches, the loader).
    std::string why = cycle(session, config, 3, 1, 50);
    size_t fd0 = open_fd_count();
    long rss0 = rss_kib();
    if (why.empty()) why = cycle(session, config, options.leak_cycles, 1, 50);
    size_t fd1 = open_fd_count();
    long rss1 = rss_kib();
    std::string cycles = std::to_string(options.leak_cycles) + " start/poll/stop cycles";
    if (!why.empty()) {
        report.fail("leaks-fd", why);
        report.fail("leaks-memory", why);
        return;
    }
    if (fd1 > fd0)
        report.fail("leaks-fd", "+" + std::to_string(fd1 - fd0) + " open file descriptors after " + cycles +
                                    " (" + std::to_string(fd0) + " -> " + std::to_string(fd1) + ")");
    else
        report.pass("leaks-fd", "no new file descriptors after " + cycles + " (" + std::to_string(fd1) + " open)");
    if (rss0 < 0 || rss1 < 0) {
        report.skip("leaks-memory", "VmRSS is not readable from /proc/self/status");
    } else if (rss1 - rss0 > options.rss_growth_limit_kib) {
        report.fail("leaks-memory", "VmRSS grew by " + std::to_string(rss1 - rss0) + " KiB over " + cycles +
                                        " (limit " + std::to_string(options.rss_growth_limit_kib) + " KiB)");
    } else {
        report.pass("leaks-memory", "VmRSS changed by " + std::to_string(rss1 - rss0) + " KiB over " + cycles +
                                        " (limit " + std::to_string(options.rss_growth_limit_kib) + " KiB)");
    }
}

} // namespace

void run_task_checks(Session &session, const host::KeyValues &task_config,
                     const TaskCheckOptions &options, Report &report) {
    bool usable = true;
    check_lifecycle(session, task_config, report, usable);
    if (!usable) {
        for (const char *name : {"records", "commit", "offsets-roundtrip", "borrowed", "wake",
                                 "poll-timeout", "leaks-fd", "leaks-memory"})
            report.skip(name, "not run: the task does not start");
        return;
    }
    check_records_commit_offsets(session, task_config, report);
    check_borrowed(session, task_config, report);
    check_wake(session, task_config, options.idle_overrides, report);
    check_poll_timeout(session, task_config, report);
    check_leaks(session, task_config, options, report);
}

} // namespace inlet::check
