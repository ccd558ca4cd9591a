// A libpq connection (RAII) with errors turned into one line naming the cause and the key to
// change: a wrong password or a missing privilege is a ConfigError (not retried), a server that
// cannot be reached is a RetriableError (the host retries within errors.retry.timeout).
#pragma once

#include "pg_config.hpp"

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

namespace inlet_pg {

struct ResultFree {
    void operator()(PGresult *r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultFree>;

// The server's message without libpq's "connection to server ... failed: FATAL:  " decoration
// and newlines.
std::string one_line(const char *libpq_message);

class PgConn {
public:
    PgConn() = default;
    // Connects (replication: a walsender connection, replication=database); throws as above.
    PgConn(const Options &o, bool replication);

    PGconn *get() const { return conn_.get(); }
    bool ok() const { return conn_ && PQstatus(conn_.get()) == CONNECTION_OK; }
    explicit operator bool() const { return conn_ != nullptr; }

    // Runs a statement that must succeed (tuples or command OK); throws with `what` and the
    // server's message. A lost connection is a RetriableError.
    Result exec(const std::string &sql, const char *what) const;
    Result exec(const std::string &sql, const std::vector<std::string> &params, const char *what) const;
    // The error of a failed statement, as thrown by exec.
    [[noreturn]] void fail(const char *what, const PGresult *r) const;

    std::string ident(const std::string &name) const; // "quoted" identifier
    std::string literal(const std::string &text) const;

private:
    struct Close {
        void operator()(PGconn *c) const { PQfinish(c); }
    };
    std::unique_ptr<PGconn, Close> conn_;
};

} // namespace inlet_pg
