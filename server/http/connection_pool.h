// ConnectionPool: serves many open connections with few threads. A connection waiting for
// bytes is parked with one poller thread and holds no worker, so idle keep-alive connections
// and clients that send their requests slowly cost a socket and a little memory, not a thread.
// When bytes arrive, the poller takes them in without blocking; once the connection says it
// holds something to serve, the pool hands it to a worker. Workers start as needed up to a cap
// and end after idling a while. With every worker busy, a ready connection waits behind at most
// as many others as there are workers, and beyond that is refused at once rather than queued.
// A parked connection that outlives its deadline is told so and closed. Past the connection
// cap, the longest idle connection makes room for a new one, or the new one is refused.
// The pool knows nothing of HTTP: each connection decides what its bytes mean.
#ifndef SHMOCK_HTTP_CONNECTION_POOL_H_
#define SHMOCK_HTTP_CONNECTION_POOL_H_

#include <chrono>
#include <memory>

namespace shmock {

class PooledConnection {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Next { kPark, kServe, kClose };

  explicit PooledConnection(int fd) : fd_(fd) {}
  virtual ~PooledConnection() = default;  // a subclass closes the socket
  PooledConnection(const PooledConnection&) = delete;
  PooledConnection& operator=(const PooledConnection&) = delete;
  int fd() const { return fd_; }

  // On the poller thread, when the socket is readable: takes in what arrived, never blocking.
  // kPark waits for more, kServe hands the connection to a worker, kClose ends it.
  virtual Next Absorb() = 0;
  // On a worker: serves what the connection holds. kPark waits for more bytes, kClose ends it.
  virtual Next Serve() = 0;
  // While parked: how long it may wait for its next bytes, and whether it is between requests
  // (so closing it loses nothing).
  virtual Clock::time_point Deadline() const = 0;
  virtual bool Idle() const = 0;
  // On the poller thread, just before it is closed: its deadline passed.
  virtual void Expire() = 0;
  // Just before it is closed unserved: no worker or no room was free. Must not block.
  virtual void Refuse() = 0;

 private:
  const int fd_;
};

class ConnectionPool {
 public:
  ConnectionPool(int max_workers, size_t max_connections);
  ~ConnectionPool();  // Shutdown()

  // Starts the poller. Call once, before Add().
  void Start();
  // Takes a newly accepted connection and parks it until its first bytes. Never blocks.
  void Add(std::unique_ptr<PooledConnection> connection);
  // Closes every parked connection, lets the workers finish what they serve (they close
  // rather than park it), and returns once all of them have ended. Idempotent.
  void Shutdown();

  // Whether fewer than three quarters of the workers are busy: a worker may then keep its
  // connection a moment longer, waiting for the next request, instead of parking it.
  bool WorkersToSpare() const;

  struct Counts {
    size_t connections = 0;  // open: parked or with a worker
    size_t parked = 0;
    int workers = 0;  // threads alive, busy or idle
  };
  Counts counts() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shmock

#endif  // SHMOCK_HTTP_CONNECTION_POOL_H_
