#include "pg_time.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace inlet_pg {

[[noreturn]] void bad(std::string_view what, std::string_view text) {
    throw std::runtime_error("cannot read '" + std::string(text.substr(0, 64)) + "' as " + std::string(what));
}

int64_t to_int(std::string_view s, std::string_view what) {
    // Up to 18 digits cannot overflow: a plain loop (several per value, on every record).
    const char *p = s.data(), *const e = p + s.size();
    const bool neg = p != e && *p == '-';
    p += neg;
    if (p != e && e - p <= 18) {
        int64_t v = 0;
        for (; p != e; ++p) {
            const unsigned d = static_cast<unsigned char>(*p) - '0';
            if (d > 9) bad(what, s);
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }
    int64_t v = 0;
    auto [q, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || q != s.data() + s.size()) bad(what, s);
    return v;
}

namespace {

// The n digits at s[at, at + n) (the caller checked the length), or -1 if one is not a digit.
int64_t digits_at(std::string_view s, size_t at, size_t n) {
    int64_t v = 0;
    for (size_t i = at; i < at + n; ++i) {
        const unsigned d = static_cast<unsigned char>(s[i]) - '0';
        if (d > 9) return -1;
        v = v * 10 + d;
    }
    return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Parts {
    int64_t days = 0;   // date part
    int64_t micros = 0; // time of day
    int64_t offset_s = 0;
    std::string_view time_text; // HH:MM:SS[.fff] as written
};

// "YYYY-MM-DD" then optionally " HH:MM:SS[.ffffff]" then optionally "+HH[:MM[:SS]]", then
// optionally " BC".
Parts parse_datetime(std::string_view s, bool with_time, std::string_view what) {
    Parts p;
    bool bc = false;
    if (s.size() > 3 && s.substr(s.size() - 3) == " BC") {
        bc = true;
        s.remove_suffix(3);
    }
    size_t d2 = 7;
    int64_t y = 0, mo = 0, d = 0;
    if (s.size() >= 10 && s[4] == '-' && s[7] == '-' && (y = digits_at(s, 0, 4)) >= 0 &&
        (mo = digits_at(s, 5, 2)) >= 0 && (d = digits_at(s, 8, 2)) >= 0) {
        // YYYY-MM-DD, what the server writes for years 1-9999
    } else {
        const size_t d1 = s.find('-', 1);
        d2 = d1 == std::string_view::npos ? d1 : s.find('-', d1 + 1);
        if (d2 == std::string_view::npos || s.size() < d2 + 3) bad(what, s);
        y = to_int(s.substr(0, d1), what);
        mo = to_int(s.substr(d1 + 1, d2 - d1 - 1), what);
        d = to_int(s.substr(d2 + 1, 2), what);
    }
    if (bc) y = 1 - y;
    p.days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    std::string_view rest = s.substr(d2 + 3);
    if (!with_time) {
        if (!rest.empty()) bad(what, s);
        return p;
    }
    if (rest.empty() || rest[0] != ' ') bad(what, s);
    rest.remove_prefix(1);
    size_t tz = rest.find_first_of("+-");
    p.time_text = rest.substr(0, tz);
    if (tz != std::string_view::npos) {
        std::string_view z = rest.substr(tz + 1);
        int64_t h = to_int(z.substr(0, 2), what), mi = 0, se = 0;
        if (z.size() >= 5) mi = to_int(z.substr(3, 2), what);
        if (z.size() >= 8) se = to_int(z.substr(6, 2), what);
        p.offset_s = (rest[tz] == '-' ? -1 : 1) * (h * 3600 + mi * 60 + se);
    }
    return p;
}

} // namespace

int64_t parse_time_us(std::string_view t, std::string_view what) {
    if (t.size() < 8 || t[2] != ':' || t[5] != ':') bad(what, t);
    const int64_t h = digits_at(t, 0, 2), m = digits_at(t, 3, 2), sec = digits_at(t, 6, 2);
    if (h < 0 || m < 0 || sec < 0) bad(what, t);
    int64_t us = (h * 3600 + m * 60 + sec) * 1000000;
    if (t.size() > 8) {
        const size_t n = std::min<size_t>(t.size() - 9, 6);
        if (t[8] != '.' || n == 0) bad(what, t);
        int64_t frac = digits_at(t, 9, n);
        if (frac < 0 || t.size() > 15) bad(what, t);
        for (size_t i = n; i < 6; ++i) frac *= 10;
        us += frac;
    }
    return us;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// PgJDBC's (and so Debezium's) stand-ins for +/-infinity timestamps, in ms.
constexpr int64_t infinity_ms = 9223372036825200000LL;
constexpr int64_t minus_infinity_ms = -9223372036832400000LL;

int64_t timestamp_us(std::string_view s, std::string_view what, bool *infinite) {
    *infinite = false;
    if (s == "infinity" || s == "-infinity") {
        *infinite = true;
        return s[0] == '-' ? minus_infinity_ms : infinity_ms;
    }
    Parts p = parse_datetime(s, true, what);
    return p.days * 86400000000LL + parse_time_us(p.time_text, what) - p.offset_s * 1000000;
}

namespace {
void append2(std::string &out, int64_t v) {
    out.push_back(static_cast<char>('0' + v / 10));
    out.push_back(static_cast<char>('0' + v % 10));
}

} // namespace

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// What the server writes with TimeZone=UTC (the connections set it) for years 1-9999:
// "YYYY-MM-DD HH:MM:SS[.f{1,6}]+00", the fraction already without trailing zeros. Then the
// ISO-8601 form is the same characters with 'T' and 'Z': no arithmetic (one per timestamptz).
bool zoned_utc(std::string_view s, std::string &out) {
    const size_t n = s.size();
    if (n < 22 || s.compare(n - 3, 3, "+00") != 0 || s[4] != '-' || s[7] != '-' || s[10] != ' ' ||
        s[13] != ':' || s[16] != ':')
        return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
        if (!is_digit(s[i])) return false;
    if (digits_at(s, 0, 4) == 0) return false; // year 0000 does not exist (1 BC is written so)
    const size_t end = n - 3; // the time's end
    if (end != 19) {
        if (s[19] != '.' || end - 20 > 6 || end == 20 || s[end - 1] == '0') return false;
        for (size_t i = 20; i < end; ++i)
            if (!is_digit(s[i])) return false;
    }
    out.assign(s.data(), end);
    out[10] = 'T';
    out.push_back('Z');
    return true;
}
} // namespace

// ISO-8601 in UTC with 'Z', the fraction without trailing zeros (Debezium's ZonedTimestamp).
void zoned(std::string_view s, std::string &out) {
    if (s == "infinity" || s == "-infinity") {
        out.assign(s);
        return;
    }
    if (zoned_utc(s, out)) return;
    bool inf = false;
    const int64_t us = timestamp_us(s, "timestamptz", &inf);
    const int64_t days = floor_div(us, 86400000000LL);
    int64_t tod = us - days * 86400000000LL;
    // civil_from_days
    int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char buf[32];
    std::snprintf(buf, sizeof buf, y >= 0 && y <= 9999 ? "%04lld" : "%+05lld", static_cast<long long>(y));
    out = buf; // rare here: zoned_utc took the usual form
    out.push_back('-');
    append2(out, m);
    out.push_back('-');
    append2(out, d);
    out.push_back('T');
    const int64_t micros = tod % 1000000;
    tod /= 1000000;
    append2(out, tod / 3600);
    out.push_back(':');
    append2(out, tod / 60 % 60);
    out.push_back(':');
    append2(out, tod % 60);
    if (micros) {
        char f[7];
        int64_t m = micros;
        for (int i = 5; i >= 0; --i, m /= 10) f[i] = static_cast<char>('0' + m % 10);
        int len = 6;
        while (f[len - 1] == '0') --len;
        out.push_back('.');
        out.append(f, static_cast<size_t>(len));
    }
    out.push_back('Z');
}

int64_t date_days(std::string_view s) { return parse_datetime(s, false, "date").days; }

} // namespace inlet_pg
