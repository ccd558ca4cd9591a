// PLACEHOLDER until its issue lands: replaced by the verb's real implementation.
#include "cli/verb.hpp"
#include <iostream>
namespace inlet::cli {
static int run_validate(const std::vector<std::string> &) {
    std::cerr << "inlet validate: not available in this build\n";
    return exit_failure;
}
extern const Verb verb_validate{"validate", "(in progress)", "inlet validate: in progress\n", &run_validate};
} // namespace inlet::cli
