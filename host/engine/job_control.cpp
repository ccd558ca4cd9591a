// Operators' side of a running job (engine/job_view.hpp): the view the REST API reads, and
// pause / resume / stop / restart, applied by the sink stage between batches so that each one
// keeps the snapshot guarantees (engine/README.md, "Control", says why).
#include "engine/job.hpp"

#include "engine/connector_states.hpp"
#include "engine/job_task_state.hpp"
#include "engine/progress.hpp"
#include "engine/steady_ns.hpp"

#include <set>

#include <spdlog/spdlog.h>

namespace inlet::host {

const char *state_name(RunState s) {
    switch (s) {
    case RunState::running: return "RUNNING";
    case RunState::paused: return "PAUSED";
    case RunState::stopped: return "STOPPED";
    case RunState::failed: return "FAILED";
    case RunState::unassigned: return "UNASSIGNED";
    case RunState::restarting: return "RESTARTING";
    }
    return "UNASSIGNED";
}

JobView Job::view() const {
    JobView v;
    v.name = options_.name;
    v.snapshots = snapshots_.load();
    v.snapshot_failures = snapshot_failures_.load();
    v.bytes_written = sink_->bytes_written();
    v.last_snapshot_seconds = double(snapshot_duration_ns_.load()) / 1e9;
    if (int64_t last = last_snapshot_ns_.load(); last != 0)
        v.snapshot_age_seconds = double(steady_ns() - last) / 1e9;
    std::lock_guard view_lock(view_mu_);
    v.started = started_view_;
    if (v.started) {
        v.uptime_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        v.memory = exchange_->usage();
    }
    std::lock_guard tasks_lock(tasks_mu_);
    for (size_t c = 0; c < sources_.size(); ++c) {
        const BoundSource &src = sources_[c];
        ConnectorView cv;
        cv.name = src.spec.name;
        cv.connector_class = src.spec.connector_class;
        cv.plugin = src.plugin->name ? src.plugin->name : "";
        cv.plugin_version = src.plugin->version ? src.plugin->version : "";
        cv.config = src.spec.properties;
        cv.hidden_keys = src.spec.hidden_keys;
        if (!v.started) {
            cv.state = RunState::unassigned;
            v.connectors.push_back(std::move(cv));
            continue;
        }
        cv.state = connector_state_[c];
        std::set<std::string> topics;
        for (size_t slot : slots_[c])
            for (auto &topic : metrics_[slot]->topics.list()) topics.insert(std::move(topic));
        cv.topics.assign(topics.begin(), topics.end());
        if (cv.state != RunState::stopped) {
            for (size_t slot : slots_[c]) {
                const Published &p = published_[slot];
                TaskView tv;
                tv.id = tasks_[slot]->index();
                tv.state = p.state;
                if (p.state == RunState::running && cv.state == RunState::paused)
                    tv.state = RunState::paused;
                tv.trace = p.trace;
                tv.finished = p.finished;
                tv.config = tasks_[slot]->setup().config;
                tv.counters = metrics_[slot]->read();
                cv.tasks.push_back(std::move(tv));
            }
        }
        v.connectors.push_back(std::move(cv));
    }
    return v;
}

ControlReply Job::control(const ControlRequest &request) {
    using Op = ControlRequest::Op;
    std::lock_guard lock(view_mu_);
    size_t c = 0;
    while (c < sources_.size() && sources_[c].spec.name != request.connector) ++c;
    if (c == sources_.size())
        return {ControlReply::Outcome::not_found, "Connector " + request.connector + " not found"};
    if (!started_view_ || stopping_view_)
        return {ControlReply::Outcome::conflict,
                stopping_view_ ? "the worker is shutting down" : "the job is still starting"};
    std::vector<size_t> slots;
    if (request.task) {
        for (size_t slot : slots_[c])
            if (slot - slots_[c].front() == *request.task) slots.push_back(slot);
        if (slots.empty())
            return {ControlReply::Outcome::not_found,
                    "Task " + request.connector + "-" + std::to_string(*request.task) + " not found"};
    } else {
        slots = slots_[c];
    }
    RunState &cs = connector_state_[c];
    switch (request.op) {
    case Op::pause:
        if (cs == RunState::stopped) return {}; // as Kafka: pausing a stopped connector is a no-op
        cs = RunState::paused;
        break;
    case Op::resume: cs = RunState::running; break;
    case Op::stop: cs = RunState::stopped; break;
    case Op::restart:
        if (cs == RunState::stopped)
            return {ControlReply::Outcome::conflict,
                    "Connector " + request.connector + " is STOPPED; resume it to start its tasks"};
        if (!request.task && !request.include_tasks) return {}; // no connector instance to restart
        break;
    }
    if (request.op != Op::restart && options_.state_dir) save_connector_states_locked();
    for (size_t slot : slots) {
        if (request.op == Op::restart && request.only_failed &&
            published_[slot].state != RunState::failed)
            continue;
        requests_.emplace_back(slot, request);
        if (request.op == Op::restart) published_[slot].state = RunState::restarting;
    }
    exchange_->poke();
    return {};
}

void Job::restore_connector_states() {
    SavedConnectors all = load_saved_connectors(*options_.state_dir);
    for (size_t c = 0; c < sources_.size(); ++c) {
        auto topics = all.topics.find(sources_[c].spec.name);
        if (topics == all.topics.end() || slots_[c].empty()) continue;
        TopicSet &set = metrics_[slots_[c].front()]->topics;
        for (const auto &topic : topics->second) set.note(topic);
        set.take_added(); // they are in the file already
    }
    const ConnectorStates &saved = all.states;
    for (size_t c = 0; c < sources_.size(); ++c) {
        auto it = saved.find(sources_[c].spec.name);
        if (it == saved.end() || it->second == RunState::running) continue;
        connector_state_[c] = it->second;
        spdlog::info("connector '{}' stays {} as an operator left it (resume it to run it)",
                     sources_[c].spec.name, state_name(it->second));
        for (size_t t : slots_[c]) {
            if (it->second == RunState::paused) {
                exchange_->pause(t, true);
            } else {
                state_[t].stopped = true;
                exchange_->retire(t);
            }
        }
    }
}

bool Job::topics_added() {
    bool added = false;
    for (auto &m : metrics_) added = m->topics.take_added() || added;
    return added;
}

void Job::save_connector_states_locked() const {
    SavedConnectors saved;
    for (size_t c = 0; c < sources_.size(); ++c) {
        saved.states[sources_[c].spec.name] = connector_state_[c];
        if (sources_[c].from_api) saved.configs[sources_[c].spec.name] = sources_[c].spec.properties;
        std::set<std::string> topics;
        {
            std::lock_guard tasks_lock(tasks_mu_); // metrics_ vs. a connector being added
            for (size_t slot : slots_[c])
                for (auto &topic : metrics_[slot]->topics.list()) topics.insert(std::move(topic));
        }
        if (!topics.empty()) saved.topics[sources_[c].spec.name].assign(topics.begin(), topics.end());
    }
    try {
        save_connectors(*options_.state_dir, saved);
    } catch (const std::runtime_error &e) {
        // The request still applies to the running worker; only a restart would forget it.
        spdlog::error("the connectors' states could not be saved, a restart will not keep "
                      "them: {}", e.what());
    }
}

void Job::publish(size_t t, RunState state, std::string trace) {
    std::lock_guard lock(view_mu_);
    published_[t].state = state;
    published_[t].trace = std::move(trace);
    published_[t].finished = false;
}

bool Job::ended_on_request(size_t t) {
    TaskState &ts = state_[t];
    if (ts.restart_on_end) {
        // Restarted right away, from the offsets written: the end marker came after its last
        // batch, exactly as for a failed task (engine/README.md, "Faults").
        ts.restart_on_end = false;
        ts.restart_is_attempt = false;
        ts.restart_at = std::chrono::steady_clock::now();
        return true;
    }
    if (!ts.stopped) return false;
    if (auto f = tasks_[t]->failure()) spdlog::warn("{} (while stopping on request)", f->message);
    return true;
}

void Job::apply_controls(std::vector<char> &ended, std::vector<char> &blocked, bool stopping) {
    std::vector<std::pair<size_t, ControlRequest>> todo;
    {
        std::lock_guard lock(view_mu_);
        todo.swap(requests_);
    }
    using Op = ControlRequest::Op;
    for (auto &[t, request] : todo) {
        TaskState &ts = state_[t];
        if (stopping || ts.given_up || ts.dead) continue;
        switch (request.op) {
        case Op::pause: exchange_->pause(t, true); break;
        case Op::resume:
            exchange_->pause(t, false);
            if (ts.stopped) {
                ts.stopped = false;
                if (ended[t]) {
                    restart_task(t, false);
                    ended[t] = 0;
                    blocked[t] = 0;
                } else {
                    ts.restart_on_end = true; // still on its way out: start it again after
                }
            }
            break;
        case Op::stop:
            exchange_->pause(t, false);
            ts.stopped = true;
            ts.restart_on_end = false;
            ts.restart_at.reset();
            if (!ended[t]) {
                exchange_->retire(t);
                tasks_[t]->wake();
            }
            break;
        case Op::restart:
            if (ended[t]) {
                if (ts.restart_at) ts.restart_at.reset();
                restart_task(t, false);
                ended[t] = 0;
                blocked[t] = 0;
            } else {
                ts.restart_on_end = true;
                exchange_->retire(t);
                tasks_[t]->wake();
            }
            break;
        }
    }
}

// ---- the live status line (engine/progress.hpp) -------------------------------------------

std::string Job::status_line() const {
    using namespace std::chrono;
    double secs = duration<double>(steady_clock::now() - started_).count();
    uint64_t total = 0;
    std::string per;
    std::string last_connector;
    uint64_t connector_total = 0;
    std::lock_guard lock(tasks_mu_);
    auto flush_connector = [&] {
        if (last_connector.empty()) return;
        per += " | " + last_connector + " " + with_commas(connector_total);
    };
    for (size_t i = 0; i < tasks_.size(); ++i) {
        const auto &t = tasks_[i];
        uint64_t w = metrics_[i]->written.load(std::memory_order_relaxed);
        total += w;
        if (t->connector() != last_connector) {
            flush_connector();
            last_connector = t->connector();
            connector_total = 0;
        }
        connector_total += w;
    }
    flush_connector();
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.0f/s", secs > 0 ? double(total) / secs : 0.0);
    std::string line = "records " + with_commas(total) + " (" + rate + ")";
    int64_t last = last_snapshot_ns_.load();
    if (last != 0) {
        char age[64];
        std::snprintf(age, sizeof age, " | snapshot %.1fs ago", double(steady_ns() - last) / 1e9);
        line += age;
    } else if (options_.guarantee != Guarantee::none) {
        line += " | no snapshot yet";
    }
    return line + per;
}

} // namespace inlet::host
