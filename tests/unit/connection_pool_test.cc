// ConnectionPool: a worker may keep its connection a moment for the next request only while
// workers are to spare, so that waiting on one client never keeps a ready one from a worker.
#include "http/connection_pool.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace shmock {
namespace {

// Holds its worker in Serve() until the test opens the gate.
class Gate {
 public:
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

// One end of a socket pair: ready to serve once a byte arrives, busy until the gate opens.
class HeldConnection final : public PooledConnection {
 public:
  HeldConnection(int fd, Gate& gate, std::atomic<int>& serving)
      : PooledConnection(fd), gate_(gate), serving_(serving) {}
  ~HeldConnection() override { ::close(fd()); }
  Next Absorb() override {
    char byte;
    return ::recv(fd(), &byte, 1, MSG_DONTWAIT) == 1 ? Next::kServe : Next::kPark;
  }
  Next Serve() override {
    ++serving_;
    gate_.Wait();
    --serving_;
    return Next::kClose;
  }
  Clock::time_point Deadline() const override { return Clock::now() + std::chrono::seconds(10); }
  bool Idle() const override { return false; }
  void Expire() override {}
  void Refuse() override {}

 private:
  Gate& gate_;
  std::atomic<int>& serving_;
};

TEST(ConnectionPool, WorkersAreToSpareOnlyWhileUnderThreeQuartersAreBusy) {
  ConnectionPool pool(/*max_workers=*/4, /*max_connections=*/16);
  pool.Start();
  Gate gate;
  std::atomic<int> serving{0};
  std::vector<int> clients;
  auto busy_up_to = [&](int n) {
    while (static_cast<int>(clients.size()) < n) {
      int fds[2];
      ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
      pool.Add(std::make_unique<HeldConnection>(fds[0], gate, serving));
      ASSERT_EQ(::send(fds[1], "x", 1, 0), 1);
      clients.push_back(fds[1]);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (serving.load() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(serving.load(), n);
  };

  EXPECT_TRUE(pool.WorkersToSpare());
  busy_up_to(2);
  EXPECT_TRUE(pool.WorkersToSpare()) << "2 of 4 busy";
  busy_up_to(3);
  EXPECT_FALSE(pool.WorkersToSpare()) << "3 of 4 busy";
  gate.Open();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!pool.WorkersToSpare() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(pool.WorkersToSpare()) << "all served";
  pool.Shutdown();
  for (int fd : clients) ::close(fd);
}

}  // namespace
}  // namespace shmock
