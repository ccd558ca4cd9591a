// One task of the postgres connector: the initial snapshot, then the slot's stream, with the
// offsets that make a restart (or a reconnect) neither lose nor repeat a change.
//
// OFFSETS (partition {"server":<topic.prefix>}, plus "slot" when tasks.max > 1):
//   streaming, between transactions   {"lsn":R}
//   streaming, inside a transaction   {"lsn":R,"lsn_commit":C,"n":k}
//   snapshot in progress              {"lsn":P,"snapshot":"true","done":"<tables read>"}
// R is where START_REPLICATION resumes: the end LSN of the last transaction whose every record
// was emitted (or a heartbeat's server position, taken only between transactions). The server
// streams every transaction whose commit record lies at or after R, in commit order, so after a
// restart the first transaction it sends again is the one that was under way, C (its commit
// LSN, from BEGIN); its first k records were emitted already and are skipped. Nothing before R
// comes again, nothing after the k-th record of C is missing. "after" (while present) lists
// tables re-read by a resumed snapshot at LSN X: their changes committed before X are in that
// snapshot, so the stream skips them.
//
// commit() sends R of the durable offset as the flushed LSN: the slot never moves past what a
// restart would replay.
//
// LENDING: every record is lent to the host (INLET_RECORD_BORROWED): its values point into the
// received messages, the fetched snapshot rows and the builder's arena of the poll that emitted
// it, all kept until the poll after next begins (Lent, below).
#pragma once

#include "pg_catalog.hpp"
#include "pg_record.hpp"
#include "pg_snapshot.hpp"
#include "pg_stream.hpp"

#include <inlet/connector.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <unordered_map>

namespace inlet_pg {

// A wake-up another thread can raise while poll() waits (eventfd).
class WakeFd {
public:
    WakeFd();
    ~WakeFd();
    WakeFd(const WakeFd &) = delete;
    WakeFd &operator=(const WakeFd &) = delete;
    int fd() const { return fd_; }
    void raise() const;
    void drain() const;

private:
    int fd_ = -1;
};

// What one poll's lent records point into: libpq's message buffers and the snapshot's fetched
// rows. Two generations: a poll clears the one of two polls ago, whose promise has ended.
class Lent {
public:
    void next_poll() {
        cur_ ^= 1;
        gen_[cur_].messages.clear();
        gen_[cur_].rows.clear();
    }
    void keep(MessageBuffer m) { gen_[cur_].messages.push_back(std::move(m)); }
    void keep(const std::shared_ptr<PGresult> &rows) {
        auto &r = gen_[cur_].rows;
        if (r.empty() || r.back() != rows) r.push_back(rows);
    }

private:
    struct Generation {
        std::vector<MessageBuffer> messages;
        std::vector<std::shared_ptr<PGresult>> rows;
    };
    Generation gen_[2];
    int cur_ = 0;
};

class PgTask final : public inlet::Task {
public:
    explicit PgTask(inlet::TaskContext &ctx);
    inlet::Poll poll(inlet::Emitter &out, std::chrono::milliseconds timeout) override;
    void commit(std::span<const inlet_offset_entry> durable) override;
    void wake() override { wake_.raise(); }

private:
    enum class Phase { snapshot, stream, finished };
    using Clock = std::chrono::steady_clock;

    const PgConn &sql();
    void restore(const std::string &offset);
    void fresh_start();
    void begin_snapshot(std::deque<TableRef> tables, const std::string &snapshot_name, Lsn at);
    void resume_snapshot();
    bool snapshot_step(inlet::Emitter &out, Clock::time_point deadline);
    void finish_snapshot(inlet::Emitter &out);
    void connect_stream();
    void lost_stream();
    bool handle(inlet::Emitter &out, const ReplicationStream::Message &m);
    bool change(inlet::Emitter &out, const ChangeMsg &c, Lsn lsn);
    const TableInfo *relation(uint32_t oid) const;
    void on_relation(const RelationMsg &r);
    // Counts a record of the current transaction; false when it is a replayed one to skip.
    bool counts();
    // provide.transaction.metadata: BEGIN before the transaction's first captured change.
    bool tx_begin(inlet::Emitter &out);
    const char *tx_offset();
    std::string offset_json(bool with_tx) const;
    void heartbeat(inlet::Emitter &out);
    void status(bool force);

    inlet::Host host_;
    Options o_;
    RecordBuilder builder_;
    PgConn sql_;
    std::unique_ptr<ReplicationStream> stream_;
    std::unique_ptr<TableSnapshot> snap_;
    WakeFd wake_;
    Lent lent_;
    Phase phase_ = Phase::stream;

    // Positions (see the header comment).
    Lsn resume_ = 0;
    Lsn skip_commit_ = 0;
    int64_t skip_n_ = 0;
    Lsn durable_ = 0, acked_ = 0, server_end_ = 0, last_commit_ = 0;
    std::map<std::string, Lsn> after_;

    // The transaction being decoded.
    bool in_tx_ = false, tx_begun_ = false;
    Lsn tx_commit_ = 0;
    uint32_t tx_xid_ = 0;
    int64_t tx_commit_us_ = 0;
    int64_t tx_n_ = 0, skip_left_ = 0, tx_events_ = 0;
    std::string tx_id_;
    std::map<std::string, int64_t> tx_per_table_;
    std::string offset_buf_, tx_offset_prefix_, tx_offset_suffix_;

    // Relations: the latest TableInfo per oid; every TableInfo lives until stop (records point
    // at their schemas).
    std::unordered_map<uint32_t, const TableInfo *> rel_;
    std::vector<std::unique_ptr<TableInfo>> keep_;

    // The snapshot phase.
    Lsn snap_lsn_ = 0;
    int64_t snap_us_ = 0;
    std::vector<std::string> done_tables_;
    std::unique_ptr<TableInfo> snap_table_;
    std::vector<CatalogColumn> snap_cols_;
    std::shared_ptr<PGresult> snap_rows_; // the current fetch, read up to snap_row_; lent too
    int snap_row_ = 0;

    Clock::time_point last_status_{}, last_heartbeat_{};
};

} // namespace inlet_pg
