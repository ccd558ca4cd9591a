// The file sink with a roll policy (--sink file:DIR/PREFIX --roll-size-mb N …): numbered part
// files instead of one file that grows for ever, with the part-file life cycle of Flink's
// FileSink. A part is
//   in-progress  being written, under a hidden name: DIR/.PREFIX-00000007.inprogress
//   pending      rolled (flushed, fdatasynced, closed), still hidden: under exactly-once it
//                waits for a snapshot past it to be committed
//   finished     renamed to DIR/PREFIX-00000007 (an extension of PREFIX stays last:
//                out.jsonl -> out-00000007.jsonl) and never opened again
// The snapshot records the in-progress part and its length. Recovery truncates that one part,
// finishes the pending parts before it and deletes the parts after it (they hold only output
// after the cut); finished parts are never touched, except by retention, which deletes the
// oldest. See sink/README.md, "Rolling parts".
#pragma once

#include "config/job_spec.hpp"
#include "sink/stream_sink.hpp"

#include <chrono>
#include <deque>
#include <filesystem>
#include <vector>

namespace inlet::host {

class RollingFileSink final : public StreamSink {
public:
    // `prefix`: DIR/PREFIX (DIR is created when missing). Opens a new in-progress part after
    // the highest-numbered part already there. Throws SinkError.
    //
    // Test hook, off by default: INLET_TEST_CRASH_IN_ROLL=N abort()s the process in the N-th
    // roll, once the next part exists and before the rolled one is finished.
    RollingFileSink(const std::filesystem::path &prefix, OutputFormat format, RollPolicy policy);
    ~RollingFileSink() override;

    void write(const inlet_record &rec) override {
        StreamSink::write(rec);
        if (policy_.max_bytes != 0 && part_length() + buffered() >= policy_.max_bytes) roll();
    }
    void idle() override;
    bool roll_due() const override { return too_old(); }
    bool can_rewind() const override { return true; }
    void restore(const nlohmann::json &state, bool rewind) override;
    std::string resume_conflict(const nlohmann::json &state) override;
    nlohmann::json make_durable() override;
    SinkCut cut() override;
    void hold_until_committed() override { hold_ = true; }
    void committed(const nlohmann::json &state) override;
    void closing() override;

    std::filesystem::path finished_name(uint64_t part) const;
    std::filesystem::path hidden_name(uint64_t part) const;

private:
    void flushed() override;
    // Bytes of the in-progress part handed to its fd.
    uint64_t part_length() const { return part_start_ + (written_ - part_written_from_); }
    bool too_old() const;
    // Finishes the in-progress part (flush, fdatasync, close) and opens the next one.
    void roll();
    // Opens (creating when missing) part `index` as the in-progress one, at its end.
    void open_part(uint64_t index, bool create_only);
    // Renames pending parts below `before` to their finished names; then retention.
    void finish_pending(uint64_t before);
    void retain();

    std::filesystem::path dir_;
    std::string stem_, ext_; // PREFIX split at its extension
    RollPolicy policy_;
    bool hold_ = false;
    uint64_t part_ = 0;              // the in-progress part's number
    uint64_t part_start_ = 0;        // its length when opened
    uint64_t part_written_from_ = 0; // written_ when it was opened
    std::chrono::steady_clock::time_point part_opened_;
    std::vector<uint64_t> pending_;  // rolled, hidden, ascending (with leftovers of a crash)
    std::deque<uint64_t> finished_;  // finished parts in dir_, ascending (retention)
    uint64_t crash_on_roll_ = 0, rolls_ = 0; // test hook, 0: off
};

} // namespace inlet::host
