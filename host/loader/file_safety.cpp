#include "loader/file_safety.hpp"

#include <system_error>

namespace inlet::host {
namespace fs = std::filesystem;

namespace {

bool writable_by_others(const fs::path &p, std::error_code &ec) {
    const auto st = fs::status(p, ec);
    if (ec) return false;
    const auto bad = fs::perms::group_write | fs::perms::others_write;
    return (st.permissions() & bad) != fs::perms::none;
}

} // namespace

std::string unsafe_permissions(const fs::path &file) {
    std::error_code ec;
    // The real file, so a symlink in a safe folder cannot point into an unsafe one.
    const fs::path real = fs::canonical(file, ec);
    if (ec) return "cannot resolve path: " + ec.message();
    if (writable_by_others(real, ec))
        return "refusing " + real.string() + ": writable by group or others (chmod go-w '" +
               real.string() + "')";
    if (ec) return "cannot stat: " + ec.message();
    // Both the folder of the real file and, for a symlink, the folder of the link: whoever can
    // write either can swap what gets loaded.
    for (const fs::path &dir : {real.parent_path(), fs::absolute(file, ec).parent_path()}) {
        if (ec) return "cannot resolve path: " + ec.message();
        if (writable_by_others(dir, ec))
            return "refusing " + file.string() + ": its directory " + dir.string() +
                   " is writable by group or others (chmod go-w '" + dir.string() + "')";
        if (ec) return "cannot stat " + dir.string() + ": " + ec.message();
    }
    return {};
}

} // namespace inlet::host
