// Connectors at run time (a worker): created, replaced or deleted through the REST API, and their
// offsets read or changed (KIP-875). Every change is a step of the sink stage's loop, like pause
// and resume (job_control.cpp), so it keeps the snapshot guarantees: a connector's tasks are
// replaced only after their end markers, which come after their last batch, and new tasks resume
// from the offsets already written (engine/README.md, "Connectors at run time").
#include "engine/job.hpp"

#include "engine/connector_states.hpp"
#include "engine/crash_handler.hpp"
#include "engine/job_task_state.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <future>

#include <spdlog/spdlog.h>

namespace inlet::host {

namespace {

ChangeReply outcome(ControlReply::Outcome o, std::string message) {
    ChangeReply r;
    r.outcome = o;
    r.message = std::move(message);
    return r;
}

} // namespace

ChangeReply Job::change(ConnectorChange change, std::chrono::milliseconds timeout) {
    auto pending = std::make_unique<PendingChange>();
    pending->change = std::move(change);
    auto done = pending->reply.get_future();
    {
        std::lock_guard lock(view_mu_);
        if (stopping_view_) return outcome(ControlReply::Outcome::conflict, "the worker is shutting down");
        if (!running_stage_) return outcome(ControlReply::Outcome::conflict, "the job is still starting");
        changes_.push_back(std::move(pending));
    }
    exchange_->poke();
    // Kafka's ConnectorsResource answers 500 "Request timed out" the same way.
    if (done.wait_for(timeout) != std::future_status::ready)
        return outcome(ControlReply::Outcome::timed_out, "Request timed out");
    return done.get();
}

TaskSetup Job::make_task_setup(const BoundSource &source, uint32_t index, KeyValues config,
                               const OffsetTable *restored) {
    TaskSetup ts;
    ts.request_task_reconfiguration = [this, name = source.spec.name] {
        return request_task_reconfiguration(name);
    };
    ts.plugin = source.plugin;
    ts.connector = source.spec.name;
    ts.index = index;
    ts.config = std::move(config);
    ts.restored = restored;
    ts.poll_timeout = options_.poll_timeout;
    ts.default_topic = default_topic(source, ts.config);
    ts.retry = options_.errors;
    ts.limits.max_record_bytes = max_record_bytes_;
    return ts;
}

bool Job::request_task_reconfiguration(const std::string &connector) {
    auto pending = std::make_unique<PendingChange>();
    pending->change.op = ConnectorChange::Op::put;
    pending->change.connector = connector;
    pending->change.allow_replace = true;
    pending->change.reconfigure = true;
    {
        std::lock_guard lock(view_mu_);
        if (stopping_view_ || !running_stage_) return false;
        // A request while one waits is the same request: that one computes the newest configs.
        for (const auto &q : changes_)
            if (q->change.reconfigure && q->change.connector == connector) return true;
        changes_.push_back(std::move(pending));
    }
    exchange_->poke();
    return true;
}

std::unique_ptr<OffsetTable> Job::latest_offsets() const {
    // A rare path (a restart, a new connector): a map of every partition is fine here.
    OffsetMap latest = merged_offsets(restored_offsets_.get(), moved_);
    for (const auto &s : state_) {
        for (const auto &[p, o] : s.carried) latest[p] = o;
        for (uint32_t pid : s.dirty) latest[*s.partition[pid]] = s.offset[pid];
    }
    return std::make_unique<OffsetTable>(OffsetTable::from(latest));
}

void Job::add_saved_connectors() {
    SavedConnectors saved = load_saved_connectors(*options_.state_dir);
    for (const auto &[name, config] : saved.configs) {
        // Not captured as `name`: clang 14 (the fuzz build) refuses a structured binding in a
        // lambda's capture.
        const std::string &wanted = name;
        bool in_files = std::any_of(sources_.begin(), sources_.end(),
                                    [&](const BoundSource &s) { return s.spec.name == wanted; });
        if (in_files) {
            spdlog::info("connector '{}': the config its file gives is used, not the one changed "
                         "through the REST API in an earlier run", name);
            continue;
        }
        BindResult bound = options_.bind ? options_.bind(name, config) : BindResult{};
        if (!bound.source) {
            std::string why = bound.errors.empty() ? "this job cannot create connectors" : bound.errors.front();
            for (size_t i = 1; i < bound.errors.size(); ++i) why += "; " + bound.errors[i];
            throw JobSetupError(saved_connectors_file(*options_.state_dir).string() + ": connector '" +
                                name + "' (created through the REST API) cannot start: " + why);
        }
        bound.source->from_api = true;
        sources_.push_back(std::move(*bound.source));
    }
}

std::vector<size_t> Job::add_slots(const BoundSource &source, std::vector<KeyValues> configs,
                                   RunState state, std::vector<char> &ended,
                                   std::vector<char> &blocked) {
    std::vector<size_t> slots;
    for (size_t i = 0; i < configs.size(); ++i) {
        // Offsets already written but not yet in a snapshot count: a connector recreated under
        // its old name (its offsets outlive it, as in Kafka) continues where it stopped.
        auto resume = latest_offsets();
        TaskSetup setup = make_task_setup(source, uint32_t(i), std::move(configs[i]), resume.get());
        setup.redeliver_restored = false; // not all of them are durable yet
        size_t t = exchange_->add_slot();
        state_.emplace_back();
        state_.back().abi_minor = setup.plugin->abi_minor;
        restart_offsets_.push_back(std::move(resume));
        ended.push_back(0);
        blocked.push_back(0);
        {
            std::lock_guard lock(tasks_mu_);
            metrics_.push_back(std::make_unique<TaskMetrics>());
            setup.metrics = metrics_.back().get();
            tasks_.push_back(std::make_unique<TaskRunner>(std::move(setup), *exchange_, t));
        }
        {
            std::lock_guard lock(view_mu_);
            published_.emplace_back();
        }
        slots.push_back(t);
    }
    for (size_t t : slots) {
        if (state == RunState::paused) exchange_->pause(t, true);
        if (state == RunState::stopped) { // it ends at once, and runs when resumed
            state_[t].stopped = true;
            exchange_->retire(t);
        }
        tasks_[t]->start();
    }
    return slots;
}

void Job::retire_slots(const std::vector<size_t> &slots, std::vector<char> &ended) {
    for (size_t t : slots) {
        TaskState &ts = state_[t];
        ts.dead = true;
        ts.stopped = true;
        ts.restart_on_end = false;
        ts.restart_at.reset();
        exchange_->pause(t, false);
        if (!ended[t]) {
            exchange_->retire(t);
            tasks_[t]->wake();
        }
    }
}

void Job::advance_changes(std::vector<char> &ended, std::vector<char> &blocked) {
    for (;;) {
        if (!change_in_progress_) {
            std::lock_guard lock(view_mu_);
            if (changes_.empty()) return;
            change_in_progress_ = std::move(changes_.front());
            changes_.erase(changes_.begin());
        }
        // A change reads (or replaces) moved_ and moved_owner_, which a snapshot in flight holds
        // until it is durable: changes are rare, so the sink stage waits for it here.
        await_snapshot();
        if (!step_change(*change_in_progress_, ended, blocked)) return; // waits for end markers
        change_in_progress_.reset();
    }
}

bool Job::step_change(PendingChange &p, std::vector<char> &ended, std::vector<char> &blocked) {
    using Op = ConnectorChange::Op;
    using Outcome = ControlReply::Outcome;
    const ConnectorChange &ch = p.change;
    auto reply = [&](ChangeReply r) {
        p.reply.set_value(std::move(r));
        return true;
    };
    size_t c = 0;
    while (c < sources_.size() && sources_[c].spec.name != ch.connector) ++c;
    const bool exists = c < sources_.size();
    if (!exists && (ch.op != Op::put || ch.reconfigure))
        return reply(outcome(Outcome::not_found, "Connector " + ch.connector + " not found"));
    if (ch.reconfigure && !p.retired) p.change.source = sources_[c];

    switch (ch.op) {
    case Op::put:
        if (!p.retired) {
            if (exists && !ch.allow_replace)
                return reply(outcome(Outcome::conflict, "Connector " + ch.connector + " already exists"));
            try {
                p.task_configs = task_configs(*ch.source);
            } catch (const JobSetupError &e) {
                if (ch.reconfigure) // nobody waits for this answer
                    spdlog::warn("connector '{}' asked for new task configs, and its tasks keep "
                                 "running: {}", ch.connector, e.what());
                return reply(outcome(Outcome::bad_request, e.what()));
            }
            if (!exists) {
                auto slots = add_slots(*ch.source, std::move(p.task_configs), ch.initial_state, ended, blocked);
                std::lock_guard lock(view_mu_);
                sources_.push_back(*ch.source);
                sources_.back().from_api = true;
                slots_.push_back(std::move(slots));
                connector_state_.push_back(ch.initial_state);
                if (options_.state_dir) save_connector_states_locked();
                spdlog::info("connector '{}' created through the REST API ({} tasks, {})", ch.connector,
                             slots_.back().size(), state_name(ch.initial_state));
                ChangeReply r;
                r.created = true;
                return reply(std::move(r));
            }
            p.retiring = slots_[c];
            retire_slots(p.retiring, ended);
            p.retired = true;
        }
        break;
    case Op::remove:
        if (!p.retired) {
            p.retiring = slots_[c];
            retire_slots(p.retiring, ended);
            p.retired = true;
        }
        break;
    case Op::offsets: return reply(connector_offsets(ch.connector));
    case Op::alter_offsets:
    case Op::reset_offsets: {
        // StandaloneHerder.modifyConnectorOffsetsChecks: 400 unless STOPPED. Kafka's stop
        // returns once the tasks are gone; inlet's answers at once, so a change that follows it
        // waits here for the tasks' end markers (their last offsets are then known).
        if (connector_state_[c] == RunState::stopped) {
            if (!std::all_of(slots_[c].begin(), slots_[c].end(), [&](size_t t) { return ended[t] != 0; }))
                return false;
        } else {
            return reply(outcome(Outcome::bad_request,
                                 "Connectors must be in the STOPPED state before their offsets can be "
                                 "modified. This can be done for the specified connector by issuing a "
                                 "'PUT' request to the '/connectors/" + ch.connector + "/stop' endpoint"));
        }
        change_offsets(p, c);
        return true; // answered, or waiting for the snapshot (change_in_progress_ moved)
    }
    case Op::reset_topics: {
        {
            std::lock_guard lock(tasks_mu_);
            for (size_t t : slots_[c]) metrics_[t]->topics.clear();
        }
        std::lock_guard lock(view_mu_);
        if (options_.state_dir) save_connector_states_locked();
        return reply(ChangeReply{});
    }
    }

    // Delete or replace: once every old task has pushed its end marker (after its last batch),
    // everything it emitted is written and its offsets are known; its runner is kept (dead)
    // because the bookkeeping of offsets not yet in a snapshot points into it.
    if (!std::all_of(p.retiring.begin(), p.retiring.end(), [&](size_t t) { return ended[t] != 0; }))
        return false;
    for (size_t t : p.retiring) {
        exchange_->retire(t);
        tasks_[t]->join();
    }
    if (ch.op == Op::remove) {
        std::lock_guard lock(view_mu_);
        sources_.erase(sources_.begin() + ptrdiff_t(c));
        slots_.erase(slots_.begin() + ptrdiff_t(c));
        connector_state_.erase(connector_state_.begin() + ptrdiff_t(c));
        if (options_.state_dir) save_connector_states_locked();
        spdlog::info("connector '{}' deleted through the REST API", ch.connector);
        return reply(ChangeReply{});
    }
    auto slots = add_slots(*ch.source, std::move(p.task_configs), connector_state_[c], ended, blocked);
    // Its active topics stay (Kafka keeps them per connector until a reset).
    if (!slots.empty())
        for (size_t t : p.retiring)
            for (const auto &topic : metrics_[t]->topics.list()) metrics_[slots.front()]->topics.note(topic);
    std::lock_guard lock(view_mu_);
    slots_[c] = std::move(slots);
    if (ch.reconfigure) {
        spdlog::info("connector '{}': its tasks were replaced by the {} it asks for now "
                     "(requestTaskReconfiguration)", ch.connector, slots_[c].size());
        return reply(ChangeReply{});
    }
    sources_[c] = *ch.source;
    sources_[c].from_api = true;
    if (options_.state_dir) save_connector_states_locked();
    spdlog::info("connector '{}' reconfigured through the REST API ({} tasks)", ch.connector, slots_[c].size());
    return reply(ChangeReply{});
}

std::optional<ChangeReply> Job::ask_alter_offsets(PendingChange &p, size_t c,
                                                  const OwnerMap &owners) {
    const BoundSource &source = sources_[c];
    const inlet_plugin &plugin = *source.plugin;
    if (plugin.alter_offsets == nullptr) return std::nullopt;
    const std::string &name = source.spec.name;
    // Kafka's Worker.modifySourceConnectorOffsets: the partitions asked for, or for a reset
    // every partition of the connector, a null offset meaning "reset this one".
    std::vector<inlet_offset_entry> entries;
    if (p.change.op == ConnectorChange::Op::alter_offsets) {
        for (const auto &po : p.change.offsets)
            entries.push_back({po.partition.c_str(), po.offset.empty() ? nullptr : po.offset.c_str()});
    } else {
        for (const auto &[part, owner] : owners)
            if (owner == name) entries.push_back({part.c_str(), nullptr});
    }
    HostContext ctx{name, -1, spdlog::default_logger()};
    inlet_host table = make_host_table(&ctx);
    table.connector_data = plugin.connector_data;
    ConfigView view(source.spec.properties);
    ErrorText e;
    int applied = 0;
    inlet_status st = INLET_FATAL;
    try {
        PluginCallScope scope(name.c_str(), -1, "alter_offsets");
        st = plugin.alter_offsets(&table, &view.config, entries.data(), entries.size(), &applied, &e.err);
    } catch (const std::exception &ex) {
        std::snprintf(e.text, sizeof e.text, "alter_offsets() threw a C++ exception through the C ABI: %s", ex.what());
    }
    if (st != INLET_OK) {
        // Kafka answers 500 with ConnectUtils.maybeWrap's message (Worker.modifySourceConnectorOffsets).
        std::string why = e.text[0] ? e.text : "Failed to modify offsets for source connector " + name;
        spdlog::warn("connector '{}': offsets change refused by the connector: {}", name, why);
        return outcome(ControlReply::Outcome::failed, why);
    }
    p.plugin_applied = applied != 0;
    return std::nullopt;
}

ChangeReply Job::connector_offsets(const std::string &name) const {
    // As of the last snapshot (Kafka answers with the committed offsets the same way).
    ChangeReply r;
    for_each_owned_offset(restored_offsets_.get(), moved_, moved_owner_,
                          [&](std::string_view p, std::string_view o, std::string_view c) {
                              if (c == name) r.offsets.push_back({std::string(p), std::string(o)});
                          });
    return r;
}

void Job::change_offsets(PendingChange &p, size_t c) {
    const ConnectorChange &ch = p.change;
    const std::string &name = ch.connector;
    OffsetMap all;
    OwnerMap owners;
    for_each_owned_offset(restored_offsets_.get(), moved_, moved_owner_,
                          [&](std::string_view part, std::string_view o, std::string_view conn) {
                              all.emplace_hint(all.end(), std::string(part), std::string(o));
                              if (!conn.empty()) owners.emplace_hint(owners.end(), std::string(part), std::string(conn));
                          });
    // The connector's tasks have all ended: what they wrote that is not in a snapshot yet is
    // folded in by name, so that the change wins over it and nothing else is lost.
    for (size_t t : slots_[c]) {
        TaskState &ts = state_[t];
        for (const auto &[part, o] : ts.carried) {
            all[part] = o;
            owners[part] = name;
        }
        ts.carried.clear();
        for (uint32_t pid : ts.dirty) {
            all[*ts.partition[pid]] = ts.offset[pid];
            owners[*ts.partition[pid]] = name;
            ts.is_dirty[pid] = 0;
        }
        ts.dirty.clear();
    }
    if (ch.op == ConnectorChange::Op::alter_offsets) {
        for (const auto &po : ch.offsets) {
            auto owner = owners.find(po.partition);
            if (owner != owners.end() && owner->second != name) {
                p.reply.set_value(outcome(ControlReply::Outcome::bad_request,
                                          "The partition " + po.partition + " belongs to connector '" +
                                              owner->second + "', not to '" + name + "'"));
                return;
            }
        }
    }
    // The connector has its say first (inlet_plugin.alter_offsets, Kafka's alterOffsets): a
    // refusal changes nothing. What its tasks wrote is folded in above either way, as it would
    // have been by the next snapshot.
    std::optional<ChangeReply> refused = ask_alter_offsets(p, c, owners);
    if (refused) {
        p.reply.set_value(std::move(*refused));
        return;
    }
    if (ch.op == ConnectorChange::Op::alter_offsets) {
        for (const auto &po : ch.offsets) {
            if (po.offset.empty()) { // a null offset resets the partition (KIP-875)
                all.erase(po.partition);
                owners.erase(po.partition);
            } else {
                all[po.partition] = po.offset;
                owners[po.partition] = name;
            }
        }
    } else {
        for (auto it = owners.begin(); it != owners.end();) {
            if (it->second == name) {
                all.erase(it->first);
                it = owners.erase(it);
            } else {
                ++it;
            }
        }
    }
    // The new table replaces the restored one; tasks started from the old one still read it.
    old_offset_tables_.push_back(std::move(restored_offsets_));
    restored_offsets_ = std::make_shared<const OffsetTable>(OffsetTable::from(all, &owners));
    moved_.clear();
    moved_owner_.clear();
    spdlog::info("connector '{}': offsets {} through the REST API; they take effect when it is "
                 "resumed, and are in the next snapshot", name,
                 ch.op == ConnectorChange::Op::alter_offsets ? "altered" : "reset");
    // Answered once the change is durable (the next snapshot, taken now).
    snapshot_soon_ = true;
    awaiting_snapshot_.push_back(std::move(change_in_progress_));
}

void Job::changes_durable() {
    for (auto &p : awaiting_snapshot_) {
        bool alter = p->change.op == ConnectorChange::Op::alter_offsets;
        // Kafka's Worker.completeModifyOffsetsCallback: its first message when the connector's
        // alterOffsets answered true, else the framework-managed one (OffsetsApiIntegrationTest
        // checks both texts).
        std::string what = alter ? "altered" : "reset";
        if (p->plugin_applied) {
            p->reply.set_value(outcome(ControlReply::Outcome::accepted,
                                       "The offsets for this connector have been " + what + " successfully"));
            continue;
        }
        p->reply.set_value(outcome(ControlReply::Outcome::accepted,
                                   "The Connect framework-managed offsets for this connector have been " +
                                       what + " successfully. However, if this connector manages offsets "
                                       "externally, they will need to be manually " + what +
                                       " in the system that the connector uses."));
    }
    awaiting_snapshot_.clear();
}

void Job::fail_changes(const std::string &why) {
    std::vector<std::unique_ptr<PendingChange>> all;
    {
        std::lock_guard lock(view_mu_);
        all.swap(changes_);
    }
    if (change_in_progress_) all.push_back(std::move(change_in_progress_));
    for (auto &p : awaiting_snapshot_) all.push_back(std::move(p));
    awaiting_snapshot_.clear();
    for (auto &p : all) p->reply.set_value(outcome(ControlReply::Outcome::conflict, why));
}

// ---- a connector's task configs ---------------------------------------------------------

std::vector<KeyValues> Job::task_configs(const BoundSource &source) {
    const inlet_plugin &plugin = *source.plugin;
    uint32_t max = std::max<uint32_t>(source.spec.tasks_max, 1);
    if (plugin.task_configs == nullptr) return {source.spec.properties};
    HostContext ctx{source.spec.name, -1, spdlog::default_logger()};
    inlet_host table = make_host_table(&ctx);
    table.connector_data = plugin.connector_data;
    ConfigView view(source.spec.properties);
    inlet_task_list_impl list;
    ErrorText e;
    inlet_status st;
    try {
        PluginCallScope scope(source.spec.name.c_str(), -1, "task_configs");
        st = plugin.task_configs(&table, &view.config, max, as_handle(&list), &e.err);
    } catch (const std::exception &ex) {
        throw JobSetupError("source '" + source.spec.name + "': task_configs() of plugin '" +
                            plugin.name + "' threw a C++ exception through the C ABI: " + ex.what());
    } catch (...) {
        throw JobSetupError("source '" + source.spec.name + "': task_configs() of plugin '" +
                            plugin.name + "' threw a non-standard C++ exception through the C ABI");
    }
    if (st != INLET_OK)
        throw JobSetupError("source '" + source.spec.name + "': task_configs() failed: " +
                            (e.text[0] ? e.text : "no message"));
    if (list.tasks.size() > max) {
        spdlog::warn("[{}] task_configs() returned {} tasks, more than tasks.max={}; using {}",
                     source.spec.name, list.tasks.size(), max, max);
        list.tasks.resize(max);
    }
    if (list.tasks.empty()) spdlog::warn("[{}] the connector created no tasks", source.spec.name);
    return std::move(list.tasks);
}

// What a NULL topic means (connector.h, inlet_record.topic): the task config's "topic", else
// the default the plugin declares for a key named "topic", else the connector's name.
std::string Job::default_topic(const BoundSource &source, const KeyValues &task_config) const {
    for (const auto &[k, v] : task_config)
        if (k == "topic" && !v.empty()) return v;
    const inlet_plugin &p = *source.plugin;
    const auto *base = reinterpret_cast<const unsigned char *>(p.config_keys);
    for (size_t i = 0; base != nullptr && i < p.config_key_count; ++i) {
        inlet_config_key k{}; // by the plugin's stride, like loader/descriptor_check.cpp
        std::memcpy(&k, base + i * p.config_key_size, std::min(p.config_key_size, sizeof k));
        if (k.name != nullptr && std::strcmp(k.name, "topic") == 0 && k.default_value != nullptr &&
            *k.default_value != '\0')
            return k.default_value;
    }
    return source.spec.name;
}

} // namespace inlet::host
