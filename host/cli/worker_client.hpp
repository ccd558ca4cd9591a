// What the verbs that talk to a running worker share (`inlet status`, `inlet connectors`,
// `inlet offsets`): which worker (--rest, $INLET_REST_URL), its token, and its errors.
#pragma once

#include "rest/http_client.hpp"

#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace inlet::cli {

struct WorkerTarget {
    std::string url, token;
};

// --rest URL and --token-file FILE, the options every such verb takes.
boost::program_options::options_description worker_options(const char *verb);
// Parses a verb's options (worker_options() plus the verb's own) and its positional words
// ("pause NAME") into `vm` and `words`; false after printing why.
bool parse_worker_command(const std::vector<std::string> &args, boost::program_options::options_description opts,
                          const char *verb, boost::program_options::variables_map &vm,
                          std::vector<std::string> &words);
// The worker from --rest / $INLET_REST_URL (default http://127.0.0.1:8083) and the token from
// --token-file; false after printing why.
bool read_worker_target(const boost::program_options::variables_map &vm, const char *verb, WorkerTarget &t);
// The worker's {"error_code","message"} message, or the raw body.
std::string worker_error_text(const rest::ClientResponse &r);
// A connector's name as one %-escaped path segment.
std::string path_segment(const std::string &name);

} // namespace inlet::cli
