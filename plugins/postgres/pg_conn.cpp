#include "pg_conn.hpp"

#include <cstring>
#include <stdexcept>

namespace inlet_pg {

std::string one_line(const char *m) {
    std::string s = m ? m : "";
    for (const char *tag : {"FATAL:  ", "ERROR:  "}) {
        auto p = s.rfind(tag);
        if (p != std::string::npos) {
            s = s.substr(p + std::strlen(tag));
            break;
        }
    }
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    for (auto &c : s)
        if (c == '\n') c = ' ';
    return s;
}

namespace {
bool has(const std::string &s, const char *part) { return s.find(part) != std::string::npos; }
} // namespace

PgConn::PgConn(const Options &o, bool replication) {
    conn_.reset(PQconnectdb(o.conninfo(replication).c_str()));
    if (!conn_) throw std::runtime_error("libpq: out of memory");
    if (PQstatus(conn_.get()) == CONNECTION_OK) return;
    const std::string m = one_line(PQerrorMessage(conn_.get()));
    const std::string at = " (" + o.where() + ")";
    if (has(m, "password authentication failed") || has(m, "no password supplied"))
        throw inlet::ConfigError(key::password, "the server refused the password of user '" + o.user + "'" + at + ": " + m);
    if (has(m, "must be superuser or replication role") || has(m, "permission denied to start WAL sender"))
        throw inlet::ConfigError(key::user, "'" + o.user + "' lacks the REPLICATION privilege" + at +
                                                ": ALTER ROLE " + o.user + " REPLICATION, or connect as a user that has it");
    if (has(m, "database \"") && has(m, "does not exist"))
        throw inlet::ConfigError(key::dbname, m + at);
    if (has(m, "role \"") && has(m, "does not exist"))
        throw inlet::ConfigError(key::user, m + at);
    if (has(m, "no pg_hba.conf entry"))
        throw inlet::ConfigError(key::user, m + at + ": allow it in pg_hba.conf");
    // Refused, timed out, starting up, shutting down: worth retrying.
    throw inlet::RetriableError("cannot connect to " + o.where() + ": " + m);
}

void PgConn::fail(const char *what, const PGresult *r) const {
    const std::string m = one_line(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_.get()));
    if (!ok() || m.empty() || has(m, "server closed the connection") || has(m, "terminating connection"))
        throw inlet::RetriableError(std::string(what) + ": connection lost: " + m);
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    if (state && std::strcmp(state, "42501") == 0) // insufficient_privilege: a grant is missing, retrying cannot help
        throw inlet::ConfigError(key::user, std::string(what) + ": " + m + " (grant it to " + PQuser(conn_.get()) + ")");
    throw std::runtime_error(std::string(what) + ": " + m);
}

Result PgConn::exec(const std::string &sql, const char *what) const {
    Result r(PQexec(conn_.get(), sql.c_str()));
    const auto st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) fail(what, r.get());
    return r;
}

Result PgConn::exec(const std::string &sql, const std::vector<std::string> &params, const char *what) const {
    std::vector<const char *> p;
    for (const auto &s : params) p.push_back(s.c_str());
    Result r(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(p.size()), nullptr, p.data(), nullptr,
                          nullptr, 0));
    const auto st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) fail(what, r.get());
    return r;
}

std::string PgConn::ident(const std::string &name) const {
    char *e = PQescapeIdentifier(conn_.get(), name.data(), name.size());
    if (!e) throw std::runtime_error("cannot quote identifier '" + name + "'");
    std::string out(e);
    PQfreemem(e);
    return out;
}

std::string PgConn::literal(const std::string &text) const {
    char *e = PQescapeLiteral(conn_.get(), text.data(), text.size());
    if (!e) throw std::runtime_error("cannot quote literal");
    std::string out(e);
    PQfreemem(e);
    return out;
}

} // namespace inlet_pg
