// INLET_RECORD_BORROWED (connector.h, ABI 1.2): the host writes a borrowed value from the
// plugin's memory, and the plugin may overwrite it once the poll after the one that emitted it
// has returned; a record too small to have `flags` (a plugin built against ABI 1.0/1.1) is
// copied whatever lies where `flags` would be. A borrowed STRUCT is lent with its items and
// their bytes; one the host must change (a BOOLEAN neither 0 nor 1) is copied instead.
#include "support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

using namespace inlet;

namespace lender {

constexpr int polls = 40, per_poll = 50;

constexpr inlet_field row_fields[] = {{"s", &inlet::schema::string}, {"b", &inlet::schema::boolean}};
constexpr inlet_schema row = inlet::schema::structure("row", row_fields);

struct Task {
    const inlet_host *host = nullptr;
    bool old_record = false; // emits ABI 1.1-sized records (struct_size without flags)
    bool as_struct = false;  // emits STRUCT {s, b} values whose items live in `items`
    int truth = 1;   // the BOOLEAN's raw value (2: a true the host must normalise, so copy)
    int poll = 0;
    char area[2][per_poll][32];
    inlet_value items[2][per_poll][2];
};

// The running task's items, so the test's sink can tell a lent struct from a copied one.
const void *items_begin = nullptr, *items_end = nullptr;

inlet_status start(const inlet_host *h, const inlet_config *c, const inlet_offsets *, void **out,
                   inlet_error *) {
    const char *mode = h->config_get(c, "mode");
    auto is = [&](const char *m) { return mode != nullptr && std::strcmp(mode, m) == 0; };
    auto *t = new Task();
    t->host = h;
    t->old_record = is("old");
    t->as_struct = is("struct") || is("struct-copied");
    if (is("struct-copied")) t->truth = 2;
    items_begin = t->items;
    items_end = t->items + 2;
    *out = t;
    return INLET_OK;
}

inlet_status poll(void *task, inlet_emitter *e, uint32_t, inlet_error *) {
    auto *t = static_cast<Task *>(task);
    if (++t->poll > polls) return INLET_FINISHED;
    // The area of two polls ago: the promise of what it lent then has ended.
    auto &area = t->area[t->poll % 2];
    char offset[32];
    for (int i = 0; i < per_poll; ++i) {
        int len = std::snprintf(area[i], sizeof area[i], "p%d-%d", t->poll, i);
        inlet_value v = inlet::value::string({area[i], size_t(len)});
        std::snprintf(offset, sizeof offset, "{\"n\":%d}", t->poll * per_poll + i);
        inlet::Record rec;
        rec.partition(R"({"p":1})").offset(offset).borrowed();
        inlet_value *items = t->items[t->poll % 2][i];
        if (t->as_struct) {
            items[0] = v;
            items[1] = inlet_value{};
            items[1].type = INLET_TYPE_BOOLEAN;
            items[1].u.b = t->truth;
            v = inlet::value::structure({items, 2});
            rec.value(&row, &v);
        } else {
            rec.value(&inlet::schema::string, &v);
        }
        if (t->old_record) rec.r.struct_size = offsetof(inlet_record, flags); // flags set, unseen
        if (t->host->emit(e, &rec.r) == INLET_EMIT_REJECTED) return INLET_FATAL;
        // Copied records may be overwritten at once; an old plugin's record must have been, and
        // so must a struct the host had to normalise.
        if (t->old_record || t->truth != 1) {
            std::memset(area[i], 'X', sizeof area[i]);
            std::memset(items, 'X', 2 * sizeof(inlet_value));
        }
    }
    return INLET_OK;
}

void stop(void *task) {
    auto *t = static_cast<Task *>(task);
    std::memset(t->area, 'S', sizeof t->area); // what the host must never read
    std::memset(t->items, 'S', sizeof t->items);
    delete t;
}

inlet_plugin descriptor() {
    inlet_plugin p{};
    p.struct_size = sizeof p;
    p.abi_major = INLET_ABI_MAJOR;
    p.abi_minor = INLET_ABI_MINOR;
    p.name = "lender";
    p.version = "1";
    p.description = "borrowed records";
    p.config_key_size = sizeof(inlet_config_key);
    p.start = &start;
    p.poll = &poll;
    p.stop = &stop;
    return p;
}

} // namespace lender

namespace {
// Runs the test plugin (its config: mode=`mode`) to its end, every record to `write`.
JobResult run_plugin(const inlet_plugin &plugin, const char *mode,
                     std::function<void(const inlet_record &)> write) {
    host::SourceSpec s;
    s.name = plugin.name;
    s.connector_class = plugin.name;
    s.properties = {{"mode", mode}};
    JobOptions o;
    o.show_progress = false;
    Pipeline p(plugin.name);
    p.read(plugin, s).write(std::move(write)).options(o);
    return std::move(p).submit().wait();
}
} // namespace

