// PLACEHOLDER until its issue lands: replaced by the verb's real implementation.
#include "cli/verb.hpp"
#include <iostream>
namespace inlet::cli {
static int run_check(const std::vector<std::string> &) {
    std::cerr << "inlet check: not available in this build\n";
    return exit_failure;
}
extern const Verb verb_check{"check", "(in progress)", "inlet check: in progress\n", &run_check};
} // namespace inlet::cli
