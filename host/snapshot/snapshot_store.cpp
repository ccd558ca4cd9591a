#include "snapshot/snapshot_store.hpp"

#include "snapshot/crc32c.hpp"
#include "snapshot/snapshot_payload.hpp"
#include "snapshot/unique_fd.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

namespace inlet::host {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view trailer_prefix = "#inlet-snapshot crc32c=";
constexpr std::string_view file_prefix = "snapshot-";
constexpr std::string_view file_suffix = ".json";
constexpr std::string_view temp_prefix = ".snapshot-";
constexpr std::string_view temp_suffix = ".tmp";

std::optional<uint64_t> id_of(const std::string &name) {
    if (name.size() != file_prefix.size() + 20 + file_suffix.size()) return std::nullopt;
    if (!name.starts_with(file_prefix) || !name.ends_with(file_suffix)) return std::nullopt;
    uint64_t id = 0;
    for (size_t i = file_prefix.size(); i < file_prefix.size() + 20; ++i) {
        if (name[i] < '0' || name[i] > '9') return std::nullopt;
        id = id * 10 + uint64_t(name[i] - '0');
    }
    return id;
}

void write_all(int fd, std::string_view data, const fs::path &file) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw SnapshotError(os_error("cannot write snapshot " + file.string()));
        }
        data.remove_prefix(size_t(n));
    }
}

void fsync_dir(const fs::path &dir) {
    if (int err = sync_directory(dir.c_str()); err != 0)
        throw SnapshotError(os_error("cannot fsync state directory " + dir.string(), err));
}

// Sized once from fstat and read in as few calls as the kernel allows: a snapshot of 100,000
// partitions is several megabytes, read before the first new record.
std::string read_file(const fs::path &file) {
    UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0) throw SnapshotError(os_error("cannot read"));
    std::string bytes(size_t(st.st_size), '\0');
    size_t got = 0;
    while (got < bytes.size()) {
        ssize_t n = ::read(fd.get(), bytes.data() + got, bytes.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw SnapshotError(os_error("cannot read"));
        if (n == 0) break; // shrank since fstat: the trailer check reports it as truncated
        got += size_t(n);
    }
    bytes.resize(got);
    return bytes;
}

} // namespace

SnapshotStore::SnapshotStore(fs::path dir, size_t keep) : dir_(std::move(dir)), keep_(keep) {
    if (keep_ == 0) keep_ = 1;
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) throw SnapshotError("cannot create state directory " + dir_.string() + ": " + ec.message());
    for (const auto &e : fs::directory_iterator(dir_, ec)) {
        auto name = e.path().filename().string();
        if (name.starts_with(temp_prefix) && name.ends_with(temp_suffix)) fs::remove(e.path(), ec);
    }
    if (const char *hook = std::getenv("INLET_TEST_CRASH_IN_SNAPSHOT"))
        crash_on_nth_ = std::strtoull(hook, nullptr, 10);
}

fs::path SnapshotStore::file_for(uint64_t id) const {
    char name[64];
    std::snprintf(name, sizeof name, "snapshot-%020" PRIu64 ".json", id);
    return dir_ / name;
}

std::string SnapshotStore::encode(const Snapshot &snap) {
    std::string payload = encode_payload(snap);
    char trailer[96];
    std::snprintf(trailer, sizeof trailer, "%.*s%08x bytes=%zu\n", int(trailer_prefix.size()),
                  trailer_prefix.data(), crc32c(payload), payload.size());
    payload += trailer;
    return payload;
}

