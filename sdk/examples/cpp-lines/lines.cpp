// cpp-lines — an example inlet source connector written with the C++ helper.
//
// Reads a text file, one record per line: the value is a STRUCT {line: INT64, text: STRING}.
// The offset {"line":N,"position":BYTES} says where the next line starts, so a restart from a
// snapshot seeks there and reads on (the plugin is REPLAYABLE). With follow=true it waits for
// lines appended later instead of finishing, and wake() ends that wait at once.
#include <inlet/connector.hpp>

#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>

namespace {

constexpr inlet_config_key keys[] = {
    {"file", INLET_CFG_STRING, nullptr, 1, "The text file to read; each line becomes one record.",
     nullptr, 0, 0, 0, INLET_IMPORTANCE_HIGH},
    {"topic", INLET_CFG_STRING, "lines", 0, "The topic every record is written to.", nullptr, 0, 0, 0, INLET_IMPORTANCE_HIGH},
    {"follow", INLET_CFG_BOOLEAN, "false", 0,
     "Wait for lines appended to the file instead of finishing at its end.", nullptr, 0, 0, 0, INLET_IMPORTANCE_MEDIUM},
};

constexpr inlet_field line_fields[] = {{"line", &inlet::schema::int64},
                                       {"text", &inlet::schema::string}};
constexpr inlet_schema line_schema = inlet::schema::structure("cpp_lines.Line", line_fields);

class LinesTask : public inlet::Task {
public:
    explicit LinesTask(inlet::TaskContext &ctx)
        : host_(ctx.host), path_(ctx.config.string("file")),
          topic_(ctx.config.string("topic", "lines")), follow_(ctx.config.boolean("follow", false)),
          partition_(inlet::json_object("file", path_)), in_(path_, std::ios::binary) {
        if (!in_) throw inlet::ConfigError("file", "cannot open '" + path_ + "'");
        // Resume where the snapshot says the next line starts.
        if (auto pos = ctx.offsets.get_i64(partition_, "position")) {
            position_ = *pos;
            line_ = ctx.offsets.get_i64(partition_, "line").value_or(0);
            in_.seekg(position_);
        }
    }

    inlet::Poll poll(inlet::Emitter &out, std::chrono::milliseconds timeout) override {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        std::string text;
        while (std::chrono::steady_clock::now() < deadline) {
            if (std::getline(in_, text)) {
                bool complete = !in_.eof(); // getline stopped at a '\n'
                if (complete || !follow_) {
                    // A last line without '\n' counts only when the file will not grow.
                    position_ = complete ? static_cast<int64_t>(in_.tellg())
                                         : position_ + static_cast<int64_t>(text.size());
                    if (!emit(out, text)) return inlet::Poll::more; // the batch is full
                    continue;
                }
            }
            // End of the file (or a line still being written): go back to where it starts.
            in_.clear();
            in_.seekg(position_);
            if (!follow_) return inlet::Poll::finished;
            if (wait_for_more(deadline)) return inlet::Poll::more; // woken
        }
        return inlet::Poll::more;
    }

    void wake() override {
        std::lock_guard lock(mu_);
        woken_ = true;
        cv_.notify_all();
    }

private:
    bool emit(inlet::Emitter &out, const std::string &text) {
        ++line_;
        std::snprintf(offset_, sizeof offset_, "{\"line\":%lld,\"position\":%lld}",
                      static_cast<long long>(line_), static_cast<long long>(position_));
        inlet_value fields[] = {inlet::value::int64(line_), inlet::value::string(text)};
        inlet_value value = inlet::value::structure(fields);
        inlet::Record rec;
        rec.topic(topic_.c_str()).partition(partition_.c_str()).offset(offset_);
        rec.value(&line_schema, &value).timestamp(host_.now_ms());
        return out.emit(rec);
    }

    // Sleeps a little (the file may grow) or until wake(); true when woken.
    bool wait_for_more(std::chrono::steady_clock::time_point deadline) {
        std::unique_lock lock(mu_);
        auto until = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
        cv_.wait_until(lock, until, [&] { return woken_; });
        bool was_woken = woken_;
        woken_ = false;
        return was_woken;
    }

    inlet::Host host_;
    std::string path_, topic_;
    bool follow_;
    std::string partition_;
    std::ifstream in_;
    int64_t position_ = 0; // where the next unread line starts
    int64_t line_ = 0;     // lines emitted so far
    char offset_[64] = {};
    std::mutex mu_;
    std::condition_variable cv_;
    bool woken_ = false;
};

struct LinesConnector {
    // Beyond the types the host checks: the file must be readable now.
    static void validate(const inlet::Config &config) {
        std::string file = config.string("file");
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec))
            throw inlet::ConfigError("file", "'" + file + "' is not a readable regular file");
    }
};

} // namespace

INLET_CONNECTOR(LinesTask, LinesConnector,
                (inlet::Info{.name = "cpp-lines",
                             .version = "1.0.0",
                             .description = "One record per line of a text file (an example in C++)",
                             .aliases = nullptr,
                             .keys = keys,
                             .flags = INLET_PLUGIN_REPLAYABLE | INLET_PLUGIN_BOUNDED}))
