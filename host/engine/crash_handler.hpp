// Naming the connector that crashed the process. A plugin runs in the host's address space, so
// a SIGSEGV (or SIGBUS, SIGFPE, SIGILL, SIGABRT) in it ends the host: nothing can make that
// safe. What the host can do is say which connector, task and call were running, so the user
// knows whom to blame, and leave recovery to the snapshots (a rerun resumes from the last one).
//
// Each task thread records the plugin call it is making in a thread-local, allocation-free
// PluginCall; the handler reads the faulting thread's record and writes one line with write(2)
// only, e.g. "inlet: fatal signal SIGSEGV in connector 'dice' task 1 during poll()", then puts
// back the disposition it replaced and re-raises, so the process still dies of the signal (or
// the sanitizer's own handler reports it).
#pragma once

#include <csignal>
#include <cstddef>
#include <cstdint>

namespace inlet::host {

// One plugin call in progress on this thread. Plain data: the signal handler reads it.
struct PluginCall {
    const char *connector = nullptr; // NUL-terminated, owned by the caller for the call's life
    int64_t task = -1;               // -1: a connector-level call
    const char *call = nullptr;      // "poll", "start", …; nullptr: no plugin call
};

// Marks this thread as being inside a plugin call for its scope.
class PluginCallScope {
public:
    PluginCallScope(const char *connector, int64_t task, const char *call) noexcept;
    ~PluginCallScope();
    PluginCallScope(const PluginCallScope &) = delete;
    PluginCallScope &operator=(const PluginCallScope &) = delete;

private:
    PluginCall saved_;
};

// Installs the fatal-signal handlers for the process. Idempotent and thread-safe. Signal
// dispositions are process-wide by nature: this is the one place that owns them.
void install_crash_handler();

// An alternate signal stack for the calling thread for its scope, so that a plugin overflowing
// its stack can still be reported (the handler then runs on this stack).
class AltSignalStack {
public:
    AltSignalStack();
    ~AltSignalStack();
    AltSignalStack(const AltSignalStack &) = delete;
    AltSignalStack &operator=(const AltSignalStack &) = delete;

private:
    void *memory_ = nullptr;
    std::size_t size_ = 0;
    bool installed_ = false;
    stack_t previous_{};
};

} // namespace inlet::host
