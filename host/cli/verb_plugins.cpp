// PLACEHOLDER until its issue lands: replaced by the verb's real implementation.
#include "cli/verb.hpp"
#include <iostream>
namespace inlet::cli {
static int run_plugins(const std::vector<std::string> &) {
    std::cerr << "inlet plugins: not available in this build\n";
    return exit_failure;
}
extern const Verb verb_plugins{"plugins", "(in progress)", "inlet plugins: in progress\n", &run_plugins};
} // namespace inlet::cli
