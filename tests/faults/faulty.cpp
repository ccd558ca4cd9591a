// faulty: the fault-injection connector for tests/faults. Written against the raw C ABI, without
// the C++ helper, on purpose: the helper would catch the exceptions this plugin must throw
// through the ABI.
//
// Each task owns one partition {"faulty":T} and emits "f T N" for N = 0, 1, … (offset
// {"next":N+1}), `per.poll` records per poll, up to `count` (0: unbounded). It is replayable:
// restarted from an offset it re-emits exactly what follows it.
//
// `fault` picks what goes wrong when task `fault.task` (-1: every task) is about to emit record
// `fault.at`: retriable-then-ok (poll returns RETRIABLE), fatal (FATAL), throw (a C++ exception
// through the C ABI), hang-in-poll (blocks, ignoring its timeout; returns once woken when
// `fault.wake` is true, never otherwise), segv (a real invalid memory write), malformed-record
// (a STRING value under an INT32 schema), oversized-record (a value of `oversized.bytes`).
// retriable-start / retriable-commit / fatal-commit fail those calls instead. fail-while-woken
// blocks in poll() until a wake() begins, then fails (FATAL) while that wake() is still running
// (it takes 500 ms); stop() aborts the process if it begins before that wake() returned, which
// is what the contract promises never happens.
//
// `poll.sleep.ms` makes it a slow source (so commits arrive while it still runs).
// `fault.times` bounds how often the fault fires in this process (-1: always), counted across
// tasks and restarts — so "fails once, then works after the restart" is fault.times=1.
#include <inlet/connector.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

const char *const fault_names[] = {"none",          "retriable-then-ok", "fatal",
                                   "throw",         "hang-in-poll",      "segv",
                                   "malformed-record", "oversized-record", "retriable-start",
                                   "retriable-commit", "fatal-commit",      "fail-while-woken",
                                   nullptr};

const inlet_config_key keys[] = {
    {"fault", INLET_CFG_STRING, "none", 0, "Which fault to inject (see the source's header).",
     fault_names, 0, 0, 0},
    {"fault.at", INLET_CFG_LONG, "100", 0, "Record number at which the poll fault fires.",
     nullptr, 1, 0, 9e18},
    {"fault.task", INLET_CFG_INT, "0", 0, "Task index that faults; -1: every task.", nullptr, 1,
     -1, 1e6},
    {"fault.times", INLET_CFG_INT, "1", 0, "How often the fault fires in this process; -1: always.",
     nullptr, 1, -1, 1e9},
    {"fault.wake", INLET_CFG_BOOLEAN, "true", 0, "hang-in-poll: return once woken.", nullptr, 0,
     0, 0},
    {"count", INLET_CFG_LONG, "1000", 0, "Records per task; 0: unbounded.", nullptr, 1, 0, 9e18},
    {"per.poll", INLET_CFG_INT, "100", 0, "Records per poll.", nullptr, 1, 1, 1e6},
    {"poll.sleep.ms", INLET_CFG_INT, "0", 0, "Sleep this long in each poll (a slow source).",
     nullptr, 1, 0, 60000},
    {"oversized.bytes", INLET_CFG_LONG, "4194304", 0, "Size of the oversized record's value.",
     nullptr, 1, 1, 1e9},
};

enum class Fault {
    none, retriable, fatal, thrower, hang, segv, malformed, oversized, retriable_start,
    retriable_commit, fatal_commit, fail_while_woken
};

// Process-wide by design: "fire N times in this process" must span restarts of a task.
std::atomic<int64_t> fired{0};

const inlet_schema string_schema = {INLET_TYPE_STRING, 0, nullptr, 0, nullptr, nullptr,
                                    nullptr,           nullptr, nullptr, 0};
const inlet_schema int32_schema = {INLET_TYPE_INT32, 0, nullptr, 0, nullptr, nullptr,
                                   nullptr,          nullptr, nullptr, 0};

// An unmapped address, read at run time so the compiler cannot fold the crash. Not null: a
// null store is undefined behaviour that UBSan would report before the signal could happen.
int *volatile nowhere = reinterpret_cast<int *>(uintptr_t(64));

