#include "pg_task.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <set>
#include <thread>

namespace inlet_pg {

WakeFd::WakeFd() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (fd_ < 0) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
}
WakeFd::~WakeFd() { ::close(fd_); }
void WakeFd::raise() const {
    const uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(fd_, &one, sizeof one); // EAGAIN: already raised
}
void WakeFd::drain() const {
    uint64_t v = 0;
    [[maybe_unused]] auto n = ::read(fd_, &v, sizeof v);
}

namespace {

std::string partition_of(const Options &o) {
    std::string p = "{";
    inlet::append_json_string(p, "server");
    p += ':';
    inlet::append_json_string(p, o.prefix);
    if (o.split) {
        p += ",\"slot\":";
        inlet::append_json_string(p, o.slot);
    }
    return p + "}";
}

std::string str_field(const inlet::Host &h, const std::string &json, const char *field) {
    thread_local std::string buf;
    buf.assign(1 << 16, '\0');
    if (!h.raw()->json_str_field(json.c_str(), field, buf.data(), buf.size())) return {};
    return std::string(buf.c_str());
}

std::vector<std::string> lines(const std::string &s) {
    std::vector<std::string> out;
    size_t b = 0;
    while (b < s.size()) {
        size_t e = s.find('\n', b);
        if (e == std::string::npos) e = s.size();
        if (e > b) out.push_back(s.substr(b, e - b));
        b = e + 1;
    }
    return out;
}

} // namespace

PgTask::PgTask(inlet::TaskContext &ctx)
    : host_(ctx.host), o_(Options::parse(ctx.config)), builder_(o_, partition_of(o_)) {
    for (const auto &k : unknown_debezium_keys(ctx.config))
        host_.warn(k + ": a Debezium key this connector does not implement; ignored");
    sql_ = PgConn(o_, false);
    check_wal_level(sql_, o_);
    if (o_.snapshot_mode != SnapshotMode::initial_only) check_replication_privilege(sql_, o_);
    const auto restored = ctx.offsets.get(builder_.partition());
    if (restored) restore(*restored);
    else fresh_start();
}

const PgConn &PgTask::sql() {
    if (!sql_.ok()) sql_ = PgConn(o_, false);
    return sql_;
}

// ---- Starting -------------------------------------------------------------------------------

void PgTask::fresh_start() {
    const auto tables = captured_tables(sql_, o_);
    if (o_.snapshot_mode == SnapshotMode::initial_only) {
        begin_snapshot({tables.begin(), tables.end()}, {}, 0);
        return;
    }
    ensure_publication(sql_, o_, tables);
    const bool snapshot = o_.snapshot_mode == SnapshotMode::initial;
    if (auto slot = slot_state(sql_, o_.slot)) {
        if (slot->plugin != "pgoutput" || slot->database != o_.dbname)
            throw inlet::ConfigError(key::slot_name, "replication slot '" + o_.slot + "' exists for plugin '" + slot->plugin +
                                                         "' on database '" + slot->database + "', not pgoutput on '" + o_.dbname + "'");
        if (!snapshot) {
            // No offsets, no snapshot wanted: stream from where the slot stands.
            resume_ = durable_ = slot->confirmed_flush;
            connect_stream();
            return;
        }
        // No offsets but a slot: a snapshot consistent with it cannot be taken any more, so the
        // slot is created again with one (it belongs to this connector by its name).
        host_.warn("slot.name: replication slot '" + o_.slot + "' exists but there are no offsets; dropping and "
                   "creating it again for a consistent initial snapshot");
        // A restarted task's predecessor may still be letting go of the slot: wait up to 5 s.
        for (int i = 0; i < 50 && slot && slot->active_pid; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            slot = slot_state(sql_, o_.slot);
        }
        if (slot && slot->active_pid)
            throw inlet::ConfigError(key::slot_name, "replication slot '" + o_.slot + "' is in use by another process (PID " +
                                                         std::to_string(slot->active_pid) + "): stop that consumer or choose another slot.name");
        if (slot) drop_slot(sql_, o_.slot);
    }
    stream_ = std::make_unique<ReplicationStream>(o_);
    const CreatedSlot created = stream_->create_slot(o_.slot, false, snapshot);
    host_.info("created replication slot '" + o_.slot + "' at " + lsn_text(created.consistent_point));
    resume_ = durable_ = created.consistent_point;
    if (snapshot) begin_snapshot({tables.begin(), tables.end()}, created.snapshot_name, created.consistent_point);
    else connect_stream();
}

