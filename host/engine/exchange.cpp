#include "engine/exchange.hpp"

#include "engine/steady_ns.hpp"

#include <algorithm>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace inlet::host {

namespace {
// glibc keeps freed memory in its arenas, and its dynamic mmap threshold soon serves chunks of
// a batch's size from them: without a trim the memory of a dropped batch stays in the RSS.
void give_back_freed_memory() {
#if defined(__GLIBC__)
    ::malloc_trim(0);
#endif
}
} // namespace

// The default idle time (10 s): long enough that a job with a steady rhythm keeps its batches,
// short enough that its memory is back to its load soon after a burst (the catch-up after a
// restart) that made more.
Exchange::Exchange(size_t tasks, size_t budget_bytes, size_t batch_bytes, size_t batch_records,
                   int64_t idle_batch_ns)
    : queues_(tasks), mail_(tasks), free_(tasks), budget_(std::max(budget_bytes, batch_bytes * tasks)),
      batch_bytes_(batch_bytes), batch_records_(batch_records), idle_batch_ns_(idle_batch_ns) {}

std::unique_ptr<Batch> Exchange::make_batch_locked(size_t t) {
    for (size_t k = 0; k < free_.size(); ++k) { // its own first, then any other
        auto &pool = free_[(t + k) % free_.size()];
        if (pool.empty()) continue;
        auto b = std::move(pool.back());
        pool.pop_back();
        return b;
    }
    // Filled to 4/5 of its share, a batch's worst case (one more chunk of a quarter) is its
    // whole share of the budget.
    return std::make_unique<Batch>(batch_bytes_ * 4 / 5, batch_records_);
}

TaskWork Exchange::next(size_t t, bool want_batch, const BorrowLedger *ledger,
                        uint32_t borrowed_allowed) {
    std::unique_lock lock(mu_);
    for (;;) {
        // Looked up again after every wait: add_slot() may have grown mail_ meanwhile, and a
        // reference kept across the wait would point into the freed array (a task's crash
        // when a connector's tasks were replaced, tests/java/lifecycle.py).
        Mailbox &m = mail_[t];
        if (!m.ended && m.barrier_requested > m.barrier_inserted) {
            m.barrier_inserted = m.barrier_requested;
            QueueItem item;
            item.kind = QueueItem::Kind::barrier;
            item.barrier = m.barrier_inserted;
            queues_[t].push_back(std::move(item));
            sink_cv_.notify_one();
        }
        TaskWork w;
        if (!m.commits.empty()) {
            w.commits.swap(m.commits);
            return w;
        }
        if (shutdown_ || (m.retired && !want_batch)) {
            w.shutdown = true;
            return w;
        }
        if (want_batch && (stop_ || failure_ || m.retired)) {
            w.stop = true;
            return w;
        }
        if (want_batch && !m.paused && used_ + batch_bytes_ <= budget_ &&
            (ledger == nullptr || ledger->outstanding <= borrowed_allowed)) {
            used_ += batch_bytes_;
            w.batch = make_batch_locked(t);
            w.batch->task = uint32_t(t);
            return w;
        }
        task_cv_.wait(lock);
    }
}

void Exchange::release_locked(size_t bytes) {
    used_ = used_ > bytes ? used_ - bytes : 0;
    task_cv_.notify_all();
}

void Exchange::push(size_t t, std::unique_ptr<Batch> batch) {
    if (batch->empty()) { // an idle task's poll: the batch goes straight back
        int64_t now = steady_ns();
        std::unique_ptr<Batch> unneeded;
        {
            std::lock_guard lock(mu_);
            release_locked(batch_bytes_);
            unneeded = pool_locked(std::move(batch), now);
        }
        free_unneeded(std::move(unneeded));
        return;
    }
    std::lock_guard lock(mu_);
    // A batch grown past its share by one huge record holds more of the budget.
    if (batch->capacity() > batch_bytes_) used_ += batch->capacity() - batch_bytes_;
    if (batch->ledger != nullptr) ++batch->ledger->outstanding;
    QueueItem item;
    item.batch = std::move(batch);
    queues_[t].push_back(std::move(item));
    sink_cv_.notify_one();
}

void Exchange::push_end(size_t t) {
    std::lock_guard lock(mu_);
    if (mail_[t].ended) return;
    mail_[t].ended = true;
    QueueItem item;
    item.kind = QueueItem::Kind::end;
    queues_[t].push_back(std::move(item));
    sink_cv_.notify_one();
}

void Exchange::reopen(size_t t) {
    std::lock_guard lock(mu_);
    mail_[t].ended = false;
    mail_[t].retired = false;
}

void Exchange::pause(size_t t, bool paused) {
    std::lock_guard lock(mu_);
    mail_[t].paused = paused;
    task_cv_.notify_all();
}

void Exchange::retire(size_t t) {
    std::lock_guard lock(mu_);
    mail_[t].retired = true;
    task_cv_.notify_all();
}