struct Task {
    const inlet_host *host = nullptr;
    Fault fault = Fault::none;
    int64_t id = 0, at = 100, times = 1, count = 1000, per_poll = 100, oversized = 4 << 20,
            sleep_ms = 0;
    bool faulting = false, honour_wake = true;
    int64_t next = 0;
    std::string partition, offset, value;
    std::mutex mu;
    std::condition_variable cv;
    bool woken = false;
    std::atomic<bool> in_wake{false};
};

int64_t config_i64(const inlet_host *host, const inlet_config *cfg, const char *key, int64_t dflt) {
    const char *v = host->config_get(cfg, key);
    return v != nullptr && *v != '\0' ? std::strtoll(v, nullptr, 10) : dflt;
}

bool take_fault(const Task &t) {
    if (t.times < 0) return true;
    return fired.fetch_add(1) < t.times;
}

bool is_poll_fault(Fault f) {
    return f != Fault::none && f != Fault::retriable_start && f != Fault::retriable_commit &&
           f != Fault::fatal_commit;
}

Fault parse_fault(const char *name) {
    if (name == nullptr) return Fault::none;
    for (int i = 0; fault_names[i] != nullptr; ++i)
        if (std::strcmp(name, fault_names[i]) == 0) return static_cast<Fault>(i);
    return Fault::none;
}

inlet_status task_configs(const inlet_host *host, const inlet_config *cfg, uint32_t max,
                          inlet_task_list *out, inlet_error *err) {
    for (uint32_t t = 0; t < max; ++t) {
        inlet_kv items[64];
        size_t n = 0;
        for (size_t i = 0; i < cfg->count && n < 63; ++i) items[n++] = cfg->items[i];
        std::string id = std::to_string(t);
        items[n++] = {"task.id", id.c_str()};
        if (host->task_list_add(out, items, n) != INLET_OK) {
            inlet_error_set(err, "task_list_add failed");
            return INLET_FATAL;
        }
    }
    return INLET_OK;
}

inlet_status start(const inlet_host *host, const inlet_config *cfg, const inlet_offsets *restored,
                   void **out, inlet_error *err) {
    auto *t = new Task;
    t->host = host;
    t->fault = parse_fault(host->config_get(cfg, "fault"));
    t->id = config_i64(host, cfg, "task.id", 0);
    t->at = config_i64(host, cfg, "fault.at", 100);
    t->times = config_i64(host, cfg, "fault.times", 1);
    t->count = config_i64(host, cfg, "count", 1000);
    t->per_poll = config_i64(host, cfg, "per.poll", 100);
    t->oversized = config_i64(host, cfg, "oversized.bytes", 4 << 20);
    t->sleep_ms = config_i64(host, cfg, "poll.sleep.ms", 0);
    const char *w = host->config_get(cfg, "fault.wake");
    t->honour_wake = w == nullptr || std::strcmp(w, "false") != 0;
    int64_t which = config_i64(host, cfg, "fault.task", 0);
    t->faulting = which < 0 || which == t->id;
    t->partition = "{\"faulty\":" + std::to_string(t->id) + "}";
    const char *off = host->offsets_get(restored, t->partition.c_str());
    if (off != nullptr && !host->json_i64_field(off, "next", &t->next)) {
        inlet_error_set(err, "restored offset %s has no integer 'next'", off);
        delete t;
        return INLET_FATAL;
    }
    if (t->faulting && t->fault == Fault::retriable_start && take_fault(*t)) {
        inlet_error_set(err, "faulty: start() is failing for now (retriable)");
        delete t;
        return INLET_RETRIABLE;
    }
    *out = t;
    return INLET_OK;
}

void hang(Task &t) {
    std::unique_lock lock(t.mu);
    t.woken = false;
    for (;;) {
        t.cv.wait_for(lock, std::chrono::milliseconds(200));
        if (t.honour_wake && t.woken) return;
    }
}

