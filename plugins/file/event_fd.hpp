// A wake-up signal another thread can raise while a poll() sleeps in poll(2).
#pragma once

#include "unique_fd.hpp"

#include <sys/eventfd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace inlet_file {

class EventFd {
public:
    EventFd() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
        if (!fd_) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
    }
    int fd() const { return fd_.get(); }
    // Async-signal-safe and thread-safe: a single write(2).
    void raise() const {
        const uint64_t one = 1;
        // A full counter (EAGAIN) already means "raised": nothing is lost by ignoring it.
        [[maybe_unused]] auto n = ::write(fd_.get(), &one, sizeof one);
    }
    // Clears the signal; true when it had been raised.
    bool drain() const {
        uint64_t v = 0;
        return ::read(fd_.get(), &v, sizeof v) == static_cast<ssize_t>(sizeof v);
    }

private:
    UniqueFd fd_;
};

} // namespace inlet_file
