// The embedding API: build a pipeline in C++, submit it, wait for it or cancel it. The `inlet
// run` command is a thin layer over this.
//
//   inlet::Pipeline p("orders");
//   p.read(*registry.find("file"), source_spec)         // or an in-process inlet_plugin
//    .filter([](const inlet_record &r) { return r.value != nullptr; })
//    .write([](const inlet_record &r) { /* your code */ });
//   inlet::RunningJob job = std::move(p).submit();
//   inlet::host::JobResult result = job.wait();
//
// Records reach map/filter/write on one thread (the sink stage), in order per source
// partition. Connectors run on their own threads.
#pragma once

#include "config/job_spec.hpp"
#include "engine/job.hpp"
#include "loader/plugin.hpp"
#include "sink/sink.hpp"

#include <functional>
#include <memory>
#include <thread>

namespace inlet {

using host::JobOptions;
using host::JobResult;
using host::SinkSpec;
using host::SourceSpec;

class RunningJob;

class Pipeline {
public:
    explicit Pipeline(std::string name = "pipeline");

    // Read from a connector: a plugin found by the registry, or any inlet_plugin descriptor
    // (e.g. one compiled into the program). The descriptor must outlive the job.
    Pipeline &read(const host::Plugin &plugin, SourceSpec source);
    Pipeline &read(const inlet_plugin &plugin, SourceSpec source);

    // Per-record stages, applied in the order added (see engine/job.hpp's Transform).
    Pipeline &map(std::function<void(inlet_record &)> fn);
    Pipeline &filter(std::function<bool(const inlet_record &)> fn);

    // Where records go: a built-in sink, your callback, or your own Sink.
    Pipeline &write(const SinkSpec &sink);
    Pipeline &write(std::function<void(const inlet_record &)> fn);
    Pipeline &write(std::unique_ptr<host::Sink> sink);

    // Guarantee, snapshots, state directory, memory budget… (the name is kept).
    Pipeline &options(JobOptions options);
    JobOptions &options() { return options_; }

    // Starts the job on its own thread. Throws host::JobSetupError when the pipeline cannot
    // run as configured (e.g. exactly-once with a sink that cannot rewind).
    RunningJob submit() &&;

private:
    JobOptions options_;
    std::vector<host::BoundSource> sources_;
    std::vector<host::Transform> transforms_;
    std::unique_ptr<host::Sink> sink_;
};

class RunningJob {
public:
    RunningJob(RunningJob &&) noexcept = default;
    RunningJob &operator=(RunningJob &&) noexcept = default;
    ~RunningJob(); // cancels and waits when still running

    // Blocks until the job ends. Problems found while starting (a locked state directory, …)
    // come back as ok=false with the message.
    JobResult wait();
    // Thread-safe: final snapshot, commit, stop; wait() then returns.
    void cancel();
    // The job itself, for its view and control (engine/job_view.hpp); valid until wait() returns.
    host::Job &job();

private:
    friend class Pipeline;
    explicit RunningJob(std::unique_ptr<host::Job> job);
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace inlet
