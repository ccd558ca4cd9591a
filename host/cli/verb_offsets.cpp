// inlet offsets get|set|reset NAME: a worker's KIP-875 offsets endpoints from the command line
// (GET, PATCH and DELETE /connectors/NAME/offsets), so nobody needs curl to move a connector.
#include "cli/verb.hpp"
#include "cli/worker_client.hpp"

#include <fstream>
#include <iostream>
#include <iterator>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

namespace inlet::cli {
namespace {

namespace po = boost::program_options;
using json = nlohmann::json;

const char *const offsets_help = R"(Usage: inlet offsets get NAME [--rest URL] [--token-file FILE]
       inlet offsets set NAME FILE|-                  (Kafka's {"offsets":[...]} body)
       inlet offsets set NAME --partition JSON --offset JSON|null
       inlet offsets reset NAME

A connector's source offsets on a running worker, as Kafka Connect's KIP-875 endpoints give and
take them: `get` prints {"offsets":[{"partition":{...},"offset":{...}}]} as of the last
snapshot; `set` changes some (an offset of null resets that partition), `reset` removes them all,
so the connector starts over. Both need the connector STOPPED (`inlet connectors stop NAME`);
the change is durable when they return and takes effect when it is resumed. What `get` prints,
edited, is what `set NAME FILE` takes.

Options:
  --partition JSON    the source partition to change, e.g. '{"filename":"/var/log/app.log"}'
  --offset JSON       its new offset, e.g. '{"position":0}', or null to reset it
  --rest URL          the worker (default: $INLET_REST_URL, else http://127.0.0.1:8083)
  --token-file FILE   send the bearer token in FILE (the worker's rest.auth.token.file)

Example:
  inlet connectors stop logs
  inlet offsets get logs > offsets.json      # edit it, then:
  inlet offsets set logs offsets.json
  inlet connectors resume logs
)";

int run_offsets(const std::vector<std::string> &args) {
    auto opts = worker_options("offsets");
    opts.add_options()("partition", po::value<std::string>())("offset", po::value<std::string>());
    po::variables_map vm;
    std::vector<std::string> words;
    if (!parse_worker_command(args, opts, "offsets", vm, words)) return exit_usage;
    const std::string verb = words.empty() ? "" : words[0];
    bool one = vm.count("partition") || vm.count("offset");
    bool shape_ok = (verb == "get" || verb == "reset") ? words.size() == 2 && !one
                    : verb == "set" ? (one ? words.size() == 2 && vm.count("partition") && vm.count("offset")
                                           : words.size() == 3)
                                    : false;
    if (!shape_ok) {
        std::cerr << "inlet offsets: expected get|reset NAME, set NAME FILE, or set NAME --partition JSON "
                     "--offset JSON (try: inlet help offsets)\n";
        return exit_usage;
    }
    std::string body;
    if (verb == "set") {
        try {
            json doc;
            if (one) {
                doc = {{"offsets", json::array({{{"partition", json::parse(vm["partition"].as<std::string>())},
                                                 {"offset", json::parse(vm["offset"].as<std::string>())}}})}};
            } else {
                std::string text;
                if (words[2] == "-") {
                    text.assign(std::istreambuf_iterator<char>(std::cin), {});
                } else {
                    std::ifstream in(words[2]);
                    if (!in) {
                        std::cerr << "inlet offsets: cannot read " << words[2] << "\n";
                        return exit_usage;
                    }
                    text.assign(std::istreambuf_iterator<char>(in), {});
                }
                doc = json::parse(text);
            }
            body = doc.dump();
        } catch (const json::exception &e) { // parse_error, or out_of_range for "1E999"
            std::cerr << "inlet offsets: not JSON (" << e.what() << ")\n";
            return exit_usage;
        }
    }
    WorkerTarget t;
    if (!read_worker_target(vm, "offsets", t)) return exit_usage;
    const char *method = verb == "get" ? "GET" : verb == "set" ? "PATCH" : "DELETE";
    try {
        auto r = rest::http_call(t.url, method, "/connectors/" + path_segment(words[1]) + "/offsets", body, t.token);
        if (r.status >= 300) {
            std::cerr << "inlet offsets: " << verb << " " << words[1] << ": " << worker_error_text(r) << "\n";
            return exit_failure;
        }
        json answer = json::parse(r.body);
        if (verb == "get") std::cout << answer.dump(2) << "\n";
        else std::cout << answer.value("message", "done") << "\n";
        return exit_ok;
    } catch (const rest::ClientError &e) {
        std::cerr << "inlet offsets: " << e.what() << "\n";
        return exit_failure;
    } catch (const json::exception &e) {
        std::cerr << "inlet offsets: " << t.url << " answered something that is not Kafka Connect's JSON: " << e.what() << "\n";
        return exit_failure;
    }
}

} // namespace

extern const Verb verb_offsets{"offsets", "Read, change or reset a worker's connector offsets (KIP-875)",
                               offsets_help, &run_offsets};

} // namespace inlet::cli
