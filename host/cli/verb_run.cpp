// PLACEHOLDER until its issue lands: replaced by the verb's real implementation.
#include "cli/verb.hpp"
#include <iostream>
namespace inlet::cli {
static int run_run(const std::vector<std::string> &) {
    std::cerr << "inlet run: not available in this build\n";
    return exit_failure;
}
extern const Verb verb_run{"run", "(in progress)", "inlet run: in progress\n", &run_run};
} // namespace inlet::cli
