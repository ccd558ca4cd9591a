// inlet's command line: a thin dispatcher over the verbs (cli/verb_*.cpp).
#include "cli/verb.hpp"

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <inlet/connector.h>

#ifndef INLET_VERSION
#define INLET_VERSION "unknown"
#endif

namespace inlet::cli {
// One line per verb; each is defined in its own cli/verb_<name>.cpp.
extern const Verb verb_run;
extern const Verb verb_validate;
extern const Verb verb_plugins;
extern const Verb verb_check;
extern const Verb verb_status;
extern const Verb verb_connectors;
extern const Verb verb_offsets;
} // namespace inlet::cli

namespace {

using inlet::cli::Verb;

const Verb *const verbs[] = {
    &inlet::cli::verb_run,
    &inlet::cli::verb_validate,
    &inlet::cli::verb_plugins,
    &inlet::cli::verb_check,
    &inlet::cli::verb_status,
    &inlet::cli::verb_connectors,
    &inlet::cli::verb_offsets,
};

const Verb *find_verb(const std::string &name) {
    for (const Verb *v : verbs)
        if (name == v->name) return v;
    return nullptr;
}

void print_usage(std::ostream &out) {
    out << "inlet " INLET_VERSION " — run Kafka-Connect-style source connectors natively, with\n"
           "snapshots that let a stopped or crashed job resume exactly where it left off.\n\n"
           "Usage: inlet <verb> [options] [args]\n\nVerbs:\n";
    for (const Verb *v : verbs) {
        std::string name = v->name;
        name.resize(12, ' ');
        out << "  " << name << v->summary << "\n";
    }
    out << "  help        Show help for a verb: inlet help run\n"
           "\nGlobal options:\n"
           "  -h, --help     This text\n"
           "  -V, --version  Version and connector ABI\n"
           "\nExamples:\n"
           "  inlet run job.json                          run a job file\n"
           "  inlet run worker.properties conn.properties Kafka Connect standalone files\n"
           "  inlet plugins describe file                 every config key of a connector\n"
           "  inlet check ./my-connector.so               conformance check for a plugin\n";
}

} // namespace

int main(int argc, char **argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        print_usage(std::cerr);
        return inlet::cli::exit_usage;
    }
    const std::string &first = args[0];
    if (first == "-h" || first == "--help") {
        print_usage(std::cout);
        return inlet::cli::exit_ok;
    }
    if (first == "-V" || first == "--version" || first == "version") {
        std::cout << "inlet " INLET_VERSION " (connector ABI " << INLET_ABI_MAJOR << "."
                  << INLET_ABI_MINOR << ")\n";
        return inlet::cli::exit_ok;
    }
    if (first == "help") {
        if (args.size() < 2) {
            print_usage(std::cout);
            return inlet::cli::exit_ok;
        }
        const Verb *v = find_verb(args[1]);
        if (v == nullptr) {
            std::cerr << "inlet: unknown verb '" << args[1] << "' (try: inlet --help)\n";
            return inlet::cli::exit_usage;
        }
        std::cout << v->help;
        return inlet::cli::exit_ok;
    }
    const Verb *v = find_verb(first);
    if (v == nullptr) {
        std::cerr << "inlet: unknown verb '" << first << "' (try: inlet --help)\n";
        return inlet::cli::exit_usage;
    }
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto &a : rest) {
        if (a == "-h" || a == "--help") {
            std::cout << v->help;
            return inlet::cli::exit_ok;
        }
    }
    return v->run(rest);
}
