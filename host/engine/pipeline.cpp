#include "engine/pipeline.hpp"

#include <stdexcept>

namespace inlet {

struct RunningJob::State {
    std::unique_ptr<host::Job> job;
    JobResult result;
    std::thread thread;
};

Pipeline::Pipeline(std::string name) { options_.name = std::move(name); }

Pipeline &Pipeline::read(const host::Plugin &plugin, SourceSpec source) {
    return read(plugin.descriptor(), std::move(source));
}

Pipeline &Pipeline::read(const inlet_plugin &plugin, SourceSpec source) {
    if (source.name.empty()) source.name = plugin.name;
    if (source.connector_class.empty()) source.connector_class = plugin.name;
    sources_.push_back({std::move(source), &plugin});
    return *this;
}

Pipeline &Pipeline::map(std::function<void(inlet_record &)> fn) {
    transforms_.push_back({std::move(fn), {}});
    return *this;
}

Pipeline &Pipeline::filter(std::function<bool(const inlet_record &)> fn) {
    transforms_.push_back({{}, std::move(fn)});
    return *this;
}

Pipeline &Pipeline::write(const SinkSpec &sink) {
    sink_ = host::make_sink(sink);
    return *this;
}

Pipeline &Pipeline::write(std::function<void(const inlet_record &)> fn) {
    sink_ = host::make_callback_sink(std::move(fn));
    return *this;
}

Pipeline &Pipeline::write(std::unique_ptr<host::Sink> sink) {
    sink_ = std::move(sink);
    return *this;
}

Pipeline &Pipeline::options(JobOptions options) {
    std::string name = std::move(options_.name);
    options_ = std::move(options);
    if (options_.name.empty() || options_.name == JobOptions{}.name) options_.name = std::move(name);
    return *this;
}

RunningJob Pipeline::submit() && {
    if (!sink_) sink_ = host::make_sink(SinkSpec{});
    auto job = std::make_unique<host::Job>(std::move(options_), std::move(sources_),
                                           std::move(sink_), std::move(transforms_));
    return RunningJob(std::move(job));
}

RunningJob::RunningJob(std::unique_ptr<host::Job> job) : state_(std::make_unique<State>()) {
    state_->job = std::move(job);
    State *s = state_.get();
    s->thread = std::thread([s] {
        try {
            s->result = s->job->run();
        } catch (const std::exception &e) {
            s->result.ok = false;
            s->result.error = e.what();
        }
    });
}

RunningJob::~RunningJob() {
    if (state_ && state_->thread.joinable()) {
        state_->job->cancel();
        state_->thread.join();
    }
}

JobResult RunningJob::wait() {
    if (state_->thread.joinable()) state_->thread.join();
    return state_->result;
}

void RunningJob::cancel() { state_->job->cancel(); }

host::Job &RunningJob::job() { return *state_->job; }

} // namespace inlet
