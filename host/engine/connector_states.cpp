#include "engine/connector_states.hpp"

#include "engine/job.hpp"
#include "snapshot/unique_fd.hpp"

#include <fstream>

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace inlet::host {
namespace fs = std::filesystem;

namespace {
constexpr const char *file_name = "connectors.json";
} // namespace

fs::path saved_connectors_file(const fs::path &state_dir) { return state_dir / file_name; }

SavedConnectors load_saved_connectors(const fs::path &state_dir) {
    fs::path file = state_dir / file_name;
    std::ifstream in(file);
    if (!in) return {};
    SavedConnectors out;
    try {
        auto j = nlohmann::json::parse(in);
        for (const auto &[name, state] : j.at("connectors").items()) {
            std::string s = state.get<std::string>();
            if (s == "PAUSED") out.states[name] = RunState::paused;
            else if (s == "STOPPED") out.states[name] = RunState::stopped;
            else if (s == "RUNNING") out.states[name] = RunState::running;
            else throw JobSetupError(file.string() + ": connector '" + name + "': unknown state '" + s + "'");
        }
        if (j.contains("configs"))
            for (const auto &[name, config] : j["configs"].items()) {
                KeyValues kv;
                for (const auto &[k, v] : config.items()) kv.emplace_back(k, v.get<std::string>());
                out.configs[name] = std::move(kv);
            }
        if (j.contains("topics"))
            for (const auto &[name, topics] : j["topics"].items())
                out.topics[name] = topics.get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception &e) {
        throw JobSetupError(file.string() + ": not a connector state file written by inlet (" +
                            e.what() + "); remove it to start every connector RUNNING");
    }
    return out;
}

void save_connectors(const fs::path &state_dir, const SavedConnectors &saved) {
    nlohmann::json j{{"connectors", nlohmann::json::object()}};
    for (const auto &[name, state] : saved.states) j["connectors"][name] = state_name(state);
    if (!saved.configs.empty()) {
        j["configs"] = nlohmann::json::object();
        for (const auto &[name, config] : saved.configs) {
            nlohmann::json c = nlohmann::json::object();
            for (const auto &[k, v] : config) c[k] = v;
            j["configs"][name] = std::move(c);
        }
    }
    if (!saved.topics.empty()) j["topics"] = saved.topics;
    std::string text = j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    fs::path final_path = state_dir / file_name, temp = state_dir / (std::string(file_name) + ".tmp");
    {
        UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
        if (!fd) throw std::runtime_error(os_error("cannot create " + temp.string()));
        if (::write(fd.get(), text.data(), text.size()) != ssize_t(text.size()) || ::fsync(fd.get()) != 0)
            throw std::runtime_error(os_error("cannot write " + temp.string()));
    }
    if (::rename(temp.c_str(), final_path.c_str()) != 0)
        throw std::runtime_error(os_error("cannot rename " + temp.string() + " into place"));
    UniqueFd dir(::open(state_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir || ::fsync(dir.get()) != 0) throw std::runtime_error(os_error("cannot fsync " + state_dir.string()));
}

} // namespace inlet::host