void PgTask::restore(const std::string &offset) {
    int64_t v = 0;
    const inlet_host *h = host_.raw();
    if (h->json_i64_field(offset.c_str(), "lsn", &v)) resume_ = durable_ = static_cast<Lsn>(v);
    for (const auto &line : lines(str_field(host_, offset, "after"))) {
        const size_t sp = line.rfind(' ');
        if (sp != std::string::npos) after_[line.substr(0, sp)] = std::stoull(line.substr(sp + 1));
    }
    if (o_.snapshot_mode == SnapshotMode::initial_only) {
        if (str_field(host_, offset, "snapshot_completed") == "true") {
            phase_ = Phase::finished;
            return;
        }
        done_tables_ = lines(str_field(host_, offset, "done"));
        resume_snapshot();
        return;
    }
    const auto slot = slot_state(sql_, o_.slot);
    if (!slot)
        throw inlet::ConfigError(key::slot_name, "replication slot '" + o_.slot + "' no longer exists in " + o_.where() +
                                                     ": the offsets cannot be resumed (remove the job's state to start over "
                                                     "with a new snapshot)");
    if (slot->confirmed_flush > resume_)
        host_.warn("replication slot '" + o_.slot + "' confirmed " + lsn_text(slot->confirmed_flush) +
                   ", past the restored offset " + lsn_text(resume_) + ": changes in between cannot be replayed");
    ensure_publication(sql_, o_, captured_tables(sql_, o_));
    if (str_field(host_, offset, "snapshot") == "true") {
        snap_lsn_ = resume_;
        done_tables_ = lines(str_field(host_, offset, "done"));
        resume_snapshot();
        return;
    }
    if (h->json_i64_field(offset.c_str(), "lsn_commit", &v)) {
        skip_commit_ = static_cast<Lsn>(v);
        skip_n_ = h->json_i64_field(offset.c_str(), "n", &v) ? v : 0;
    }
    host_.info("resuming at " + lsn_text(resume_) +
               (skip_commit_ ? " after record " + std::to_string(skip_n_) + " of the transaction committed at " + lsn_text(skip_commit_)
                             : std::string()));
    connect_stream();
}

// ---- Snapshot -------------------------------------------------------------------------------

void PgTask::begin_snapshot(std::deque<TableRef> tables, const std::string &snapshot_name, Lsn at) {
    phase_ = Phase::snapshot;
    snap_lsn_ = at;
    snap_us_ = (pg_now_us() + 946684800LL * 1000000);
    snap_ = std::make_unique<TableSnapshot>(sql(), snapshot_name, std::move(tables), o_.fetch_size);
    if (snap_table_) keep_.push_back(std::move(snap_table_)); // lent records may point at it
    snap_rows_.reset();
}

// After a crash (or a lost connection) in the middle of the snapshot: the slot's exported
// snapshot is gone, so the tables not yet read are read in a fresh one, taken from a temporary
// slot at X; their changes committed before X are in it and are skipped by the stream ("after").
void PgTask::resume_snapshot() {
    const std::set<std::string> done(done_tables_.begin(), done_tables_.end());
    std::deque<TableRef> rest;
    for (auto &t : captured_tables(sql(), o_))
        if (!done.count(t.id())) rest.push_back(t);
    if (o_.snapshot_mode == SnapshotMode::initial_only) { // no stream to be consistent with
        begin_snapshot(std::move(rest), {}, 0);
        return;
    }
    ReplicationStream temp(o_);
    const CreatedSlot s = temp.create_slot(o_.slot + "_snap", true, true);
    for (const auto &t : rest) after_[t.id()] = s.consistent_point;
    host_.info("resuming the initial snapshot: " + std::to_string(rest.size()) + " table(s) left, read as of " +
               lsn_text(s.consistent_point));
    begin_snapshot(std::move(rest), s.snapshot_name, snap_lsn_);
    // The import above happened inside begin_snapshot; the temporary slot can go now.
}

