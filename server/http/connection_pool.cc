#include "http/connection_pool.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace shmock {
namespace {

using Clock = PooledConnection::Clock;
using Next = PooledConnection::Next;

// How often the poller looks for parked connections past their deadline: the precision of
// every deadline, and how long Shutdown() may wait for the poller.
constexpr auto kSweepInterval = std::chrono::milliseconds(50);
// A worker with nothing to do for this long ends; the next busy moment starts another.
constexpr auto kWorkerIdleTime = std::chrono::seconds(10);
constexpr int kMaxEvents = 256;

}  // namespace

class ConnectionPool::Impl {
 public:
  Impl(int max_workers, size_t max_connections)
      : max_workers_(max_workers), max_connections_(max_connections) {}
  ~Impl() {
    Shutdown();
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
  }

  void Start() {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    poller_ = std::thread([this] { Poll(); });
  }

  void Add(std::unique_ptr<PooledConnection> connection) {
    if (open_.load() >= max_connections_ && !EvictIdle()) {
      connection->Refuse();
      return;  // closed unserved, never counted
    }
    ++open_;
    Park(std::move(connection));
  }

  void Shutdown() {
    {
      std::lock_guard<std::mutex> lock(parked_mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    if (poller_.joinable()) poller_.join();  // it closes what is parked
    {
      std::lock_guard<std::mutex> lock(work_mu_);
      workers_stopping_ = true;
      work_cv_.notify_all();
    }
    // Only the poller starts workers, and it has ended: the list no longer changes.
    for (Worker& w : workers_) w.thread.join();
    workers_.clear();
  }

  bool WorkersToSpare() const { return 4 * busy_workers_.load(std::memory_order_relaxed) < 3 * max_workers_; }

  Counts counts() {
    Counts c;
    c.connections = open_.load();
    {
      std::lock_guard<std::mutex> lock(parked_mu_);
      c.parked = parked_.size();
    }
    std::lock_guard<std::mutex> lock(work_mu_);
    c.workers = live_workers_;
    return c;
  }

 private:
  struct Worker {
    std::thread thread;
    bool done = false;
  };

  void Close(std::unique_ptr<PooledConnection> connection) {
    connection.reset();
    --open_;
  }

  // Parked connections live in `parked_` and in the epoll set; every call on one happens
  // under parked_mu_, so the poller, the accept thread and the workers never meet on it.
  void Park(std::unique_ptr<PooledConnection> connection) {
    std::lock_guard<std::mutex> lock(parked_mu_);
    if (stopping_) return Close(std::move(connection));
    const int fd = connection->fd();
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = fd;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) return Close(std::move(connection));
    parked_.emplace(fd, std::move(connection));
  }

  // Takes a connection out of the parking; parked_mu_ is held.
  std::unique_ptr<PooledConnection> Unpark(std::unordered_map<int, std::unique_ptr<PooledConnection>>::iterator it) {
    std::unique_ptr<PooledConnection> connection = std::move(it->second);
    parked_.erase(it);
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, connection->fd(), nullptr);
    return connection;
  }

  // Makes room for a new connection by closing the idle one that waited longest (closing an
  // idle keep-alive connection is allowed at any time; clients reconnect).
  bool EvictIdle() {
    std::lock_guard<std::mutex> lock(parked_mu_);
    auto oldest = parked_.end();
    for (auto it = parked_.begin(); it != parked_.end(); ++it) {
      if (it->second->Idle() && (oldest == parked_.end() || it->second->Deadline() < oldest->second->Deadline())) {
        oldest = it;
      }
    }
    if (oldest == parked_.end()) return false;
    Close(Unpark(oldest));
    return true;
  }

  void Poll() {
    epoll_event events[kMaxEvents];
    auto next_sweep = Clock::now() + kSweepInterval;
    for (;;) {
      const int n = ::epoll_wait(epoll_fd_, events, kMaxEvents, static_cast<int>(kSweepInterval.count()));
      std::vector<std::unique_ptr<PooledConnection>> ready;
      {
        std::lock_guard<std::mutex> lock(parked_mu_);
        if (stopping_) break;
        for (int i = 0; i < n; ++i) {
          auto it = parked_.find(events[i].data.fd);
          if (it == parked_.end()) continue;  // closed earlier in this batch
          const Next next = it->second->Absorb();
          if (next == Next::kPark) continue;
          std::unique_ptr<PooledConnection> connection = Unpark(it);
          if (next == Next::kServe) {
            ready.push_back(std::move(connection));
          } else {
            Close(std::move(connection));
          }
        }
        const auto now = Clock::now();
        if (now >= next_sweep) {
          next_sweep = now + kSweepInterval;
          for (auto it = parked_.begin(); it != parked_.end();) {
            if (it->second->Deadline() > now) {
              ++it;
              continue;
            }
            it->second->Expire();
            auto expired = it++;
            Close(Unpark(expired));
          }
        }
      }
      for (auto& connection : ready) Dispatch(std::move(connection));
      ReapWorkers();
    }
    std::lock_guard<std::mutex> lock(parked_mu_);
    while (!parked_.empty()) Close(Unpark(parked_.begin()));
  }

