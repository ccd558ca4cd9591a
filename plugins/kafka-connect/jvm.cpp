#include "jvm.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <csignal>

#include <dlfcn.h>
#include <pthread.h>

namespace inlet::kafka {
namespace fs = std::filesystem;

namespace {

using CreateJavaVM = jint (*)(JavaVM **, void **, void *);

bool is_file(const fs::path &p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

// A JDK or JRE home holds lib/server/libjvm.so (Java 9+; Java 8 had jre/lib/amd64/server).
std::string libjvm_under(const fs::path &home) {
    for (const char *rel : {"lib/server/libjvm.so", "jre/lib/amd64/server/libjvm.so"})
        if (is_file(home / rel)) return (home / rel).string();
    return {};
}

std::string java_on_path() {
    const char *path = std::getenv("PATH");
    if (path == nullptr) return {};
    std::string_view rest(path);
    while (!rest.empty()) {
        const size_t colon = rest.find(':');
        const fs::path dir(std::string(rest.substr(0, colon)));
        if (!dir.empty() && is_file(dir / "java")) {
            std::error_code ec;
            const fs::path real = fs::canonical(dir / "java", ec); // /etc/alternatives/...
            if (!ec) return real.parent_path().parent_path().string(); // <home>/bin/java
        }
        if (colon == std::string_view::npos) break;
        rest.remove_prefix(colon + 1);
    }
    return {};
}

// The calling thread's attachment; detached when the thread ends.
struct Attachment {
    JavaVM *vm = nullptr;
    JNIEnv *env = nullptr;
    ~Attachment() {
        if (vm != nullptr) vm->DetachCurrentThread();
    }
};
thread_local Attachment attachment;

} // namespace

ShutdownSignalsBlocked::ShutdownSignalsBlocked() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set, sig);
    pthread_sigmask(SIG_BLOCK, &set, &saved_);
}

ShutdownSignalsBlocked::~ShutdownSignalsBlocked() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }

std::string find_libjvm(std::string &searched) {
    std::vector<std::pair<std::string, std::string>> homes; // where from, home
    if (const char *jh = std::getenv("JAVA_HOME"); jh != nullptr && *jh != '\0')
        homes.emplace_back("JAVA_HOME", jh);
    if (auto home = java_on_path(); !home.empty()) homes.emplace_back("java on PATH", home);
    homes.emplace_back("Debian's default", "/usr/lib/jvm/default-java");
#ifdef INLET_BUILD_JAVA_HOME
    homes.emplace_back("the build's JDK", INLET_BUILD_JAVA_HOME);
#endif
    searched.clear();
    for (const auto &[from, home] : homes) {
        if (auto lib = libjvm_under(home); !lib.empty()) return lib;
        searched += (searched.empty() ? "" : ", ") + home + " (" + from + ")";
    }
    return {};
}

Jvm::Jvm(const std::string &class_path, const std::vector<std::string> &options) {
    std::string searched;
    const std::string lib = find_libjvm(searched);
    if (lib.empty())
        throw std::runtime_error("no Java runtime found (looked in " + searched +
                                 "): install openjdk-17-jre-headless or set JAVA_HOME");
    // RTLD_GLOBAL: libjvm's own helper libraries (libjava, libjsig) resolve against it.
    void *handle = ::dlopen(lib.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (handle == nullptr)
        throw std::runtime_error("cannot load " + lib + ": " + ::dlerror());
    auto created = reinterpret_cast<jint (*)(JavaVM **, jsize, jsize *)>(
        ::dlsym(handle, "JNI_GetCreatedJavaVMs"));
    auto create = reinterpret_cast<CreateJavaVM>(::dlsym(handle, "JNI_CreateJavaVM"));
    if (create == nullptr || created == nullptr)
        throw std::runtime_error(lib + " has no JNI_CreateJavaVM: not a JVM library");

    // An embedder may have started a JVM already: JNI allows no second one, so share it.
    jsize count = 0;
    if (created(&vm_, 1, &count) == JNI_OK && count == 1) return;

    std::vector<std::string> all{"-Djava.class.path=" + class_path, "-Xrs"};
    all.insert(all.end(), options.begin(), options.end());
    std::vector<JavaVMOption> opts(all.size());
    for (size_t i = 0; i < all.size(); ++i) opts[i].optionString = all[i].data();
    JavaVMInitArgs args{};
    args.version = JNI_VERSION_10;
    args.nOptions = jint(opts.size());
    args.options = opts.data();
    args.ignoreUnrecognized = JNI_FALSE;
    JNIEnv *env = nullptr;
    jint rc;
    {
        ShutdownSignalsBlocked blocked; // the JVM's own threads inherit it
        rc = create(&vm_, reinterpret_cast<void **>(&env), &args);
    }
    if (rc != JNI_OK) {
        std::string joined;
        for (const auto &o : options) joined += " " + o;
        throw std::runtime_error("the JVM (" + lib + ") did not start (JNI error " +
                                 std::to_string(rc) + "); check inlet.jvm.options:" +
                                 (joined.empty() ? " (none)" : joined));
    }
    // The creating thread is attached by JNI_CreateJavaVM; its guard detaches it at its end.
    attachment.vm = vm_;
    attachment.env = env;
}

JNIEnv *Jvm::env() {
    if (attachment.env != nullptr) return attachment.env;
    JNIEnv *env = nullptr;
    if (vm_->GetEnv(reinterpret_cast<void **>(&env), JNI_VERSION_10) == JNI_OK) return env;
    JavaVMAttachArgs args{JNI_VERSION_10, const_cast<char *>("inlet-task"), nullptr};
    if (vm_->AttachCurrentThreadAsDaemon(reinterpret_cast<void **>(&env), &args) != JNI_OK)
        throw std::runtime_error("cannot attach this thread to the JVM");
    attachment.vm = vm_;
    attachment.env = env;
    return env;
}

} // namespace inlet::kafka
