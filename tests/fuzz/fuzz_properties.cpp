// libFuzzer: the .properties parser. Any input parses or fails with a JobSyntaxError that names
// the file and a line within the input.
#include "config/job_loader.hpp"
#include "config/properties.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string_view text(reinterpret_cast<const char *>(data), size);
    // Every kind of line end counts as one, so this bounds any line number the parser reports.
    int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n') +
                                     std::count(text.begin(), text.end(), '\r'));
    try {
        for (const auto &p : inlet::host::parse_properties(text, "fuzz.properties"))
            if (p.line < 1 || p.line > lines) __builtin_trap();
    } catch (const inlet::host::JobSyntaxError &e) {
        if (std::string_view(e.what()).substr(0, 16) != "fuzz.properties:") __builtin_trap();
    }
    return 0;
}
