#include "check/report.hpp"

#include <algorithm>
#include <ostream>

#include <nlohmann/json.hpp>

namespace inlet::check {

void Report::add(Result r) {
    results_.push_back(std::move(r));
    if (listener_) listener_(results_.back());
}

bool Report::all_passed() const { return failures() == 0; }

size_t Report::failures() const {
    return static_cast<size_t>(std::count_if(results_.begin(), results_.end(), [](const Result &r) {
        return r.outcome == Outcome::fail;
    }));
}

const char *outcome_label(Outcome o) {
    switch (o) {
    case Outcome::pass: return "PASS";
    case Outcome::fail: return "FAIL";
    case Outcome::skip: return "SKIP";
    }
    return "?";
}

void print_text_line(std::ostream &out, const Result &r) {
    std::string name = r.name;
    if (name.size() < 26) name.resize(26, ' ');
    out << outcome_label(r.outcome) << "  " << name;
    if (!r.detail.empty()) out << "  " << r.detail;
    out << '\n' << std::flush;
}

void print_json(std::ostream &out, const std::string &plugin, const Report &report) {
    nlohmann::json checks = nlohmann::json::array();
    for (const auto &r : report.results())
        checks.push_back({{"name", r.name}, {"outcome", outcome_label(r.outcome)}, {"detail", r.detail}});
    nlohmann::json doc = {{"plugin", plugin}, {"passed", report.all_passed()}, {"checks", checks}};
    out << doc.dump(2) << '\n' << std::flush;
}

} // namespace inlet::check
