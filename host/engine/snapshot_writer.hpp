// The thread that makes a snapshot durable while the sink stage goes on writing records: it
// runs one piece of work at a time (the sink's fdatasync up to the cut, then the snapshot file:
// write, fsync, rename, fsync of the folder), and tells the sink stage when it is done. The
// sink stage hands out commits only after that (snapshot/README.md, "When, and in which
// order"). At most one snapshot is in flight: the next barrier is requested only once the
// previous snapshot is durable (or failed).
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace inlet::host {

class SnapshotWriter {
public:
    // `done` runs on the writer thread after each piece of work (it wakes the sink stage).
    explicit SnapshotWriter(std::function<void()> done);
    ~SnapshotWriter(); // waits for the work in hand, then joins
    SnapshotWriter(const SnapshotWriter &) = delete;
    SnapshotWriter &operator=(const SnapshotWriter &) = delete;

    // Starts `work` on the writer thread. Only when idle().
    void submit(std::function<void()> work);
    // Nothing submitted, or its outcome taken.
    bool idle() const;
    // The work submitted has ended: its outcome (null: it succeeded) is taken and the writer is
    // idle again. False while it runs (or when idle).
    bool take_outcome(std::exception_ptr &error);
    // Waits for the work submitted, then takes its outcome as above; false when idle.
    bool wait(std::exception_ptr &error);

private:
    void run();

    std::function<void()> done_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::function<void()> work_; // submitted, not yet started
    bool busy_ = false;          // submitted and its outcome not yet taken
    bool finished_ = false;      // the work ended; outcome in error_
    std::exception_ptr error_;
    bool quit_ = false;
    std::thread thread_; // last: starts after the members it uses exist
};

} // namespace inlet::host
