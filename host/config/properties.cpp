#include "config/properties.hpp"

#include "config/job_loader.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace inlet::host {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }
bool is_eol(char c) { return c == '\n' || c == '\r'; }

// A logical line: natural lines joined where one ends in an odd number of backslashes.
struct LogicalLine {
    std::string text;
    int line = 0;
};

class LineReader {
public:
    explicit LineReader(std::string_view text) : text_(text) {}

    // False at the end of input. Comment and blank lines are skipped here, as Java does:
    // a comment line never continues, even when it ends in a backslash.
    bool next(LogicalLine &out) {
        out.text.clear();
        bool continuing = false;
        while (pos_ < text_.size()) {
            if (!continuing) out.line = line_;
            // Leading whitespace of every natural line is insignificant (also after a
            // continuation, which is how Java lets continued values be indented).
            while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
            if (!continuing && pos_ < text_.size() && (text_[pos_] == '#' || text_[pos_] == '!')) {
                skip_to_next_line();
                continue;
            }
            size_t start = pos_;
            while (pos_ < text_.size() && !is_eol(text_[pos_])) ++pos_;
            std::string_view natural = text_.substr(start, pos_ - start);
            skip_eol();
            if (!continuing && natural.empty()) continue; // a blank line
            size_t backslashes = 0;
            while (backslashes < natural.size() &&
                   natural[natural.size() - 1 - backslashes] == '\\')
                ++backslashes;
            if (backslashes % 2 == 1) {
                out.text.append(natural.substr(0, natural.size() - 1));
                continuing = true;
                continue;
            }
            out.text.append(natural);
            return true;
        }
        // End of input: a dangling continuation still yields what was collected.
        return continuing;
    }

private:
    void skip_eol() {
        if (pos_ >= text_.size()) return;
        if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
        ++pos_;
        ++line_;
    }
    void skip_to_next_line() {
        while (pos_ < text_.size() && !is_eol(text_[pos_])) ++pos_;
        skip_eol();
    }

    std::string_view text_;
    size_t pos_ = 0;
    int line_ = 1;
};

void append_utf8(std::string &out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

class Unescaper {
public:
    Unescaper(const std::string &file, int line) : file_(file), line_(line) {}

    // Decodes s[begin, end); a \uXXXX high surrogate followed by a low one becomes one code
    // point, a lone surrogate is kept as U+FFFD (UTF-8 cannot carry it).
    std::string decode(std::string_view s) const {
        std::string out;
        out.reserve(s.size());
        uint32_t pending_high = 0;
        auto flush_high = [&] {
            if (pending_high != 0) append_utf8(out, 0xFFFD);
            pending_high = 0;
        };
        for (size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            if (c != '\\' || i + 1 >= s.size()) {
                flush_high();
                out += c;
                continue;
            }
            char e = s[++i];
            if (e != 'u') {
                flush_high();
                switch (e) {
                case 't': out += '\t'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 'f': out += '\f'; break;
                default: out += e; break; // \\ \: \= \# \! \space and any other: the char itself
                }
                continue;
            }
            uint32_t cp = 0;
            for (int k = 0; k < 4; ++k) {
                if (i + 1 >= s.size()) fail();
                char h = s[++i];
                cp <<= 4;
                if (h >= '0' && h <= '9') cp |= static_cast<uint32_t>(h - '0');
                else if (h >= 'a' && h <= 'f') cp |= static_cast<uint32_t>(h - 'a' + 10);
                else if (h >= 'A' && h <= 'F') cp |= static_cast<uint32_t>(h - 'A' + 10);
                else fail();
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                flush_high();
                pending_high = cp;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                if (pending_high != 0) {
                    append_utf8(out, 0x10000 + ((pending_high - 0xD800) << 10) + (cp - 0xDC00));
                    pending_high = 0;
                } else {
                    append_utf8(out, 0xFFFD);
                }
            } else {
                flush_high();
                append_utf8(out, cp);
            }
        }
        flush_high();
        return out;
    }

private:
    [[noreturn]] void fail() const {
        throw JobSyntaxError(file_ + ":" + std::to_string(line_) +
                             ": malformed \\uXXXX escape (4 hex digits expected)");
    }
    const std::string &file_;
    int line_;
};

} // namespace

std::vector<Property> parse_properties(std::string_view text, const std::string &file) {
    std::vector<Property> out;
    LineReader reader(text);
    LogicalLine ll;
    while (reader.next(ll)) {
        const std::string &s = ll.text;
        // The key ends at the first unescaped '=', ':' or whitespace.
        size_t i = 0;
        while (i < s.size()) {
            if (s[i] == '\\') {
                i += 2;
                continue;
            }
            if (s[i] == '=' || s[i] == ':' || is_blank(s[i])) break;
            ++i;
        }
        size_t key_end = i < s.size() ? i : s.size();
        // Then whitespace, at most one separator, whitespace again.
        size_t v = key_end;
        while (v < s.size() && is_blank(s[v])) ++v;
        if (v < s.size() && (s[v] == '=' || s[v] == ':')) ++v;
        while (v < s.size() && is_blank(s[v])) ++v;
        Unescaper unescape(file, ll.line);
        out.push_back({unescape.decode(std::string_view(s).substr(0, key_end)),
                       unescape.decode(std::string_view(s).substr(v)), ll.line});
    }
    return out;
}

std::string read_text_file(const std::filesystem::path &file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        throw JobSyntaxError(file.string() + ": cannot read: is a directory");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw JobSyntaxError(file.string() + ": cannot read: " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw JobSyntaxError(file.string() + ": cannot read: " + std::strerror(errno));
    return std::move(ss).str();
}

std::vector<Property> read_properties_file(const std::filesystem::path &file) {
    return parse_properties(read_text_file(file), file.string());
}

} // namespace inlet::host
