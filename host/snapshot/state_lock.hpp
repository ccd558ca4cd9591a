// Keeps two processes off one state directory: an exclusive flock on <dir>/LOCK, held for the
// life of this object. The holder's PID is written into the file so the refusal can name it.
// The kernel drops the lock when the process dies, so a kill -9 never leaves a stale lock.
#pragma once

#include "snapshot/unique_fd.hpp"

#include <filesystem>
#include <stdexcept>

namespace inlet::host {

class StateLockError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class StateLock {
public:
    // Throws StateLockError: "state directory D is in use by another inlet process (PID n)".
    explicit StateLock(const std::filesystem::path &dir);

private:
    UniqueFd fd_;
};

} // namespace inlet::host
