// A plugin call that never returns would hang `inlet check` forever, and a call in progress
// cannot be cancelled. The watchdog turns that into a verdict: when an armed deadline passes,
// it reports which call hung and ends the process with a failure.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace inlet::check {

class Watchdog {
public:
    // on_hang(what) runs on the watchdog's thread; after it returns the process exits with 1.
    explicit Watchdog(std::function<void(const std::string &)> on_hang);
    ~Watchdog();
    Watchdog(const Watchdog &) = delete;
    Watchdog &operator=(const Watchdog &) = delete;

    // Arms the watchdog for one call; disarms when the Guard goes out of scope.
    class Guard {
    public:
        Guard(Watchdog &w, std::chrono::milliseconds limit, std::string what);
        ~Guard();
        Guard(const Guard &) = delete;
        Guard &operator=(const Guard &) = delete;

    private:
        Watchdog &w_;
    };

private:
    void run();

    std::function<void(const std::string &)> on_hang_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool armed_ = false;
    bool quit_ = false;
    std::chrono::steady_clock::time_point deadline_;
    std::string what_;
    std::thread thread_; // last: starts after the state above exists
};

} // namespace inlet::check