inlet_status poll(void *task, inlet_emitter *emitter, uint32_t, inlet_error *err) {
    Task &t = *static_cast<Task *>(task);
    if (t.sleep_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(t.sleep_ms));
    for (int64_t i = 0; i < t.per_poll; ++i) {
        if (t.count > 0 && t.next >= t.count) return INLET_FINISHED;
        inlet_value v{};
        v.type = INLET_TYPE_STRING;
        const inlet_schema *schema = &string_schema;
        bool oversized = false;
        if (t.faulting && is_poll_fault(t.fault) && t.next == t.at && take_fault(t)) {
            switch (t.fault) {
            case Fault::retriable:
                inlet_error_set(err, "faulty: upstream busy at record %lld (retriable)",
                                static_cast<long long>(t.next));
                return INLET_RETRIABLE;
            case Fault::fatal:
                inlet_error_set(err, "faulty: fatal failure at record %lld",
                                static_cast<long long>(t.next));
                return INLET_FATAL;
            case Fault::thrower:
                throw std::runtime_error("faulty: thrown at record " + std::to_string(t.next));
            case Fault::hang: hang(t); return INLET_OK;
            case Fault::fail_while_woken: {
                std::unique_lock lock(t.mu);
                t.cv.wait(lock, [&] { return t.in_wake.load(); });
                inlet_error_set(err, "faulty: failing while wake() runs");
                return INLET_FATAL;
            }
            case Fault::segv: *nowhere = 42; return INLET_FATAL;
            case Fault::malformed: schema = &int32_schema; break;
            case Fault::oversized: oversized = true; break;
            default: break;
            }
        }
        if (oversized) t.value.assign(size_t(t.oversized), 'x');
        else t.value = "f " + std::to_string(t.id) + " " + std::to_string(t.next);
        v.u.s.ptr = t.value.data();
        v.u.s.len = t.value.size();
        t.offset = "{\"next\":" + std::to_string(t.next + 1) + "}";
        inlet_record rec{};
        rec.struct_size = sizeof rec;
        rec.source_partition = t.partition.c_str();
        rec.source_offset = t.offset.c_str();
        rec.value_schema = schema;
        rec.value = &v;
        rec.timestamp_ms = INLET_NO_TIMESTAMP;
        int rc = t.host->emit(emitter, &rec);
        if (rc == INLET_EMIT_REJECTED) {
            inlet_error_set(err, "faulty: the host rejected record %lld", static_cast<long long>(t.next));
            return INLET_FATAL;
        }
        ++t.next;
        if (rc == INLET_EMIT_FULL) return INLET_OK;
    }
    return INLET_OK;
}

inlet_status commit(void *task, const inlet_offset_entry *, size_t, inlet_error *err) {
    Task &t = *static_cast<Task *>(task);
    if (!t.faulting) return INLET_OK;
    if (t.fault == Fault::retriable_commit && take_fault(t)) {
        inlet_error_set(err, "faulty: commit is failing for now (retriable)");
        return INLET_RETRIABLE;
    }
    if (t.fault == Fault::fatal_commit && take_fault(t)) {
        inlet_error_set(err, "faulty: commit failed for good");
        return INLET_FATAL;
    }
    return INLET_OK;
}

void wake(void *task) {
    Task &t = *static_cast<Task *>(task);
    {
        std::lock_guard lock(t.mu);
        t.woken = true;
        if (t.fault == Fault::fail_while_woken) t.in_wake = true;
    }
    t.cv.notify_all();
    if (t.fault != Fault::fail_while_woken) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // stop() must wait for this
    t.in_wake = false;
}

void stop(void *task) {
    auto *t = static_cast<Task *>(task);
    if (t->in_wake) {
        std::fprintf(stderr, "faulty: stop() began while wake() was still running\n");
        std::abort();
    }
    delete t;
}

const inlet_plugin descriptor = {
    sizeof(inlet_plugin),
    INLET_ABI_MAJOR,
    INLET_ABI_MINOR,
    INLET_PLUGIN_REPLAYABLE | INLET_PLUGIN_BOUNDED,
    "faulty",
    "1.0.0",
    "Fault injection for the host's tests (retries, failures, exceptions, hangs, crashes)",
    nullptr,
    keys,
    sizeof keys / sizeof keys[0],
    sizeof(inlet_config_key),
    nullptr,
    &task_configs,
    &start,
    &poll,
    &commit,
    &wake,
    &stop,
};

} // namespace

INLET_PLUGIN_MAGIC;

extern "C" INLET_EXPORT const inlet_plugin *inlet_plugin_entry_v1(void) { return &descriptor; }
