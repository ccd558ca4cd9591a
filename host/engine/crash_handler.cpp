#include "engine/crash_handler.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>

#include <sys/mman.h>
#include <unistd.h>

namespace inlet::host {
namespace {

// initial-exec: reading it in a signal handler must not call into the TLS allocator.
thread_local PluginCall current_call __attribute__((tls_model("initial-exec")));

struct FatalSignal {
    int number;
    const char *name;
};
constexpr FatalSignal fatal_signals[] = {
    {SIGSEGV, "SIGSEGV"}, {SIGBUS, "SIGBUS"}, {SIGFPE, "SIGFPE"},
    {SIGILL, "SIGILL"},   {SIGABRT, "SIGABRT"},
};
constexpr size_t fatal_count = sizeof fatal_signals / sizeof fatal_signals[0];

// The dispositions the handler replaced, put back before re-raising. Written once under
// std::call_once before any handler can run; read only by the handler.
struct sigaction previous_actions[fatal_count];
std::once_flag install_once;

// Async-signal-safe text building: no allocation, no locale, no stdio.
struct Line {
    char text[512];
    size_t used = 0;
    void add(const char *s) {
        while (s != nullptr && *s != '\0' && used < sizeof text - 1) text[used++] = *s++;
    }
    void add_number(int64_t v) {
        char digits[24];
        size_t n = 0;
        uint64_t u = v < 0 ? uint64_t(-(v + 1)) + 1 : uint64_t(v);
        do {
            digits[n++] = char('0' + u % 10);
            u /= 10;
        } while (u != 0 && n < sizeof digits);
        if (v < 0) add("-");
        while (n > 0 && used < sizeof text - 1) text[used++] = digits[--n];
    }
};

void on_fatal_signal(int sig, siginfo_t *, void *) {
    int saved_errno = errno;
    size_t index = 0;
    while (index < fatal_count && fatal_signals[index].number != sig) ++index;
    Line line;
    line.add("inlet: fatal signal ");
    if (index < fatal_count) line.add(fatal_signals[index].name);
    else line.add_number(sig);
    const PluginCall call = current_call;
    if (call.call != nullptr) {
        line.add(" in connector '");
        line.add(call.connector);
        line.add("'");
        if (call.task >= 0) {
            line.add(" task ");
            line.add_number(call.task);
        }
        line.add(" during ");
        line.add(call.call);
        line.add("() (the job resumes from its last snapshot when rerun)");
    } else {
        line.add(" (not inside a connector call)");
    }
    line.add("\n");
    const char *p = line.text;
    size_t left = line.used;
    while (left > 0) {
        ssize_t n = ::write(STDERR_FILENO, p, left);
        if (n <= 0) break;
        p += n;
        left -= size_t(n);
    }
    // Put back what was there (the default action, or a sanitizer's reporter) and let it act:
    // the signal is blocked while we run, so it is delivered as soon as we return.
    if (index < fatal_count) ::sigaction(sig, &previous_actions[index], nullptr);
    else ::signal(sig, SIG_DFL);
    ::raise(sig);
    errno = saved_errno;
}

} // namespace

PluginCallScope::PluginCallScope(const char *connector, int64_t task, const char *call) noexcept
    : saved_(current_call) {
    // Field by field with a compiler barrier: a signal may arrive between any two stores, and
    // `call` (set last) is what marks the record complete.
    current_call.call = nullptr;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    current_call.connector = connector;
    current_call.task = task;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    current_call.call = call;
}

PluginCallScope::~PluginCallScope() {
    current_call.call = nullptr;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    current_call.connector = saved_.connector;
    current_call.task = saved_.task;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    current_call.call = saved_.call;
}

void install_crash_handler() {
    std::call_once(install_once, [] {
        for (size_t i = 0; i < fatal_count; ++i) {
            struct sigaction sa {};
            sa.sa_sigaction = &on_fatal_signal;
            sigemptyset(&sa.sa_mask);
            sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
            ::sigaction(fatal_signals[i].number, &sa, &previous_actions[i]);
        }
    });
}

AltSignalStack::AltSignalStack() {
    size_ = 64u << 10;
    long min = ::sysconf(_SC_SIGSTKSZ);
    if (min > 0 && size_t(min) * 4 > size_) size_ = size_t(min) * 4;
    void *mem = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) return; // no alternate stack: a stack overflow goes unreported
    memory_ = mem;
    stack_t ss{};
    ss.ss_sp = memory_;
    ss.ss_size = size_;
    installed_ = ::sigaltstack(&ss, &previous_) == 0;
}

AltSignalStack::~AltSignalStack() {
    if (installed_) ::sigaltstack(&previous_, nullptr);
    if (memory_ != nullptr) ::munmap(memory_, size_);
}

} // namespace inlet::host
