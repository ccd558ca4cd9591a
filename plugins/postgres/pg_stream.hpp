// The walsender side of the protocol (PostgreSQL's "Streaming Replication Protocol"):
// CREATE_REPLICATION_SLOT ... LOGICAL pgoutput, START_REPLICATION with proto_version and
// publication_names, CopyData messages (XLogData 'w', primary keepalive 'k') and the standby
// status update ('r') that moves the slot.
#pragma once

#include "pg_conn.hpp"
#include "pgoutput.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace inlet_pg {

// libpq's buffer of one received message (PQgetCopyData allocates one per message).
struct FreeMem {
    void operator()(char *p) const { PQfreemem(p); }
};
using MessageBuffer = std::unique_ptr<char, FreeMem>;

struct CreatedSlot {
    Lsn consistent_point = 0;
    std::string snapshot_name; // empty without EXPORT_SNAPSHOT
};

class ReplicationStream {
public:
    ReplicationStream(const Options &o);

    // Needs the connection idle; with export_snapshot the snapshot stays importable until the
    // next command on this connection.
    // A temporary slot goes away with this connection (a fresh exported snapshot for a resumed
    // initial snapshot).
    CreatedSlot create_slot(const std::string &name, bool temporary, bool export_snapshot);
    // Starts streaming after `from`; a slot in use by another process is retried for a few
    // seconds (a restarted task's predecessor may still be letting go), then a ConfigError.
    void start(Lsn from);

    enum class Got { data, keepalive, nothing };
    struct Message {
        Lsn wal_start = 0, wal_end = 0;
        bool reply_requested = false;
        const char *data = nullptr; // the pgoutput message (data), in `buffer`
        size_t size = 0;
        MessageBuffer buffer; // the caller keeps it as long as records point into it
    };
    // Waits until a message arrives, `wake_fd` becomes readable or `wait` has passed.
    Got next(Message &m, std::chrono::milliseconds wait, int wake_fd);
    // Standby status update: written/flushed/applied up to `flushed` (the slot's
    // confirmed_flush_lsn follows). Throws RetriableError when the connection is gone.
    void send_status(Lsn flushed, bool reply_requested = false);

private:
    void coalesce(int fd);
    const Options &o_;
    PgConn conn_;
};

// Microseconds since 2000-01-01 now (the protocol's clock).
int64_t pg_now_us();

} // namespace inlet_pg