  // Hands a ready connection to an idle worker, or to a new one below the cap. With every
  // worker busy it waits its turn behind at most as many others as there are workers; beyond
  // that it is refused at once, so a flood meets a quick answer rather than a growing queue.
  void Dispatch(std::unique_ptr<PooledConnection> connection) {
    std::unique_lock<std::mutex> lock(work_mu_);
    if (static_cast<size_t>(idle_workers_) > jobs_.size()) {
      jobs_.push_back(std::move(connection));
      work_cv_.notify_one();
      return;
    }
    if (live_workers_ < max_workers_) {
      jobs_.push_back(std::move(connection));
      ++live_workers_;
      ++idle_workers_;  // so the next ready connection does not count on this worker
      workers_.emplace_back();
      Worker* worker = &workers_.back();
      worker->thread = std::thread([this, worker] { Work(worker); });
      return;
    }
    if (jobs_.size() < static_cast<size_t>(idle_workers_ + max_workers_)) {
      jobs_.push_back(std::move(connection));
      return;
    }
    lock.unlock();
    connection->Refuse();
    Close(std::move(connection));
  }

  // A worker counts as idle from before it parks its connection: the connection's next request
  // may be ready before the worker waits again, and must not find every worker busy.
  void Work(Worker* self) {
    std::unique_lock<std::mutex> lock(work_mu_);
    for (;;) {
      const bool woken = work_cv_.wait_for(lock, kWorkerIdleTime, [this] { return !jobs_.empty() || workers_stopping_; });
      if (jobs_.empty()) {
        if (!woken || workers_stopping_) break;
        continue;
      }
      std::unique_ptr<PooledConnection> connection = std::move(jobs_.front());
      jobs_.pop_front();
      --idle_workers_;
      ++busy_workers_;
      lock.unlock();
      const Next next = connection->Serve();
      lock.lock();
      --busy_workers_;
      ++idle_workers_;
      lock.unlock();
      if (next == Next::kPark) {
        Park(std::move(connection));
      } else {
        Close(std::move(connection));
      }
      lock.lock();
    }
    --idle_workers_;
    --live_workers_;
    self->done = true;
  }

  // Joins the workers that ended after idling.
  void ReapWorkers() {
    std::list<Worker> ended;
    {
      std::lock_guard<std::mutex> lock(work_mu_);
      for (auto it = workers_.begin(); it != workers_.end();) {
        auto next = std::next(it);
        if (it->done) ended.splice(ended.end(), workers_, it);
        it = next;
      }
    }
    for (Worker& w : ended) w.thread.join();
  }

  const int max_workers_;
  const size_t max_connections_;
  int epoll_fd_ = -1;
  std::thread poller_;
  std::atomic<size_t> open_{0};

  std::mutex parked_mu_;
  std::unordered_map<int, std::unique_ptr<PooledConnection>> parked_;
  bool stopping_ = false;

  std::mutex work_mu_;
  std::condition_variable work_cv_;
  std::deque<std::unique_ptr<PooledConnection>> jobs_;
  std::list<Worker> workers_;
  int live_workers_ = 0;
  int idle_workers_ = 0;
  std::atomic<int> busy_workers_{0};  // serving a connection; read without the lock
  bool workers_stopping_ = false;
};

ConnectionPool::ConnectionPool(int max_workers, size_t max_connections)
    : impl_(std::make_unique<Impl>(max_workers, max_connections)) {}
ConnectionPool::~ConnectionPool() = default;
void ConnectionPool::Start() { impl_->Start(); }
void ConnectionPool::Add(std::unique_ptr<PooledConnection> connection) { impl_->Add(std::move(connection)); }
void ConnectionPool::Shutdown() { impl_->Shutdown(); }
bool ConnectionPool::WorkersToSpare() const { return impl_->WorkersToSpare(); }
ConnectionPool::Counts ConnectionPool::counts() const { return impl_->counts(); }

}  // namespace shmock
