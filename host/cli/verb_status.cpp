// inlet status / inlet connectors: a running worker's REST API (host/rest) from the command
// line, so the common cases need no curl. Both call the same endpoints as any HTTP client.
#include "cli/verb.hpp"
#include "cli/worker_client.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

namespace inlet::cli {
namespace {

namespace po = boost::program_options;
using json = nlohmann::json;

const char *const status_help = R"(Usage: inlet status [--rest URL] [--json] [--token-file FILE]

Prints a worker's connectors and tasks: state, records written, records/s, and the failure of a
FAILED task. The worker is an `inlet run ... --rest HOST:PORT`.

Options:
  --rest URL          the worker (default: $INLET_REST_URL, else http://127.0.0.1:8083)
  --json              the connectors' status and counters as JSON, for scripts
  --token-file FILE   send the bearer token in FILE (the worker's rest.auth.token.file)

Example:
  inlet status --rest http://127.0.0.1:8083
)";

const char *const connectors_help = R"(Usage: inlet connectors pause|resume|restart|stop|delete NAME [--rest URL] [--token-file FILE]

Asks a worker to pause, resume, restart (with its tasks), stop or delete a connector, through the
same REST API as curl would (PUT /connectors/NAME/pause, ..., DELETE /connectors/NAME). Prints the
worker's error and exits 1 when it refuses. A deleted connector's offsets stay: created again
under the same name, it continues where it stopped (as in Kafka). A connector its file defines
comes back when the worker is restarted with that file.

Options:
  --rest URL          the worker (default: $INLET_REST_URL, else http://127.0.0.1:8083)
  --token-file FILE   send the bearer token in FILE (the worker's rest.auth.token.file)

Examples:
  inlet connectors pause orders --rest http://127.0.0.1:8083
  inlet connectors delete orders
)";

// {(connector, task) -> value} of one metric in the Prometheus text.
std::map<std::pair<std::string, std::string>, double> metric(const std::string &text, const std::string &name) {
    std::map<std::pair<std::string, std::string>, double> out;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        std::string line = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        pos = end == std::string::npos ? text.size() : end + 1;
        if (line.rfind(name + "{", 0) != 0) continue;
        auto label = [&](const std::string &key) {
            size_t k = line.find(key + "=\"");
            if (k == std::string::npos) return std::string();
            k += key.size() + 2;
            return line.substr(k, line.find('"', k) - k);
        };
        out[{label("connector"), label("task")}] = std::strtod(line.substr(line.rfind(' ') + 1).c_str(), nullptr);
    }
    return out;
}

int run_status(const std::vector<std::string> &args) {
    auto opts = worker_options("status");
    opts.add_options()("json", po::bool_switch());
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(opts).run(), vm);
        po::notify(vm);
    } catch (const po::error &e) {
        std::cerr << "inlet status: " << e.what() << " (try: inlet help status)\n";
        return exit_usage;
    }
    WorkerTarget t;
    if (!read_worker_target(vm, "status", t)) return exit_usage;
    try {
        auto st = rest::http_call(t.url, "GET", "/connectors?expand=status", {}, t.token);
        if (st.status != 200) {
            std::cerr << "inlet status: " << t.url << ": " << worker_error_text(st) << "\n";
            return exit_failure;
        }
        auto m = rest::http_call(t.url, "GET", "/metrics", {}, t.token);
        auto written = metric(m.body, "inlet_source_record_write_total");
        auto rate = metric(m.body, "inlet_source_record_write_rate");
        json connectors = json::parse(st.body);
        for (auto &[name, c] : connectors.items())
            for (auto &task : c["status"]["tasks"]) {
                std::pair<std::string, std::string> key{name, std::to_string(task["id"].get<int>())};
                task["records"] = uint64_t(written[key]);
                task["records_per_second"] = rate[key];
            }
        if (vm["json"].as<bool>()) {
            std::cout << connectors.dump(2) << "\n";
            return exit_ok;
        }
        std::printf("%-24s %-5s %-11s %14s %12s\n", "CONNECTOR", "TASK", "STATE", "RECORDS", "RECORDS/S");
        for (auto &[name, c] : connectors.items()) {
            const json &s = c["status"];
            std::printf("%-24s %-5s %-11s\n", name.c_str(), "-", s["connector"]["state"].get<std::string>().c_str());
            for (const auto &task : s["tasks"]) {
                std::printf("%-24s %-5d %-11s %14llu %12.0f\n", "", task["id"].get<int>(),
                            task["state"].get<std::string>().c_str(),
                            static_cast<unsigned long long>(task["records"].get<uint64_t>()),
                            task["records_per_second"].get<double>());
                if (task.contains("trace")) std::printf("      %s\n", task["trace"].get<std::string>().c_str());
            }
        }
        return exit_ok;
    } catch (const rest::ClientError &e) {
        std::cerr << "inlet status: " << e.what() << "\n";
        return exit_failure;
    } catch (const json::exception &e) {
        std::cerr << "inlet status: " << t.url << " answered something that is not Kafka Connect's JSON: " << e.what() << "\n";
        return exit_failure;
    }
}

int run_connectors(const std::vector<std::string> &args) {
    po::variables_map vm;
    std::vector<std::string> words;
    if (!parse_worker_command(args, worker_options("connectors"), "connectors", vm, words)) return exit_usage;
    static const std::map<std::string, std::pair<const char *, std::string>> actions = {
        {"pause", {"PUT", "/pause"}},
        {"resume", {"PUT", "/resume"}},
        {"stop", {"PUT", "/stop"}},
        {"restart", {"POST", "/restart?includeTasks=true"}},
        {"delete", {"DELETE", ""}}};
    if (words.size() != 2 || !actions.count(words[0])) {
        std::cerr << "inlet connectors: expected pause|resume|restart|stop|delete NAME (try: inlet help connectors)\n";
        return exit_usage;
    }
    WorkerTarget t;
    if (!read_worker_target(vm, "connectors", t)) return exit_usage;
    std::string name = path_segment(words[1]);
    const auto &[method, suffix] = actions.at(words[0]);
    try {
        auto r = rest::http_call(t.url, method, "/connectors/" + name + suffix, {}, t.token);
        if (r.status >= 300) {
            std::cerr << "inlet connectors: " << words[0] << " " << words[1] << ": " << worker_error_text(r) << "\n";
            return exit_failure;
        }
        std::cout << words[0] << " " << words[1] << (words[0] == "delete" ? ": deleted\n" : ": accepted\n");
        return exit_ok;
    } catch (const rest::ClientError &e) {
        std::cerr << "inlet connectors: " << e.what() << "\n";
        return exit_failure;
    }
}

} // namespace

extern const Verb verb_status{"status", "Show a worker's connectors and tasks (REST API)", status_help,
                              &run_status};
extern const Verb verb_connectors{"connectors", "Pause, resume, restart, stop or delete a worker's connector",
                                  connectors_help, &run_connectors};

} // namespace inlet::cli
