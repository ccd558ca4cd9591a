#include "sink/stream_sink.hpp"

#include <inlet/connector.hpp>

#include <doctest/doctest.h>

#include <fstream>
#include <unistd.h>

using namespace inlet::host;
namespace fs = std::filesystem;

namespace {
struct TempFile {
    fs::path path;
    TempFile() {
        std::string t = (fs::temp_directory_path() / "inlet-sink-XXXXXX").string();
        int fd = ::mkstemp(t.data());
        ::close(fd);
        path = t;
    }
    ~TempFile() { fs::remove(path); }
};

void write_value(Sink &sink, const char *text) {
    inlet_value v = inlet::value::string(text);
    inlet::Record r;
    r.partition("{}").offset("{}").value(&inlet::schema::string, &v);
    sink.write(r.r);
}
} // namespace

TEST_CASE("the file sink records its durable length and rewinds to it") {
    TempFile f;
    std::ofstream(f.path) << "before\n";
    nlohmann::json state;
    {
        FileSink sink(f.path, OutputFormat::value);
        write_value(sink, "one");
        state = sink.make_durable();
        CHECK(state["length"] == 11);
        write_value(sink, "two"); // after the snapshot: must go on rewind
    }
    CHECK(fs::file_size(f.path) == 15);
    {
        FileSink sink(f.path, OutputFormat::value);
        sink.restore(state, /*rewind=*/true);
        write_value(sink, "three");
        CHECK(sink.make_durable()["length"] == 17);
    }
    std::ifstream in(f.path);
    std::string all((std::istreambuf_iterator<char>(in)), {});
    CHECK(all == "before\none\nthree\n");
}

TEST_CASE("a file shorter than its snapshot says is an error naming it") {
    TempFile f;
    FileSink sink(f.path, OutputFormat::value);
    nlohmann::json state = {{"kind", "file"}, {"path", f.path.string()}, {"length", 100}};
    CHECK_THROWS_WITH_AS(sink.restore(state, true), doctest::Contains("shorter than the 100 bytes"),
                         SinkError);
}

TEST_CASE("the file sink fdatasyncs in the background every 32 MiB it writes, never for less") {
    TempFile f;
    const std::string line(4095, 'x'); // with its newline, 4 KiB a record
    FileSink sink(f.path, OutputFormat::value);
    for (int i = 0; i < 30 * 256; ++i) write_value(sink, line.c_str());
    sink.idle();
    sink.sync_behind().drain();
    CHECK(sink.sync_behind().syncs() == 0); // 30 MiB: no background sync (and no thread)
    for (int i = 0; i < 10 * 256; ++i) write_value(sink, line.c_str());
    sink.idle();
    sink.sync_behind().drain();
    CHECK(sink.sync_behind().syncs() == 1); // 40 MiB: one
    CHECK(sink.make_durable()["length"] == 40u << 20);
    CHECK(fs::file_size(f.path) == 40u << 20);
}

TEST_CASE("a file that cannot be reopened gets no background sync, and no error") {
    SyncBehind sync;
    sync.request(-1); // "/proc/self/fd/-1" does not exist
    sync.drain();
    CHECK(sync.syncs() == 0);
    TempFile f;
    UniqueFd fd(::open(f.path.c_str(), O_WRONLY | O_CLOEXEC));
    sync.request(fd.get()); // still none: it gave up on the file it was given
    sync.drain();
    CHECK(sync.syncs() == 0);
    sync.forget(); // another file: tried again
    sync.request(fd.get());
    sync.drain();
    CHECK(sync.syncs() == 1);
}
