#include "pg_stream.hpp"

#include <poll.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <thread>

namespace inlet_pg {

int64_t pg_now_us() {
    using namespace std::chrono;
    const int64_t unix_us = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    return unix_us - 946684800LL * 1000000;
}

ReplicationStream::ReplicationStream(const Options &o) : o_(o), conn_(o, true) {}

CreatedSlot ReplicationStream::create_slot(const std::string &name, bool temporary, bool export_snapshot) {
    const std::string sql = "CREATE_REPLICATION_SLOT " + conn_.ident(name) + (temporary ? " TEMPORARY" : "") + " LOGICAL pgoutput " +
                            (export_snapshot ? "EXPORT_SNAPSHOT" : "NOEXPORT_SNAPSHOT");
    Result r(PQexec(conn_.get(), sql.c_str()));
    if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
        const std::string m = one_line(r ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn_.get()));
        if (m.find("already exists") != std::string::npos)
            throw inlet::ConfigError(key::slot_name, "replication slot '" + name + "' already exists in " + o_.where());
        if (m.find("all replication slots are in use") != std::string::npos)
            throw inlet::ConfigError(key::slot_name, m + " (" + o_.where() + "): raise max_replication_slots or drop an unused slot");
        conn_.fail("creating the replication slot", r.get());
    }
    CreatedSlot s;
    s.consistent_point = parse_lsn(PQgetvalue(r.get(), 0, 1));
    if (!PQgetisnull(r.get(), 0, 2)) s.snapshot_name = PQgetvalue(r.get(), 0, 2);
    return s;
}

void ReplicationStream::start(Lsn from) {
    const std::string sql = "START_REPLICATION SLOT " + conn_.ident(o_.slot) + " LOGICAL " + lsn_text(from) +
                            " (proto_version '1', publication_names " + conn_.literal(o_.publication) + ")";
    for (int attempt = 0;; ++attempt) {
        Result r(PQexec(conn_.get(), sql.c_str()));
        if (r && PQresultStatus(r.get()) == PGRES_COPY_BOTH) return;
        const std::string m = one_line(r ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn_.get()));
        if (m.find("is active for PID") != std::string::npos) {
            if (attempt < 50) { // 5 s
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                continue;
            }
            throw inlet::ConfigError(key::slot_name, "replication slot '" + o_.slot + "' is in use by another process (" + m +
                                                         "): stop that consumer or choose another slot.name");
        }
        if (m.find("does not exist") != std::string::npos && m.find("publication") != std::string::npos)
            throw inlet::ConfigError(key::publication_name, m + " (" + o_.where() + ")");
        conn_.fail("starting replication", r.get());
    }
}

ReplicationStream::Got ReplicationStream::next(Message &m, std::chrono::milliseconds wait, int wake_fd) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
        char *raw = nullptr;
        const int n = PQgetCopyData(conn_.get(), &raw, 1);
        if (n > 0) {
            m.buffer.reset(raw);
            Reader r(raw, static_cast<size_t>(n));
            const char kind = static_cast<char>(r.u8());
            if (kind == 'w') {
                m.wal_start = r.u64();
                m.wal_end = r.u64();
                r.u64(); // server clock
                m.data = raw + 25;
                m.size = static_cast<size_t>(n) - 25;
                m.reply_requested = false;
                return Got::data;
            }
            if (kind == 'k') {
                m.wal_end = r.u64();
                r.u64();
                m.reply_requested = r.u8() != 0;
                m.data = nullptr;
                m.size = 0;
                return Got::keepalive;
            }
            continue; // nothing else is defined from the server; ignore what a newer one adds
        }
        if (n == -1 || n == -2) {
            // The stream ended: the server is shutting down or the connection dropped.
            Result r(PQgetResult(conn_.get()));
            std::string m2 = one_line(r ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn_.get()));
            if (m2.empty()) m2 = one_line(PQerrorMessage(conn_.get()));
            throw inlet::RetriableError("replication stream from " + o_.where() + " ended: " +
                                        (m2.empty() ? std::string("connection closed") : m2));
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return Got::nothing;
        pollfd fds[2] = {{PQsocket(conn_.get()), POLLIN, 0}, {wake_fd, POLLIN, 0}};
        const int rc = ::poll(fds, wake_fd >= 0 ? 2 : 1, static_cast<int>(left.count()));
        if (rc < 0 && errno != EINTR) throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
        if (wake_fd >= 0 && (fds[1].revents & POLLIN)) return Got::nothing;
        if (fds[0].revents & POLLIN) coalesce(fds[0].fd);
        if (fds[0].revents && !PQconsumeInput(conn_.get()))
            throw inlet::RetriableError("replication stream from " + o_.where() + " lost: " + one_line(PQerrorMessage(conn_.get())));
    }
}

// The walsender sends each change as its own message, as soon as it is decoded. When inlet
// reads faster than that, reading whatever has arrived costs a poll() and a recv() per change
// (pg_recvlogical's case: most of its CPU time is those system calls). So when less than a
// read's worth is waiting, wait 200 µs for more: one recv() then takes several changes. Not
// longer: while changes pile up unread in the socket, each of the walsender's send()s costs it
// more (the loopback TCP path, perf), and the walsender is what limits the stream. Measured
// with 1,000,000 changes (BENCHMARKS.md, scenario 7): a 1 ms wait cost one walsender 12.9 s of
// CPU (75k changes/s), 200 µs 9.5 s (101k/s), for the same 3.3 s of inlet's; with no wait
// inlet woke per change and used more CPU than pg_recvlogical. A backlog is read at once.
void ReplicationStream::coalesce(int fd) {
    constexpr int read_bytes = 16384; // what one PQconsumeInput reads at most, about
    int waiting = 0;
    if (::ioctl(fd, FIONREAD, &waiting) != 0 || waiting >= read_bytes) return;
    const timespec wait{0, 200000};
    ::nanosleep(&wait, nullptr);
}

void ReplicationStream::send_status(Lsn flushed, bool reply_requested) {
    char msg[34];
    auto put64 = [&](int at, uint64_t v) {
        for (int i = 7; i >= 0; --i, v >>= 8) msg[at + i] = static_cast<char>(v & 0xff);
    };
    msg[0] = 'r';
    put64(1, flushed);  // written
    put64(9, flushed);  // flushed: what the slot may forget
    put64(17, flushed); // applied
    put64(25, static_cast<uint64_t>(pg_now_us()));
    msg[33] = reply_requested ? 1 : 0;
    if (PQputCopyData(conn_.get(), msg, sizeof msg) != 1 || PQflush(conn_.get()) != 0)
        throw inlet::RetriableError("sending a status update to " + o_.where() + ": " + one_line(PQerrorMessage(conn_.get())));
}

} // namespace inlet_pg
