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