bool PgTask::snapshot_step(inlet::Emitter &out, Clock::time_point deadline) {
    while (const TableRef *t = snap_->current()) {
        if (!snap_table_) {
            char replident = 'd';
            snap_cols_ = table_columns(sql(), t->oid, &replident);
            snap_table_ = builder_.table(t->oid, t->schema, t->table, replident, snap_cols_);
        }
        // Rows left from the last fetch first: a poll stops at a full batch, mid-fetch.
        if (!snap_rows_ || snap_row_ >= PQntuples(snap_rows_.get())) {
            snap_rows_ = std::shared_ptr<PGresult>(snap_->fetch(snap_cols_).release(), ResultFree{});
            snap_row_ = 0;
        }
        lent_.keep(snap_rows_); // the records below point into it
        const int n = PQntuples(snap_rows_.get());
        if (n == 0) {
            snap_rows_.reset();
            done_tables_.push_back(t->id());
            snap_->done_table();
            keep_.push_back(std::move(snap_table_)); // lent records point at its names
            offset_buf_ = offset_json(false);
            out.advance(builder_.partition().c_str(), offset_buf_.c_str());
            continue;
        }
        offset_buf_ = offset_json(false);
        SourceInfo src;
        src.commit_us = snap_us_;
        src.lsn = snap_lsn_;
        src.snapshot = "true";
        Tuple tuple(snap_cols_.size());
        bool more = true;
        PGresult *rows = snap_rows_.get();
        while (more && snap_row_ < n) {
            const int r = snap_row_++;
            for (size_t c = 0; c < snap_cols_.size(); ++c) {
                const int ci = static_cast<int>(c);
                tuple[c].kind = PQgetisnull(rows, r, ci) ? 'n' : 't';
                tuple[c].text = {PQgetvalue(rows, r, ci), static_cast<size_t>(PQgetlength(rows, r, ci))};
            }
            more = builder_.change(out, *snap_table_, 'r', nullptr, &tuple, src, offset_buf_.c_str(), nullptr);
        }
        if (!more || Clock::now() >= deadline) return false;
    }
    finish_snapshot(out);
    return false;
}

void PgTask::finish_snapshot(inlet::Emitter &out) {
    snap_->finish();
    snap_.reset();
    host_.info("initial snapshot done: " + std::to_string(done_tables_.size()) + " table(s)");
    done_tables_.clear();
    if (o_.snapshot_mode == SnapshotMode::initial_only) {
        phase_ = Phase::finished;
        out.advance(builder_.partition().c_str(), "{\"lsn\":0,\"snapshot_completed\":\"true\"}");
        return;
    }
    phase_ = Phase::stream;
    resume_ = snap_lsn_;
    offset_buf_ = offset_json(false);
    out.advance(builder_.partition().c_str(), offset_buf_.c_str());
    connect_stream();
}

// ---- Streaming ------------------------------------------------------------------------------

void PgTask::connect_stream() {
    phase_ = Phase::stream;
    if (!stream_) stream_ = std::make_unique<ReplicationStream>(o_);
    stream_->start(resume_);
    in_tx_ = false;
    acked_ = 0;
    status(true);
}

void PgTask::lost_stream() {
    stream_.reset();
    if (in_tx_) {
        // The transaction comes again from its BEGIN; what was emitted of it is skipped.
        skip_commit_ = tx_commit_;
        skip_n_ = tx_n_;
        in_tx_ = false;
    }
}

