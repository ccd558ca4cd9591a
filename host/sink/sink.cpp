#include "sink/sink.hpp"

#include "sink/rolling_file_sink.hpp"
#include "sink/stream_sink.hpp"

namespace inlet::host {
namespace {

// Counts only: for benchmarks and dry runs.
class NullSink final : public Sink {
public:
    std::string describe() const override { return "null"; }
    void write(const inlet_record &) override { ++records_; }
    bool counts_only() const override { return true; }
    void write_count(size_t records) override { records_ += records; }
    nlohmann::json make_durable() override { return {{"kind", "null"}, {"records", records_}}; }

private:
    uint64_t records_ = 0;
};

class CallbackSink final : public Sink {
public:
    explicit CallbackSink(std::function<void(const inlet_record &)> fn) : fn_(std::move(fn)) {}
    std::string describe() const override { return "callback"; }
    void write(const inlet_record &rec) override { fn_(rec); }
    nlohmann::json make_durable() override { return {{"kind", "callback"}}; }

private:
    std::function<void(const inlet_record &)> fn_;
};

} // namespace

std::unique_ptr<Sink> make_sink(const SinkSpec &spec) {
    switch (spec.kind) {
    case SinkSpec::Kind::null_sink: return std::make_unique<NullSink>();
    case SinkSpec::Kind::file_sink:
        if (spec.roll.rolls()) return std::make_unique<RollingFileSink>(spec.path, spec.format, spec.roll);
        return std::make_unique<FileSink>(spec.path, spec.format);
    case SinkSpec::Kind::stdout_sink: return std::make_unique<StdoutSink>(spec.format);
    }
    return std::make_unique<NullSink>();
}

std::unique_ptr<Sink> make_callback_sink(std::function<void(const inlet_record &)> fn) {
    return std::make_unique<CallbackSink>(std::move(fn));
}

} // namespace inlet::host
