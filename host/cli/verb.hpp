// One CLI verb: its name, help text and entry point. Each verb lives in its own file and is
// listed once in main.cpp's table.
#pragma once

#include <string>
#include <vector>

namespace inlet::cli {

struct Verb {
    const char *name;
    const char *summary; // one line for `inlet --help`
    const char *help;    // full text for `inlet help VERB`: usage, options, an example
    int (*run)(const std::vector<std::string> &args); // args after the verb; returns exit code
};

// Exit codes shared by every verb.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1; // the job/check failed, or validation found problems
inline constexpr int exit_usage = 2;   // bad command line or bad input file

} // namespace inlet::cli