void PgTask::status(bool force) {
    const auto now = Clock::now();
    if (!stream_) return;
    if (!force && durable_ <= acked_ && now - last_status_ < std::chrono::milliseconds(o_.status_ms)) return;
    stream_->send_status(durable_);
    acked_ = durable_;
    last_status_ = now;
}

void PgTask::commit(std::span<const inlet_offset_entry> durable) {
    for (const auto &e : durable) {
        const std::string p = e.partition_json;
        if (str_field(host_, p, "server") != o_.prefix || (o_.split && str_field(host_, p, "slot") != o_.slot)) continue;
        int64_t v = 0;
        if (!host_.raw()->json_i64_field(e.offset_json, "lsn", &v)) continue;
        if (static_cast<Lsn>(v) > durable_) durable_ = static_cast<Lsn>(v);
    }
    try {
        if (phase_ == Phase::stream) status(false);
    } catch (const inlet::RetriableError &e) {
        // The next poll reconnects and sends it then.
        host_.warn(e.what());
        lost_stream();
    }
}

std::string PgTask::offset_json(bool with_tx) const {
    std::string s = "{\"lsn\":" + std::to_string(phase_ == Phase::snapshot ? snap_lsn_ : resume_);
    if (with_tx) s += ",\"lsn_commit\":" + std::to_string(tx_commit_) + ",\"n\":" + std::to_string(tx_n_);
    if (phase_ == Phase::snapshot) {
        s += ",\"snapshot\":\"true\",\"done\":";
        std::string d;
        for (const auto &t : done_tables_) d += t + "\n";
        inlet::append_json_string(s, d);
    }
    if (!after_.empty()) {
        std::string a;
        for (const auto &[t, l] : after_) a += t + " " + std::to_string(l) + "\n";
        s += ",\"after\":";
        inlet::append_json_string(s, a);
    }
    return s + "}";
}

bool PgTask::counts() {
    ++tx_n_;
    if (skip_left_ > 0) {
        --skip_left_;
        return false;
    }
    return true;
}

bool PgTask::tx_begin(inlet::Emitter &out) {
    if (!o_.tx_metadata || tx_begun_) return true;
    tx_begun_ = true;
    if (!counts()) return true;
    return builder_.tx_begin(out, tx_id_, tx_commit_us_ / 1000, tx_offset());
}

const char *PgTask::tx_offset() {
    // Once per record: the transaction's part is formatted at BEGIN, only n changes.
    if (tx_offset_prefix_.empty()) {
        const std::string whole = offset_json(true);
        const std::string n = ",\"n\":" + std::to_string(tx_n_);
        const size_t at = whole.find(n);
        tx_offset_prefix_ = whole.substr(0, at + 5);
        tx_offset_suffix_ = whole.substr(at + n.size());
    }
    offset_buf_.assign(tx_offset_prefix_);
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, tx_n_);
    (void)ec;
    offset_buf_.append(digits, end);
    offset_buf_.append(tx_offset_suffix_);
    return offset_buf_.c_str();
}

const TableInfo *PgTask::relation(uint32_t oid) const {
    auto it = rel_.find(oid);
    return it == rel_.end() ? nullptr : it->second;
}

void PgTask::on_relation(const RelationMsg &r) {
    const std::string id = r.schema + "." + r.table;
    bool mine = o_.filter.includes(r.schema, r.table);
    if (mine && o_.split) mine = std::find(o_.task_tables.begin(), o_.task_tables.end(), id) != o_.task_tables.end();
    if (!mine) {
        rel_[r.oid] = nullptr;
        return;
    }
    // Types come from the message (the stream's truth); nullability and the primary key from
    // the catalog, as Debezium reads them.
    std::vector<CatalogColumn> catalog = table_columns(sql(), r.oid, nullptr), cols;
    for (const auto &c : r.columns) {
        CatalogColumn col;
        col.name = c.name;
        col.type_oid = c.type_oid;
        col.typmod = c.typmod;
        for (const auto &k : catalog)
            if (k.name == c.name) {
                col.not_null = k.not_null;
                col.pk_position = k.pk_position;
            }
        cols.push_back(std::move(col));
    }
    keep_.push_back(builder_.table(r.oid, r.schema, r.table, r.replident, cols));
    rel_[r.oid] = keep_.back().get();
}

