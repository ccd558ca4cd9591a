#include "file_identity.hpp"

#include <inlet/connector.hpp>

#include <dirent.h>

#include <memory>

namespace inlet_file {

std::string identity_partition(const std::string &path, const Identity &id) {
    std::string out = "{\"dev\":" + std::to_string(id.dev) + ",\"filename\":";
    inlet::append_json_string(out, path);
    out += ",\"inode\":" + std::to_string(id.ino) + "}";
    return out;
}

std::optional<std::string> find_in_directory(const std::string &near, const Identity &id) {
    const size_t slash = near.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : near.substr(0, slash);
    std::unique_ptr<DIR, int (*)(DIR *)> d(::opendir(dir.c_str()), &::closedir);
    if (!d) return std::nullopt;
    while (const dirent *e = ::readdir(d.get())) {
        if (static_cast<uint64_t>(e->d_ino) != id.ino) continue;
        const std::string path = (dir == "/" ? "" : dir) + "/" + e->d_name;
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0 && identity_of(st) == id) return path;
    }
    return std::nullopt;
}

} // namespace inlet_file
