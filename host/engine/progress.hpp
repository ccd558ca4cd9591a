// The live status of a running job on stderr: on a terminal, one line refreshed 4 times a
// second; elsewhere, a log line every 10 seconds. Runs on its own thread for the life of the
// object; the line itself comes from a callback (the job's counters are atomics).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace inlet::host {

// n with a comma every three digits (1,234,567): the status line's and the run summary's.
std::string with_commas(uint64_t n);

class Progress {
public:
    explicit Progress(std::function<std::string()> line);
    ~Progress(); // stops the thread and clears the terminal line
    Progress(const Progress &) = delete;
    Progress &operator=(const Progress &) = delete;

private:
    void run();
    std::function<std::string()> line_;
    bool tty_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool done_ = false;
    std::thread thread_;
};

} // namespace inlet::host