Snapshot SnapshotStore::decode(std::string_view bytes) {
    if (bytes.empty() || bytes.back() != '\n') throw SnapshotError("truncated (no trailer line)");
    size_t cut = bytes.rfind('\n', bytes.size() - 2);
    if (cut == std::string_view::npos) throw SnapshotError("truncated (no trailer line)");
    std::string_view payload = bytes.substr(0, cut + 1);
    std::string trailer(bytes.substr(cut + 1, bytes.size() - cut - 2));
    unsigned crc = 0;
    size_t length = 0;
    if (!trailer.starts_with(trailer_prefix) ||
        std::sscanf(trailer.c_str() + trailer_prefix.size(), "%8x bytes=%zu", &crc, &length) != 2)
        throw SnapshotError("malformed trailer line");
    if (length != payload.size()) throw SnapshotError("truncated (length mismatch)");
    if (crc32c(payload) != crc) throw SnapshotError("checksum mismatch");
    if (auto snap = decode_payload_fast(payload)) return std::move(*snap);
    try {
        auto doc = nlohmann::json::parse(payload);
        // Checked types before get<>(): converting an out-of-range number is undefined
        // behaviour (found by the snapshot fuzz target).
        const auto &format = doc.at("format");
        if (!format.is_number_integer() || format.get<int64_t>() != 1)
            throw SnapshotError("unknown snapshot format");
        if (!doc.at("snapshot").is_number_unsigned())
            throw SnapshotError("malformed payload: snapshot id is not an unsigned integer");
        if (!doc.at("created_ms").is_number_integer())
            throw SnapshotError("malformed payload: created_ms is not an integer");
        Snapshot snap;
        snap.id = doc.at("snapshot").get<uint64_t>();
        snap.job = doc.at("job").get<std::string>();
        snap.created_ms = doc.at("created_ms").get<int64_t>();
        OffsetTable::Builder offsets;
        for (const auto &entry : doc.at("offsets"))
            offsets.add(entry.at(0).get<std::string>(), entry.at(1).get<std::string>(),
                        entry.size() > 2 ? entry.at(2).get<std::string>() : std::string());
        snap.restored = std::make_shared<const OffsetTable>(offsets.finish());
        snap.sink = doc.at("sink");
        return snap;
    } catch (const nlohmann::json::exception &e) {
        throw SnapshotError(std::string("malformed payload: ") + e.what());
    }
}

void SnapshotStore::write(const Snapshot &snap) {
    std::string bytes = encode(snap);
    fs::path final_path = file_for(snap.id);
    fs::path temp = dir_ / (std::string(temp_prefix) + std::to_string(snap.id) +
                            std::string(temp_suffix));
    {
        UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        if (!fd) throw SnapshotError(os_error("cannot create snapshot " + temp.string()));
        try {
            write_all(fd.get(), bytes, temp);
            if (::fsync(fd.get()) != 0)
                throw SnapshotError(os_error("cannot fsync snapshot " + temp.string()));
        } catch (...) {
            std::error_code ec;
            fs::remove(temp, ec);
            throw;
        }
    }
    if (crash_on_nth_ != 0 && ++written_ == crash_on_nth_) {
        spdlog::warn("INLET_TEST_CRASH_IN_SNAPSHOT: aborting before renaming {}", temp.string());
        std::abort();
    }
    if (::rename(temp.c_str(), final_path.c_str()) != 0)
        throw SnapshotError(os_error("cannot rename snapshot into " + final_path.string()));
    fsync_dir(dir_);

    auto ids = list();
    if (ids.size() > keep_) {
        std::error_code ec;
        for (size_t i = 0; i + keep_ < ids.size(); ++i) fs::remove(file_for(ids[i]), ec);
    }
}

std::vector<uint64_t> SnapshotStore::list() const {
    std::vector<uint64_t> ids;
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(dir_, ec))
        if (auto id = id_of(e.path().filename().string())) ids.push_back(*id);
    if (ec) throw SnapshotError("cannot list state directory " + dir_.string() + ": " + ec.message());
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::optional<Snapshot> SnapshotStore::load_latest() const {
    auto ids = list();
    std::vector<std::string> bad; // "snapshot-…json (reason)" for each skipped file
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
        fs::path file = file_for(*it);
        try {
            Snapshot snap = decode(read_file(file));
            if (snap.id != *it) throw SnapshotError("its id does not match its file name");
            for (const auto &b : bad) spdlog::warn("{}; using snapshot {}", b, file.string());
            return snap;
        } catch (const SnapshotError &e) {
            bad.push_back("snapshot " + file.string() + " is corrupt (" + e.what() + ")");
        }
    }
    if (!bad.empty()) {
        std::string all;
        for (const auto &b : bad) all += (all.empty() ? "" : "; ") + b;
        throw SnapshotError(all + "; no valid snapshot left in " + dir_.string() +
                            ": refusing to start from nothing (move the state directory away "
                            "to start over)");
    }
    return std::nullopt;
}

} // namespace inlet::host
