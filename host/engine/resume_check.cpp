#include "engine/resume_check.hpp"

#include <nlohmann/json.hpp>

namespace inlet::host {
namespace fs = std::filesystem;

std::string relative_path_conflict(const OffsetTable &restored, const fs::path &then,
                                   const fs::path &now) {
    if (then.empty() || then.lexically_normal() == now.lexically_normal()) return {};
    for (const OffsetTable::Entry &e : restored) {
        auto doc = nlohmann::json::parse(e.partition, nullptr, false);
        if (!doc.is_object()) continue;
        for (auto it = doc.begin(); it != doc.end(); ++it) {
            const auto &value = it.value();
            if (!value.is_string()) continue;
            const std::string text = value.get<std::string>();
            if (text.empty() || fs::path(text).is_absolute()) continue;
            std::error_code ec;
            if (!fs::exists(then / text, ec)) continue; // not a path (or gone): nothing to misread
            return "its partition " + std::string(e.partition) + " names the relative path '" + text +
                   "', which was " + (then / text).lexically_normal().string() +
                   " when the snapshot was taken in " + then.string() +
                   "; from this working directory (" + now.string() + ") it is another file. Run from " +
                   then.string() + ", or give the connector an absolute path and another state directory";
        }
    }
    return {};
}

} // namespace inlet::host
