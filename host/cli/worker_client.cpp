#include "cli/worker_client.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

namespace inlet::cli {

namespace po = boost::program_options;

po::options_description worker_options(const char *verb) {
    po::options_description opts(verb);
    opts.add_options()("rest", po::value<std::string>())("token-file", po::value<std::string>());
    return opts;
}

bool parse_worker_command(const std::vector<std::string> &args, po::options_description opts, const char *verb,
                          po::variables_map &vm, std::vector<std::string> &words) {
    opts.add_options()("words", po::value<std::vector<std::string>>());
    po::positional_options_description pos;
    pos.add("words", -1);
    try {
        po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::error &e) {
        std::cerr << "inlet " << verb << ": " << e.what() << " (try: inlet help " << verb << ")\n";
        return false;
    }
    if (vm.count("words")) words = vm["words"].as<std::vector<std::string>>();
    return true;
}

bool read_worker_target(const po::variables_map &vm, const char *verb, WorkerTarget &t) {
    if (vm.count("rest")) t.url = vm["rest"].as<std::string>();
    else if (const char *env = std::getenv("INLET_REST_URL"); env && *env) t.url = env;
    else t.url = "http://127.0.0.1:8083";
    if (!vm.count("token-file")) return true;
    std::string path = vm["token-file"].as<std::string>();
    std::ifstream in(path);
    if (!in || !std::getline(in, t.token) || t.token.empty()) {
        std::cerr << "inlet " << verb << ": --token-file " << path << ": cannot read a token\n";
        return false;
    }
    return true;
}

std::string worker_error_text(const rest::ClientResponse &r) {
    try {
        auto j = nlohmann::json::parse(r.body);
        if (j.is_object() && j.contains("message") && j["message"].is_string()) return j["message"].get<std::string>();
    } catch (const nlohmann::json::exception &) {
        // not JSON: the body itself says it
    }
    return r.body.empty() ? "HTTP " + std::to_string(r.status) : r.body;
}

std::string path_segment(const std::string &name) {
    std::string out;
    for (unsigned char ch : name) {
        if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
            out.push_back(char(ch));
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", ch);
            out += buf;
        }
    }
    return out;
}

} // namespace inlet::cli