bool PgTask::handle(inlet::Emitter &out, const ReplicationStream::Message &m) {
    Reader r(m.data, m.size);
    const char type = static_cast<char>(r.u8());
    switch (type) {
    case 'B': {
        const BeginMsg b = parse_begin(r);
        in_tx_ = true;
        tx_commit_ = b.final_lsn;
        tx_xid_ = b.xid;
        tx_commit_us_ = b.commit_us + 946684800LL * 1000000;
        tx_n_ = tx_events_ = 0;
        tx_per_table_.clear();
        skip_left_ = tx_commit_ == skip_commit_ ? skip_n_ : 0;
        tx_id_ = std::to_string(tx_xid_) + ":" + std::to_string(tx_commit_);
        tx_begun_ = false; // BEGIN goes out with the first captured change (none: no BEGIN/END)
        tx_offset_prefix_.clear();
        return true;
    }
    case 'C': {
        const CommitMsg c = parse_commit(r);
        in_tx_ = false;
        resume_ = c.end_lsn;
        last_commit_ = c.commit_lsn;
        skip_commit_ = 0;
        skip_left_ = 0;
        for (auto it = after_.begin(); it != after_.end();) it = it->second <= resume_ ? after_.erase(it) : std::next(it);
        offset_buf_ = offset_json(false);
        if (o_.tx_metadata && tx_begun_)
            return builder_.tx_end(out, tx_id_, tx_commit_us_ / 1000, tx_events_, tx_per_table_, offset_buf_.c_str());
        out.advance(builder_.partition().c_str(), offset_buf_.c_str());
        return true;
    }
    case 'R': on_relation(parse_relation(r)); return true;
    case 'I':
    case 'U':
    case 'D': {
        thread_local ChangeMsg c;
        parse_change(type, r, c);
        return change(out, c, m.wal_start);
    }
    case 'T': {
        const TruncateMsg t = parse_truncate(r);
        bool more = true;
        for (uint32_t oid : t.oids) {
            const TableInfo *ti = relation(oid);
            if (!ti || o_.skip_truncate) continue;
            auto a = after_.find(ti->id);
            if (a != after_.end() && tx_commit_ < a->second) continue;
            more = tx_begin(out) && more;
            ++tx_events_;
            ++tx_per_table_[ti->id];
            if (!counts()) continue;
            SourceInfo src{tx_commit_us_, tx_xid_, m.wal_start, last_commit_, "false"};
            TxBlock tx{tx_id_, tx_events_, tx_per_table_[ti->id]};
            more = builder_.truncate(out, *ti, src, tx_offset(), o_.tx_metadata ? &tx : nullptr) && more;
        }
        return more;
    }
    default: return true; // Origin, Type, Message: nothing to emit
    }
}

