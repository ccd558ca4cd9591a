// Helpers for the engine units: the seq connector compiled into this test (a real connector,
// called through its C table) and a temporary directory.
#pragma once

#include "engine/pipeline.hpp"

#include <inlet/connector.hpp>

#include <filesystem>
#include <string>
#include <unistd.h>

extern "C" const inlet_plugin *inlet_plugin_entry_v1(void);

namespace test {

inline const inlet_plugin &seq() { return *inlet_plugin_entry_v1(); }

inline inlet::host::SourceSpec seq_source(const std::string &name, uint32_t tasks,
                                          inlet::host::KeyValues props) {
    inlet::host::SourceSpec s;
    s.name = name;
    s.connector_class = "seq";
    s.tasks_max = tasks;
    s.properties = std::move(props);
    s.properties.emplace_back("name", name);
    s.properties.emplace_back("connector.class", "seq");
    s.properties.emplace_back("tasks.max", std::to_string(tasks));
    return s;
}

class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "inlet-test-XXXXXX").string();
        path_ = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path &path() const { return path_; }

private:
    std::filesystem::path path_;
};

} // namespace test
