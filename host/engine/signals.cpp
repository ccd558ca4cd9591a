#include "engine/signals.hpp"

#include <cerrno>
#include <ctime>

#include <spdlog/spdlog.h>
#include <unistd.h>

namespace inlet::host {

SignalWatcher::SignalWatcher(std::function<void(int)> on_first) : on_first_(std::move(on_first)) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &previous_);
    thread_ = std::thread([this] { run(); });
}

SignalWatcher::~SignalWatcher() {
    done_.store(true);
    // Wake the thread now instead of at its next tick (which would add up to 100 ms to every
    // run): a signal it takes while done_ is set only ends its loop.
    pthread_sigqueue(thread_.native_handle(), SIGTERM, sigval{});
    thread_.join();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

void SignalWatcher::run() {
    int seen = 0;
    timespec tick{0, 100'000'000};
    while (!done_.load()) {
        int sig = sigtimedwait(&set_, nullptr, &tick);
        if (sig < 0 || done_.load()) continue; // EAGAIN (tick), EINTR, or the destructor's wake
        if (++seen == 1) {
            spdlog::info("{} received: stopping (a second signal exits at once)",
                         sig == SIGINT ? "SIGINT" : "SIGTERM");
            on_first_(sig);
        } else {
            static const char msg[] = "inlet: second signal, exiting now\n";
            ssize_t ignored = ::write(2, msg, sizeof msg - 1);
            (void)ignored;
            _exit(128 + sig);
        }
    }
}

} // namespace inlet::host