bool PgTask::change(inlet::Emitter &out, const ChangeMsg &c, Lsn lsn) {
    const TableInfo *t = relation(c.oid);
    if (!t) return true;
    if (!after_.empty()) {
        auto a = after_.find(t->id);
        if (a != after_.end() && tx_commit_ < a->second) return true; // already in the resumed snapshot
    }
    SourceInfo src{tx_commit_us_, tx_xid_, lsn, last_commit_, "false"};
    bool more = true;
    auto one = [&](char op, const Tuple *before, const Tuple *after) {
        more = tx_begin(out) && more;
        ++tx_events_;
        if (!o_.tx_metadata) { // the usual case: no per-table counts to keep
            if (counts()) more = builder_.change(out, *t, op, before, after, src, tx_offset(), nullptr) && more;
            return;
        }
        const TxBlock tx{tx_id_, tx_events_, ++tx_per_table_[t->id]};
        if (counts()) more = builder_.change(out, *t, op, before, after, src, tx_offset(), &tx) && more;
    };
    auto tomb = [&](const Tuple &key_row) {
        if (o_.tombstones && counts()) more = builder_.tombstone(out, *t, key_row, tx_offset()) && more;
    };
    const Tuple *old = c.old_kind ? &c.old_tuple : nullptr;
    switch (c.op) {
    case 'I':
        if (!o_.skip_create) one('c', nullptr, &c.new_tuple);
        break;
    case 'U': {
        // A changed primary key is a delete of the old key and a create of the new one
        // (Debezium's behaviour); the old key comes as 'K', or in the full old row 'O'.
        bool key_changed = c.old_kind == 'K';
        if (c.old_kind == 'O')
            for (size_t i : t->key_columns)
                if (i < c.old_tuple.size() && i < c.new_tuple.size() && c.old_tuple[i].text != c.new_tuple[i].text)
                    key_changed = true;
        if (key_changed && t->key_schema) {
            if (!o_.skip_delete) {
                one('d', old, nullptr);
                tomb(*old);
            }
            if (!o_.skip_create) one('c', nullptr, &c.new_tuple);
        } else if (!o_.skip_update) {
            one('u', c.old_kind == 'O' ? old : nullptr, &c.new_tuple);
        }
        break;
    }
    case 'D':
        if (!o_.skip_delete && old) {
            one('d', old, nullptr);
            tomb(*old);
        }
        break;
    }
    return more;
}

void PgTask::heartbeat(inlet::Emitter &out) {
    if (o_.heartbeat_ms <= 0 || in_tx_ || server_end_ <= resume_) return;
    const auto now = Clock::now();
    if (now - last_heartbeat_ < std::chrono::milliseconds(o_.heartbeat_ms)) return;
    last_heartbeat_ = now;
    // Between transactions, every commit before the server's position has been sent and
    // handled: resuming there skips nothing.
    resume_ = server_end_;
    for (auto it = after_.begin(); it != after_.end();) it = it->second <= resume_ ? after_.erase(it) : std::next(it);
    offset_buf_ = offset_json(false);
    out.advance(builder_.partition().c_str(), offset_buf_.c_str());
}

inlet::Poll PgTask::poll(inlet::Emitter &out, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    // What the poll before last lent is the plugin's again (connector.h).
    lent_.next_poll();
    builder_.next_poll();
    builder_.now_ms = host_.now_ms();
    if (phase_ == Phase::finished) return inlet::Poll::finished;
    try {
        if (phase_ == Phase::snapshot) {
            try {
                if (!snap_) resume_snapshot(); // the connection was lost mid-snapshot
                snapshot_step(out, deadline);
            } catch (const inlet::RetriableError &) {
                snap_rows_.reset();
                snap_.reset();
                if (snap_table_) keep_.push_back(std::move(snap_table_));
                throw;
            }
            return phase_ == Phase::finished ? inlet::Poll::finished : inlet::Poll::more;
        }
        if (!stream_) {
            stream_ = std::make_unique<ReplicationStream>(o_);
            connect_stream();
            host_.info("replication stream reconnected at " + lsn_text(resume_));
        }
        bool more = true;
        while (more) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) break;
            ReplicationStream::Message m;
            const auto got = stream_->next(m, left, wake_.fd());
            if (got == ReplicationStream::Got::nothing) break;
            if (m.wal_end > server_end_) server_end_ = m.wal_end;
            if (m.buffer && got == ReplicationStream::Got::data) lent_.keep(std::move(m.buffer));
            if (got == ReplicationStream::Got::keepalive) {
                if (m.reply_requested) status(true);
                heartbeat(out);
                continue;
            }
            more = handle(out, m);
        }
        wake_.drain();
        heartbeat(out);
        status(false);
    } catch (const inlet::RetriableError &) {
        lost_stream();
        throw;
    }
    return inlet::Poll::more;
}

} // namespace inlet_pg
