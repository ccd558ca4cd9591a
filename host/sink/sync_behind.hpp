// Background fdatasync of the file a sink is writing, so that the fdatasync at the next
// snapshot (or at the end of the job) finds little left to do.
//
// Why a thread, when sync_file_range(SYNC_FILE_RANGE_WRITE) already starts the writeback: on a
// disk with a volatile write cache (a VM's virtual disk, whose "cache" is the host's page
// cache) that writeback only reaches the cache, and the device writes it out only when it is
// told to flush, which only fsync/fdatasync does. So without a flush along the way, the
// sink's durable fdatasync pays for every byte since the last one. Measured on this project's
// benchmark VM: 400 MB written, then one fdatasync: 0.43 s for it even with sync_file_range
// every 8 MiB; with an fdatasync in the background every few tens of MiB: far less
// (BENCHMARKS.md, issue 16, fourth round).
//
// A hint only, like sync_file_range: durability still comes from the sink's own fdatasync at
// each snapshot. The background one goes through an open file description of its own (the
// file reopened through /proc/self/fd), because a write error is reported once per
// description: this way an error it meets is still reported to the sink's fdatasync.
#pragma once

#include "snapshot/unique_fd.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace inlet::host {

class SyncBehind {
public:
    SyncBehind() = default;
    ~SyncBehind(); // lets a sync in progress end (the disk bounds it), then joins
    SyncBehind(const SyncBehind &) = delete;
    SyncBehind &operator=(const SyncBehind &) = delete;

    // Starts an fdatasync of the file open as `fd` without waiting for it; when one is
    // running, one more follows it (requests in between fold into that one). The thread starts
    // at the first request, so a sink that writes little never has one. Called by one thread.
    void request(int fd);
    // The sink writes another file from now on (a rolled part): the next request reopens.
    void forget() { file_.reset(); reopen_failed_ = false; }

    // fdatasyncs ended (tests: they cannot see the disk's cache).
    uint64_t syncs() const { return syncs_.load(std::memory_order_relaxed); }
    // Tests: waits until no sync is running or requested.
    void drain();

private:
    void run();

    std::shared_ptr<UniqueFd> file_; // the reopened file; the requesting thread's
    bool reopen_failed_ = false;     // then no background syncs for this file

    std::mutex mu_;
    std::condition_variable cv_;
    std::shared_ptr<UniqueFd> wanted_; // requested, not yet started
    bool running_ = false;
    bool quit_ = false;
    std::atomic<uint64_t> syncs_{0};
    std::thread thread_; // last: started by the first request
};

} // namespace inlet::host
