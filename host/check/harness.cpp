#include "check/harness.hpp"

#include "engine/crash_handler.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <utility>

namespace inlet::check {
namespace {

using Clock = std::chrono::steady_clock;

Collector &self(inlet_emitter *e) { return *reinterpret_cast<Collector *>(e); }

// A plugin's error buffer: the host owns it, the plugin writes into it.
struct ErrorBuffer {
    char text[1024] = {};
    inlet_error err{text, sizeof text};
};

Millis since(Clock::time_point t0) {
    return std::chrono::duration_cast<Millis>(Clock::now() - t0);
}

} // namespace

// ---- Collector ----------------------------------------------------------------------------

const host::EmitOps &Collector::ops() {
    static constexpr host::EmitOps table{&Collector::emit, &Collector::advance, &Collector::room};
    return table;
}

bool Collector::saw(const std::string &partition, const std::string &offset) const {
    auto it = seen_.find(partition);
    return it != seen_.end() && it->second.count(offset) > 0;
}

void Collector::fault(std::string why) {
    if (fault_count_++ == 0) first_fault_ = std::move(why);
}

void Collector::remember(std::string partition, std::string offset, bool record) {
    seen_[partition].insert(offset);
    latest_[partition] = offset;
    if (record) records_.push_back({std::move(partition), std::move(offset)});
    else ++heartbeats_;
}

int Collector::emit(inlet_emitter *e, const inlet_record *r) {
    Collector &c = self(e);
    host::RecordFault fault;
    host::RecordFacts facts;
    if (!host::check_record(r, host::RecordLimits{}, &fault, &facts)) {
        c.fault("record #" + std::to_string(c.records_.size() + c.fault_count_ + 1) + ": " + fault.text);
        return INLET_EMIT_REJECTED;
    }
    try {
        c.remember(host::canonical_json(r->source_partition), host::canonical_json(r->source_offset), true);
    } catch (const std::invalid_argument &e) {
        // check_record accepted it, so this is a disagreement between the two JSON readers.
        c.fault(std::string("record partition/offset: ") + e.what());
        return INLET_EMIT_REJECTED;
    }
    c.utf8_replacements_ += facts.utf8_replacements;
    if (c.watch_ != nullptr) c.watch_->emitted(*r, c.poll_, c.records_.size());
    ++c.this_poll_;
    return c.this_poll_ >= c.room_ ? INLET_EMIT_FULL : INLET_EMIT_OK;
}

int Collector::advance(inlet_emitter *e, const char *partition, const char *offset) {
    Collector &c = self(e);
    const char *why = nullptr;
    host::RecordLimits limits;
    if (!host::is_json_object(partition, limits.max_json_bytes, &why) ||
        !host::is_json_object(offset, limits.max_json_bytes, &why)) {
        c.fault(std::string("advance_offset: partition/offset is not a JSON object (") + why + ")");
        return INLET_EMIT_REJECTED;
    }
    c.remember(host::canonical_json(partition), host::canonical_json(offset), false);
    return INLET_EMIT_OK;
}

size_t Collector::room(const inlet_emitter *e) {
    const Collector &c = *reinterpret_cast<const Collector *>(e);
    return c.this_poll_ >= c.room_ ? 0 : c.room_ - c.this_poll_;
}

// ---- Results ------------------------------------------------------------------------------

std::string describe(const CallResult &r) {
    std::string out = status_name(r.status);
    if (!r.message.empty()) out += ": " + r.message;
    return out;
}

// ---- Session ------------------------------------------------------------------------------

Session::Session(const host::Plugin &plugin, std::shared_ptr<spdlog::logger> logger,
                 Watchdog &watchdog)
    : plugin_(plugin), watchdog_(watchdog) {
    context_.connector = std::string(plugin.name());
    context_.task = 0;
    context_.logger = std::move(logger);
}

void Session::note_poll(uint32_t timeout_ms, Millis elapsed) {
    ++polls_;
    Millis over = elapsed - Millis(timeout_ms) - slack(timeout_ms);
    if (over > worst_.over) worst_ = WorstPoll{timeout_ms, elapsed, over, polls_};
}

// ---- TaskRun ------------------------------------------------------------------------------

TaskRun::TaskRun(Session &session, const host::KeyValues &config, const host::OffsetMap &restored)
    : session_(session), ops_(Collector::ops()),
      table_(host::make_host_table(&session.context(), &ops_)) {
    table_.connector_data = session.descriptor().connector_data;
    host::ConfigView view(config);
    host::inlet_offsets_impl offsets{&restored};
    ErrorBuffer eb;
    auto t0 = Clock::now();
    {
        Watchdog::Guard g(session_.watchdog(), Millis(30000), "start()");
        start_.status = session_.descriptor().start(&table_, &view.config, host::as_handle(&offsets),
                                                    &task_, &eb.err);
    }
    start_.elapsed = since(t0);
    start_.message = eb.text;
    if (start_.status != INLET_OK) task_ = nullptr;
    else if (task_ == nullptr) {
        start_.status = INLET_FATAL;
        start_.message = "start() returned OK but no task handle (nothing to poll or stop)";
    }
}

TaskRun::~TaskRun() { stop(); }

void TaskRun::stop() {
    if (task_ == nullptr) return;
    watch_.stopping();
    Watchdog::Guard g(session_.watchdog(), Millis(30000), "stop()");
    session_.descriptor().stop(std::exchange(task_, nullptr));
}

CallResult TaskRun::poll(Collector &into, uint32_t timeout_ms) {
    ErrorBuffer eb;
    CallResult r;
    into.begin_poll(&watch_, ++polls_);
    auto t0 = Clock::now();
    {
        Watchdog::Guard g(session_.watchdog(), Millis(timeout_ms) + Session::slack(timeout_ms) + Millis(30000),
                          "poll(timeout " + std::to_string(timeout_ms) + " ms)");
        r.status = session_.descriptor().poll(task_, into.handle(), timeout_ms, &eb.err);
    }
    r.elapsed = since(t0);
    r.message = eb.text;
    watch_.poll_returned(polls_);
    session_.note_poll(timeout_ms, r.elapsed);
    return r;
}

CallResult TaskRun::commit(const Collector &emitted_by, const host::OffsetMap &offsets,
                           std::string *refused) {
    CallResult r;
    std::vector<inlet_offset_entry> entries;
    for (const auto &[partition, offset] : offsets) {
        if (!emitted_by.saw(partition, offset)) {
            // The contract promises commit() only offsets the task emitted; a checker that
            // broke the promise would blame the plugin for the host's mistake.
            r.status = INLET_FATAL;
            r.message = "refused to commit partition " + partition + " offset " + offset +
                        ": this task never emitted it";
            if (refused != nullptr) *refused = r.message;
            return r;
        }
        entries.push_back({partition.c_str(), offset.c_str()});
    }
    if (session_.descriptor().commit == nullptr) return r;
    ErrorBuffer eb;
    auto t0 = Clock::now();
    {
        Watchdog::Guard g(session_.watchdog(), Millis(30000), "commit()");
        r.status = session_.descriptor().commit(task_, entries.data(), entries.size(), &eb.err);
    }
    r.elapsed = since(t0);
    r.message = eb.text;
    return r;
}

void TaskRun::wake() {
    if (session_.descriptor().wake == nullptr) return;
    // Named for the crash handler: a wake() that crashes is reported as such.
    host::PluginCallScope scope(session_.context().connector.c_str(), 0, "wake");
    session_.descriptor().wake(task_);
}

// ---- Helpers ------------------------------------------------------------------------------

Drain drain(TaskRun &task, Collector &into, size_t enough, Millis budget, uint32_t timeout_ms) {
    Drain d;
    int retries = 0;
    auto t0 = Clock::now();
    while (into.records().size() < enough && since(t0) < budget) {
        d.last = task.poll(into, timeout_ms);
        ++d.polls;
        if (d.last.status == INLET_FINISHED) {
            d.finished = true;
            break;
        }
        if (d.last.status == INLET_RETRIABLE && ++retries <= 3) {
            std::this_thread::sleep_for(Millis(50 * retries));
            continue;
        }
        if (d.last.status != INLET_OK) break;
    }
    return d;
}

size_t open_fd_count() {
    size_t n = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
         it.increment(ec))
        ++n;
    return n;
}

long rss_kib() {
    std::ifstream status("/proc/self/status");
    std::string word;
    while (status >> word) {
        if (word == "VmRSS:") {
            long kib = -1;
            status >> kib;
            return kib;
        }
    }
    return -1;
}

} // namespace inlet::check
