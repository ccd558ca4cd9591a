// The outcome of an `inlet check` run: one line per check, PASS/FAIL/SKIP and why.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace inlet::check {

enum class Outcome { pass, fail, skip };

struct Result {
    std::string name;   // stable identifier, e.g. "offsets-roundtrip" (tests match on it)
    Outcome outcome = Outcome::pass;
    std::string detail; // why it failed, or what was observed when it passed
};

class Report {
public:
    // Called with each result as it is added (the text output streams, so a slow check shows
    // progress).
    using Listener = std::function<void(const Result &)>;

    explicit Report(Listener listener = {}) : listener_(std::move(listener)) {}

    void add(Result r);
    void pass(std::string name, std::string detail = {}) { add({std::move(name), Outcome::pass, std::move(detail)}); }
    void fail(std::string name, std::string detail) { add({std::move(name), Outcome::fail, std::move(detail)}); }
    void skip(std::string name, std::string detail) { add({std::move(name), Outcome::skip, std::move(detail)}); }

    const std::vector<Result> &results() const { return results_; }
    bool all_passed() const; // skips count as passes: a skip always says why
    size_t failures() const;

private:
    Listener listener_;
    std::vector<Result> results_;
};

const char *outcome_label(Outcome o);

// "PASS  name  detail" — one line per result.
void print_text_line(std::ostream &out, const Result &r);
// {"plugin": ..., "passed": bool, "checks": [{"name","outcome","detail"}...]}
void print_json(std::ostream &out, const std::string &plugin, const Report &report);

} // namespace inlet::check
