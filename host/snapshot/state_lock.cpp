#include "snapshot/state_lock.hpp"

#include <string>

#include <fcntl.h>
#include <sys/file.h>

namespace inlet::host {

StateLock::StateLock(const std::filesystem::path &dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw StateLockError("cannot create state directory " + dir.string() + ": " + ec.message());
    auto file = dir / "LOCK";
    fd_.reset(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!fd_) throw StateLockError(os_error("cannot open " + file.string()));
    if (::flock(fd_.get(), LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        if (err != EWOULDBLOCK) throw StateLockError(os_error("cannot lock " + file.string(), err));
        char buf[32] = {};
        ssize_t n = ::pread(fd_.get(), buf, sizeof buf - 1, 0);
        std::string pid = n > 0 ? std::string(buf, size_t(n)) : std::string();
        while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
        throw StateLockError("state directory " + dir.string() +
                             " is in use by another inlet process" +
                             (pid.empty() ? std::string() : " (PID " + pid + ")"));
    }
    std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_.get(), 0) != 0 ||
        ::pwrite(fd_.get(), pid.data(), pid.size(), 0) != ssize_t(pid.size()))
        throw StateLockError(os_error("cannot write " + file.string()));
}

} // namespace inlet::host
