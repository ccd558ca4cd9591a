// Java .properties files, read the way java.util.Properties.load reads them (Kafka Connect's
// worker and connector files), keeping each entry's line number for error messages.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace inlet::host {

struct Property {
    std::string key;
    std::string value;
    int line = 0; // where the (possibly continued) logical line starts, 1-based
};

// Every entry in file order, duplicates included (Java keeps the last one; callers decide
// whether to warn). Bytes other than escapes pass through unchanged, so UTF-8 stays UTF-8;
// \uXXXX escapes (and surrogate pairs) are written out as UTF-8.
// Throws JobSyntaxError "<file>:LINE: <reason>" (a malformed \uXXXX escape).
std::vector<Property> parse_properties(std::string_view text, const std::string &file);

// Reads and parses a file; an unreadable file is a JobSyntaxError naming it.
std::vector<Property> read_properties_file(const std::filesystem::path &file);

// The whole content of a file, or JobSyntaxError "<file>: cannot read: <reason>".
std::string read_text_file(const std::filesystem::path &file);

} // namespace inlet::host
