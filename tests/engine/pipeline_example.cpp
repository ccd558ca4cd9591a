// A complete program on the embedding API (engine/pipeline.hpp): load connector plugins from a
// folder, read from a connector, keep some records, print their values, stop on its own when
// the source is bounded. Usage: pipeline_example PLUGIN_DIR CONNECTOR [key=value...]
#include "engine/pipeline.hpp"

#include <cstdio>
#include <string>

int main(int argc, char **argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s PLUGIN_DIR CONNECTOR [key=value...]\n", argv[0]);
        return 2;
    }
    auto plugins = inlet::host::PluginRegistry::scan({argv[1]});
    const inlet::host::Plugin *plugin = plugins.find(argv[2]);
    if (plugin == nullptr) {
        std::fprintf(stderr, "no connector '%s' in %s\n", argv[2], argv[1]);
        return 1;
    }

    inlet::SourceSpec source;
    source.name = "example";
    source.connector_class = argv[2];
    for (int i = 3; i < argc; ++i) {
        std::string kv = argv[i];
        auto eq = kv.find('=');
        source.properties.emplace_back(kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1));
    }

    unsigned long long kept = 0;
    inlet::Pipeline pipeline("example");
    pipeline.read(*plugin, source)
        .filter([](const inlet_record &r) { return r.value != nullptr; })
        .write([&kept](const inlet_record &r) {
            ++kept;
            if (r.value->type == INLET_TYPE_STRING)
                std::printf("%.*s\n", int(r.value->u.s.len), r.value->u.s.ptr);
        });
    pipeline.options().show_progress = false;

    inlet::RunningJob job = std::move(pipeline).submit();
    inlet::JobResult result = job.wait(); // or job.cancel() from another thread
    if (!result.ok) {
        std::fprintf(stderr, "job failed: %s\n", result.error.c_str());
        return 1;
    }
    std::fprintf(stderr, "%llu records\n", kept);
    return 0;
}
