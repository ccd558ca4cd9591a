// seq: the deterministic test connector for the engine's tests.
//
// Each task owns `partitions.per.task` partitions {"task":T,"p":K} and emits, round-robin over
// them, a gap-free sequence number per partition: the value is the text "T K N" (padded with
// '.' to `payload.bytes` when set). The offset {"next":N+1} is the next number to emit, so a
// task restarted from a snapshot re-emits exactly what follows it (REPLAYABLE). With `count`
// > 0 each partition stops after `count` records and the task reports it has finished.
// `rate` limits records/s per task. Every commit() appends "commit <partition> <offset>" lines
// to `commit.log` (when set) so tests can check what was committed and when.
//
// Built twice: as "seq" (replayable) and, with SEQ_NOT_REPLAYABLE, as "seq-unreplayable".
#include <inlet/connector.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

const inlet_config_key keys[] = {
    {"count", INLET_CFG_LONG, "0", 0, "Records per partition; 0: unbounded.", nullptr, 1, 0, 9e18},
    {"rate", INLET_CFG_LONG, "0", 0, "Records per second per task; 0: as fast as possible.",
     nullptr, 1, 0, 9e18},
    {"partitions.per.task", INLET_CFG_INT, "1", 0, "Partitions each task owns.", nullptr, 1, 1,
     1e6},
    {"payload.bytes", INLET_CFG_INT, "0", 0, "Pad each value to this many bytes.", nullptr, 1, 0,
     64e6},
    {"commit.log", INLET_CFG_STRING, "", 0, "File that receives one line per committed offset.",
     nullptr, 0, 0, 0},
    {"topic", INLET_CFG_STRING, "seq", 0, "Topic of the records.", nullptr, 0, 0, 0},
    {"task.base", INLET_CFG_INT, "0", 0,
     "Added to each task's number (in its partitions and values), so that two seq connectors in "
     "one job own different partitions.", nullptr, 1, 0, 1e6},
};

struct SeqConnector {
    static std::vector<inlet::TaskConfig> task_configs(const inlet::Config &cfg, uint32_t max) {
        std::vector<inlet::TaskConfig> out;
        for (uint32_t t = 0; t < max; ++t) {
            inlet::TaskConfig tc;
            for (const auto &kv : cfg.items()) tc.emplace_back(kv.key, kv.value);
            tc.emplace_back("task.id", std::to_string(t));
            out.push_back(std::move(tc));
        }
        return out;
    }
};

class SeqTask : public inlet::Task {
public:
    explicit SeqTask(inlet::TaskContext &ctx) : offset_("next") {
        task_ = ctx.config.integer("task.id", 0) + ctx.config.integer("task.base", 0);
        count_ = ctx.config.integer("count", 0);
        rate_ = ctx.config.integer("rate", 0);
        pad_ = size_t(ctx.config.integer("payload.bytes", 0));
        log_ = ctx.config.string("commit.log");
        topic_ = ctx.config.string("topic", "seq");
        int64_t parts = ctx.config.integer("partitions.per.task", 1);
        parts_.reserve(size_t(std::max<int64_t>(parts, 0)));
        for (int64_t k = 0; k < parts; ++k) {
            Part p;
            p.json = "{\"task\":" + std::to_string(task_) + ",\"p\":" + std::to_string(k) + "}";
            p.next = ctx.offsets.get_i64(p.json, "next").value_or(0);
            parts_.push_back(std::move(p));
        }
        started_ = std::chrono::steady_clock::now();
    }

    inlet::Poll poll(inlet::Emitter &out, std::chrono::milliseconds timeout) override {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (rate_ > 0) {
                double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
                if (double(emitted_) >= elapsed * double(rate_)) {
                    if (std::chrono::steady_clock::now() >= deadline) return inlet::Poll::more;
                    std::this_thread::sleep_for(std::chrono::milliseconds(2));
                    continue;
                }
            }
            Part *p = next_part();
            if (p == nullptr) return inlet::Poll::finished;
            value_ = std::to_string(task_) + " " + std::to_string(p - parts_.data()) + " " +
                     std::to_string(p->next);
            if (value_.size() < pad_) value_.append(pad_ - value_.size(), '.');
            inlet_value v = inlet::value::string(value_);
            inlet::Record rec;
            rec.topic(topic_.c_str())
                .partition(p->json.c_str())
                .offset(offset_.format(p->next + 1))
                .value(&inlet::schema::string, &v);
            ++p->next;
            ++emitted_;
            if (!out.emit(rec)) return inlet::Poll::more;
        }
    }

    void commit(std::span<const inlet_offset_entry> durable) override {
        if (log_.empty()) return;
        FILE *f = std::fopen(log_.c_str(), "a");
        if (f == nullptr) throw std::runtime_error("cannot open commit.log " + log_);
        for (const auto &e : durable) std::fprintf(f, "commit %s %s\n", e.partition_json, e.offset_json);
        std::fclose(f);
    }

private:
    struct Part {
        std::string json;
        int64_t next = 0;
    };
    // Round-robin over the partitions that still have records to give.
    Part *next_part() {
        for (size_t i = 0; i < parts_.size(); ++i) {
            Part &p = parts_[(cursor_ + i) % parts_.size()];
            if (count_ == 0 || p.next < count_) {
                cursor_ = (cursor_ + i + 1) % parts_.size();
                return &p;
            }
        }
        return nullptr;
    }

    int64_t task_ = 0, count_ = 0, rate_ = 0;
    size_t pad_ = 0;
    std::string log_, topic_, value_;
    std::vector<Part> parts_;
    size_t cursor_ = 0;
    uint64_t emitted_ = 0;
    inlet::IntOffset offset_;
    std::chrono::steady_clock::time_point started_;
};

#ifdef SEQ_NOT_REPLAYABLE
constexpr const char *seq_name = "seq-unreplayable";
constexpr uint32_t seq_flags = INLET_PLUGIN_BOUNDED;
#else
constexpr const char *seq_name = "seq";
constexpr uint32_t seq_flags = INLET_PLUGIN_REPLAYABLE | INLET_PLUGIN_BOUNDED;
#endif

} // namespace

INLET_CONNECTOR(SeqTask, SeqConnector,
                (inlet::Info{.name = seq_name,
                             .version = "1.0.0",
                             .description = "Test source: a gap-free sequence per partition",
                             .aliases = nullptr,
                             .keys = keys,
                             .flags = seq_flags}))
