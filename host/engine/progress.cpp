#include "engine/progress.hpp"

#include <cstdio>

#include <spdlog/spdlog.h>
#include <unistd.h>

namespace inlet::host {

std::string with_commas(uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

Progress::Progress(std::function<std::string()> line)
    : line_(std::move(line)), tty_(::isatty(2) == 1), thread_([this] { run(); }) {}

Progress::~Progress() {
    {
        std::lock_guard lock(mu_);
        done_ = true;
    }
    cv_.notify_all();
    thread_.join();
    if (tty_) std::fputs("\r\033[K", stderr);
}

void Progress::run() {
    auto period = tty_ ? std::chrono::milliseconds(250) : std::chrono::milliseconds(10'000);
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, period, [this] { return done_; })) {
        std::string line = line_();
        if (tty_) {
            std::fprintf(stderr, "\r\033[K%s", line.c_str());
            std::fflush(stderr);
        } else {
            spdlog::info("{}", line);
        }
    }
}

} // namespace inlet::host
