// How `inlet check` holds a plugin to INLET_RECORD_BORROWED (connector.h): what a borrowed
// record's top-level key and value point at (bytes; a composite value's items arrays and all
// they point at) must stay unchanged until the task's next poll() returns or its stop() begins.
// The watch keeps a copy of each of those byte ranges when they are emitted and
// compares the plugin's own bytes with it at the very moment the promise ends; a difference is
// a broken promise, named by record and poll. (Under ASan a plugin that freed the bytes instead
// is caught by the same read, as a use after free.) A record flagged INLET_RECORD_STABLE_NAMES
// is held to its topic and partition text the same way, until its own poll returns.
#pragma once

#include <inlet/connector.h>

#include <cstddef>
#include <string>
#include <vector>

namespace inlet::check {

class BorrowWatch {
public:
    // A record emitted during poll number `poll` (1-based, per task), the `index`-th of the run.
    void emitted(const inlet_record &rec, size_t poll, size_t index);
    // Poll number `poll` returned: the promises that last until then end (borrowed keys and
    // values of the poll before it, stable names of this one).
    void poll_returned(size_t poll) { settle(poll); }
    // stop() is about to begin: every promise ends.
    void stopping() { settle(static_cast<size_t>(-1)); }

    size_t borrowed() const { return borrowed_; } // borrowed byte ranges seen (key/value/names)
    size_t broken() const { return broken_; }
    const std::string &first_broken() const { return first_broken_; }

private:
    struct Held {
        const char *ptr;
        std::string copy;
        size_t poll, index;
        size_t until;     // the promise ends when this poll returns
        const char *part; // "key", "value", "topic" or "source_partition"
        const char *flag; // the flag that made the promise
    };
    void hold(const inlet_value *v, const char *part, size_t poll, size_t index);
    // Every byte range `v` points at, depth first (no deeper than the host copies).
    void hold_tree(const inlet_value &v, const char *part, size_t poll, size_t index, size_t depth);
    void hold_text(const char *text, const char *part, size_t poll, size_t index);
    // Compares and forgets every held range whose promise ends when poll `returned` returns
    // (SIZE_MAX: stop() begins).
    void settle(size_t returned);

    std::vector<Held> held_;
    size_t borrowed_ = 0;
    size_t broken_ = 0;
    std::string first_broken_;
};

} // namespace inlet::check