size_t Exchange::add_slot() {
    std::lock_guard lock(mu_);
    uint64_t requested = 0;
    for (const auto &m : mail_) requested = std::max(requested, m.barrier_requested);
    queues_.emplace_back();
    mail_.emplace_back();
    free_.emplace_back();
    mail_.back().barrier_requested = requested; // inserted before its first batch; an old id is ignored
    return queues_.size() - 1;
}

Exchange::Usage Exchange::usage() const {
    std::lock_guard lock(mu_);
    Usage u{used_, budget_, 0, 0};
    for (const auto &q : queues_)
        for (const auto &item : q) u.queued_batches += item.kind == QueueItem::Kind::batch;
    for (const auto &pool : free_) u.free_batches += pool.size();
    return u;
}

void Exchange::fail(size_t, std::string message) {
    std::lock_guard lock(mu_);
    if (!failure_) failure_ = std::move(message);
    sink_cv_.notify_all();
    task_cv_.notify_all();
}

void Exchange::take(std::vector<Taken> &out, const std::vector<char> &blocked,
                    std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mu_);
    auto ready = [&] {
        if (failure_ || poked_) return true;
        for (size_t t = 0; t < queues_.size(); ++t)
            if (!blocked[t] && !queues_[t].empty()) return true;
        return false;
    };
    sink_cv_.wait_until(lock, deadline, ready);
    poked_ = false;
    for (size_t t = 0; t < queues_.size(); ++t) {
        if (blocked[t]) continue;
        auto &q = queues_[t];
        while (!q.empty()) {
            bool barrier = q.front().kind == QueueItem::Kind::barrier;
            out.push_back({t, std::move(q.front())});
            q.pop_front();
            if (barrier) break;
        }
    }
}

bool Exchange::waiting(const std::vector<char> &blocked) const {
    std::lock_guard lock(mu_);
    for (size_t t = 0; t < queues_.size(); ++t)
        if (!blocked[t] && !queues_[t].empty()) return true;
    return false;
}

void Exchange::recycle(std::unique_ptr<Batch> batch) {
    size_t held = std::max(batch->capacity(), batch_bytes_);
    BorrowLedger *ledger = batch->ledger;
    batch->clear();
    int64_t now = steady_ns();
    std::unique_ptr<Batch> unneeded;
    {
        std::lock_guard lock(mu_);
        if (ledger != nullptr && ledger->outstanding > 0) --ledger->outstanding;
        release_locked(held);
        unneeded = pool_locked(std::move(batch), now);
    }
    free_unneeded(std::move(unneeded));
}

std::unique_ptr<Batch> Exchange::pool_locked(std::unique_ptr<Batch> batch, int64_t now) {
    batch->idle_since_ns = now;
    auto &pool = free_[batch->task];
    pool.push_back(std::move(batch));
    // The pool is a stack: the batch at its bottom is the one unused longest.
    if (pool.size() > 1 && now - pool.front()->idle_since_ns > idle_batch_ns_) {
        auto unneeded = std::move(pool.front());
        pool.erase(pool.begin());
        return unneeded;
    }
    return nullptr;
}

void Exchange::free_unneeded(std::unique_ptr<Batch> batch) {
    if (!batch) return;
    batch.reset();
    give_back_freed_memory();
}

void Exchange::await_returned(const BorrowLedger &ledger) {
    std::unique_lock lock(mu_);
    task_cv_.wait(lock, [&] { return ledger.outstanding == 0 || shutdown_; });
}

void Exchange::request_barrier(uint64_t id) {
    std::lock_guard lock(mu_);
    for (auto &m : mail_) m.barrier_requested = std::max(m.barrier_requested, id);
    task_cv_.notify_all();
}

void Exchange::insert_barrier(size_t t) {
    std::lock_guard lock(mu_);
    Mailbox &m = mail_[t];
    if (m.ended || m.barrier_requested <= m.barrier_inserted) return;
    m.barrier_inserted = m.barrier_requested;
    QueueItem item;
    item.kind = QueueItem::Kind::barrier;
    item.barrier = m.barrier_inserted;
    queues_[t].push_back(std::move(item));
    sink_cv_.notify_one();
}

void Exchange::deliver_commit(size_t t, OffsetList offsets) {
    std::lock_guard lock(mu_);
    mail_[t].commits.push_back(std::move(offsets));
    task_cv_.notify_all();
}

void Exchange::stop_polling() {
    std::lock_guard lock(mu_);
    stop_ = true;
    task_cv_.notify_all();
    sink_cv_.notify_all();
}

void Exchange::shutdown() {
    std::lock_guard lock(mu_);
    shutdown_ = true;
    task_cv_.notify_all();
}

std::optional<std::string> Exchange::failure() const {
    std::lock_guard lock(mu_);
    return failure_;
}

void Exchange::poke() {
    std::lock_guard lock(mu_);
    poked_ = true;
    sink_cv_.notify_all();
}

} // namespace inlet::host
