// libFuzzer: the job.json reader. Any input must end in a JobSpec or a JobError, nothing else
// (no other exception, no crash, no sanitizer report).
#include "config/load_context.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string text(reinterpret_cast<const char *>(data), size);
    inlet::host::Diagnostics diag;
    try {
        auto job = inlet::host::parse_json_text(text, "fuzz/job.json", diag);
        for (const auto &p : diag.problems())
            if (p.where.empty()) __builtin_trap(); // every problem says where it is
        (void)job;
    } catch (const inlet::host::JobError &) {
    }
    return 0;
}
