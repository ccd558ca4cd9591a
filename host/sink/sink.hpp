// Where a job's records end up. The sink stage calls a sink from one thread only:
// restore() once before the first write when resuming, write() per record, make_durable() at
// every snapshot barrier (its answer is stored in the snapshot), and make_durable() once more at
// the end.
#pragma once

#include "config/job_spec.hpp"

#include <inlet/connector.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace inlet::host {

// An output problem (write failed, file shorter than its snapshot says…); names the output.
class SinkError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The sink's state at a snapshot's cut, and how to make the output durable up to it.
struct SinkCut {
    nlohmann::json state; // what make_durable() would answer
    // Makes the output up to `state` durable. Runs on the snapshot writer's thread while the
    // sink goes on writing (the file sinks fdatasync a duplicate of their fd, which syncs
    // every byte written before the call). Empty: `state` is durable already. SinkError.
    std::function<void()> sync;
};

class Sink {
public:
    virtual ~Sink() = default;
    // "file /tmp/out.txt", "stdout", … for messages.
    virtual std::string describe() const = 0;
    // True when restore(state, rewind=true) removes everything written after `state`: with a
    // replayable source this gives exactly-once output.
    virtual bool can_rewind() const { return false; }
    // Resume from the state a snapshot recorded. With `rewind`, output written after that
    // snapshot is removed.
    virtual void restore(const nlohmann::json & /*state*/, bool /*rewind*/) {}
    // Why this sink cannot continue the output a snapshot recorded (`state`), e.g. another
    // file than the snapshot's; empty when it can. Asked before any task starts, so a refused
    // restart leaves no trace (a file this sink created for nothing is removed again).
    virtual std::string resume_conflict(const nlohmann::json & /*state*/) { return {}; }
    // The records written next come from a plugin built against this ABI minor: fields appended
    // to inlet_schema (which has no struct_size) are read only when it covers them. Called once
    // per batch.
    virtual void schemas_from(uint32_t /*abi_minor*/) {}
    virtual void write(const inlet_record &rec) = 0;
    // True for a sink that only counts what it is given (null): the sink stage then hands it a
    // batch's record count (write_count) instead of each record, so its thread never reads
    // the records another core wrote (issue 16: with tasks.max=2 one sink thread serves both).
    virtual bool counts_only() const { return false; }
    virtual void write_count(size_t /*records*/) {}
    // No records are waiting: hand what is buffered to the destination, so that a source that
    // trickles is seen at once rather than at the next snapshot (or never, without snapshots).
    // Durability still comes only from make_durable().
    virtual void idle() {}
    // The output is due to roll by time (the rolling file sink's --roll-interval-s) and would
    // otherwise wait for its next write or cut: the sink stage then calls idle() or takes a
    // snapshot, whose cut rolls it, so a part of a worker with nothing to write rolls on time.
    virtual bool roll_due() const { return false; }
    // Makes everything written so far durable and describes that point.
    virtual nlohmann::json make_durable() = 0;
    // The same, split: hands everything written so far to the destination and describes that
    // point now, and leaves the waiting for durability to the answer's `sync`, so that the
    // sink thread need not wait for the disk (engine/snapshot_writer.hpp).
    virtual SinkCut cut() { return {make_durable(), {}}; }

    // Exactly-once: output may be rewound to the latest committed snapshot, so keep what comes
    // after it rewindable (the rolling file sink keeps a rolled part pending, under a hidden
    // name, until committed() says a snapshot past it is durable). Called once, before any write.
    virtual void hold_until_committed() {}
    // The snapshot that recorded `state` (an answer of make_durable()) is durable.
    virtual void committed(const nlohmann::json & /*state*/) {}
    // The next make_durable() is the job's last (the rolling file sink finishes its part, so a
    // stopped job's output is all in finished parts).
    virtual void closing() {}
    // Bytes handed to the destination so far (the output's size, not the records'); any
    // thread may read it (metrics).
    virtual uint64_t bytes_written() const { return 0; }
};

// stdout, null or file:PATH in the spec's format. Throws SinkError (e.g. the file cannot be
// opened).
std::unique_ptr<Sink> make_sink(const SinkSpec &spec);

// Calls `fn` for every record (on the sink stage thread; the record is valid during the call).
std::unique_ptr<Sink> make_callback_sink(std::function<void(const inlet_record &)> fn);

} // namespace inlet::host