TEST_CASE("borrowed values are written as emitted, though the plugin reuses its memory") {
    const inlet_plugin plugin = lender::descriptor();
    for (const char *mode : {"borrowed", "old", "struct", "struct-copied"}) {
        CAPTURE(mode);
        std::vector<std::string> got;
        size_t bad_bool = 0, lent = 0;
        JobResult r = run_plugin(plugin, mode, [&](const inlet_record &rec) {
            const inlet_value *v = rec.value;
            if (v->type == INLET_TYPE_STRUCT) {
                const void *at = v->u.seq.items;
                lent += at >= lender::items_begin && at < lender::items_end;
                // The BOOLEAN as the sink sees it: 1 (normalised when it was 2).
                bad_bool += v->u.seq.items[1].type != INLET_TYPE_BOOLEAN || v->u.seq.items[1].u.b != 1;
                v = &v->u.seq.items[0];
            }
            got.emplace_back(v->u.s.ptr, v->u.s.len);
            // A slow sink: the task runs ahead until the host holds it back.
            if (got.size() % 64 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        });
        REQUIRE_MESSAGE(r.ok, r.error);
        REQUIRE(got.size() == size_t(lender::polls * lender::per_poll));
        size_t wrong = 0;
        for (int g = 1; g <= lender::polls; ++g)
            for (int i = 0; i < lender::per_poll; ++i)
                wrong += got[size_t((g - 1) * lender::per_poll + i)] !=
                         "p" + std::to_string(g) + "-" + std::to_string(i);
        CHECK(wrong == 0);
        CHECK(bad_bool == 0);
        // A struct is lent as it stands, or copied whole when the host must change a part.
        CHECK(lent == (std::strcmp(mode, "struct") == 0 ? got.size() : 0));
    }
}

// INLET_RECORD_STABLE_NAMES (connector.h, ABI 1.2): the host may know a record's topic and
// partition by their address, but only for the rest of the poll that emitted them (the plugin
// may write other text there once it returned), and never for a record without the flag.
namespace namer {

constexpr int polls = 30, per_poll = 40;

struct Task {
    const inlet_host *host;
    bool stable; // flagged, and the names change only between polls; else they change per record
    int poll = 0;
    char partition[32];
    char topic[32];
};

inlet_status start(const inlet_host *h, const inlet_config *c, const inlet_offsets *, void **out,
                   inlet_error *) {
    const char *mode = h->config_get(c, "mode");
    *out = new Task{h, mode != nullptr && std::strcmp(mode, "stable") == 0, 0, {}, {}};
    return INLET_OK;
}

// What record i of poll g is named: by poll when stable, by record otherwise.
int name_of(bool stable, int g, int i) { return stable ? g % 3 : i % 2; }

inlet_status poll(void *task, inlet_emitter *e, uint32_t, inlet_error *) {
    auto *t = static_cast<Task *>(task);
    if (++t->poll > polls) return INLET_FINISHED;
    char offset[32];
    for (int i = 0; i < per_poll; ++i) {
        // Same memory every time, other text: poll by poll (stable) or record by record.
        const int n = name_of(t->stable, t->poll, i);
        std::snprintf(t->partition, sizeof t->partition, "{\"p\":%d}", n);
        std::snprintf(t->topic, sizeof t->topic, "t%d", n);
        std::snprintf(offset, sizeof offset, "{\"n\":%d}", t->poll * per_poll + i);
        inlet_value v = inlet::value::int32(i);
        inlet::Record rec;
        rec.topic(t->topic).partition(t->partition).offset(offset).value(&inlet::schema::int32, &v);
        rec.stable_names(t->stable);
        if (t->host->emit(e, &rec.r) == INLET_EMIT_REJECTED) return INLET_FATAL;
    }
    return INLET_OK;
}

void stop(void *task) { delete static_cast<Task *>(task); }

inlet_plugin descriptor() {
    inlet_plugin p = lender::descriptor();
    p.name = "namer";
    p.description = "stable names";
    p.start = &start;
    p.poll = &poll;
    p.stop = &stop;
    return p;
}

} // namespace namer

TEST_CASE("a stable name is known by its address only within its poll, and only when flagged") {
    const inlet_plugin plugin = namer::descriptor();
    for (const char *mode : {"stable", "plain"}) {
        CAPTURE(mode);
        const bool stable = std::strcmp(mode, "stable") == 0;
        std::vector<std::string> got;
        JobResult r = run_plugin(plugin, mode, [&](const inlet_record &rec) {
            got.push_back(std::string(rec.topic) + " " + rec.source_partition);
        });
        REQUIRE_MESSAGE(r.ok, r.error);
        REQUIRE(got.size() == size_t(namer::polls * namer::per_poll));
        size_t wrong = 0;
        for (int g = 1; g <= namer::polls; ++g)
            for (int i = 0; i < namer::per_poll; ++i) {
                const int n = namer::name_of(stable, g, i);
                wrong += got[size_t((g - 1) * namer::per_poll + i)] !=
                         "t" + std::to_string(n) + " {\"p\":" + std::to_string(n) + "}";
            }
        CHECK(wrong == 0);
    }
}
