// The process's one JVM, found, started and attached to threads.
//
// JNI allows one JVM per process and none after it is destroyed, so the JVM is started on first
// use and lives until the process exits; the Jvm object that owns it is held by JavaRuntime
// (java_runtime.hpp), the plugin's one process-wide object. libjvm.so is dlopen'ed, not linked:
// inlet and this plugin load on machines without Java, and a connector then fails with one line.
//
// Threads: a thread that calls into Java is attached once (as a daemon, so it never holds the
// process open) and detached by a thread_local guard when it ends.
#pragma once

#include <jni.h>

#include <csignal>
#include <string>
#include <vector>

namespace inlet::kafka {

// Where libjvm.so is: $JAVA_HOME, then the `java` on PATH (symlinks followed), then Debian's
// default-java and the JDK this plugin was built with. Empty with `searched` filled when none.
std::string find_libjvm(std::string &searched);

class Jvm {
public:
    // Starts the JVM with this class path and options (-Xrs is always added: inlet, not the
    // JVM, handles SIGINT/SIGTERM). Throws std::runtime_error with one line on failure.
    Jvm(const std::string &class_path, const std::vector<std::string> &options);
    Jvm(const Jvm &) = delete;
    Jvm &operator=(const Jvm &) = delete;

    // The calling thread's JNIEnv, attaching it on its first call.
    JNIEnv *env();

private:
    JavaVM *vm_ = nullptr;
};

// Blocks SIGINT/SIGTERM/SIGHUP/SIGQUIT in the calling thread for its scope. A thread Java code
// starts inherits its starter's signal mask; inlet takes these signals on a thread of its own
// (sigtimedwait) and would die of one delivered to a JVM thread that left them unblocked (with
// -Xrs the JVM installs no handler for them). Every call into Java outside poll() (whose task
// threads inlet starts with them blocked) runs under one.
class ShutdownSignalsBlocked {
public:
    ShutdownSignalsBlocked();
    ~ShutdownSignalsBlocked();
    ShutdownSignalsBlocked(const ShutdownSignalsBlocked &) = delete;
    ShutdownSignalsBlocked &operator=(const ShutdownSignalsBlocked &) = delete;

private:
    sigset_t saved_;
};

// Local references made in its scope are freed at its end (a task thread polls forever, and
// JNI frees local references only when a native method returns, which never happens here).
class LocalFrame {
public:
    LocalFrame(JNIEnv *env, int capacity) : env_(env) { env_->PushLocalFrame(capacity); }
    ~LocalFrame() { env_->PopLocalFrame(nullptr); }
    LocalFrame(const LocalFrame &) = delete;
    LocalFrame &operator=(const LocalFrame &) = delete;

private:
    JNIEnv *env_;
};

} // namespace inlet::kafka
