// HttpConnection: one accepted connection, read through a buffer and a byte budget per request, so
// no request makes the server hold more than its limits: cpp-httplib's own reader keeps a
// header line or a chunked body in memory however long it grows. Between requests it is parked
// with the ConnectionPool (connection_pool.h), which takes bytes in through Absorb() until a
// whole header block is buffered: a client that is idle or sends its headers slowly holds no
// worker. A request's line and headers must arrive within the header timeout of its first byte,
// however spread out, and its body within the body timeout of the headers' end.
#ifndef SHMOCK_HTTP_CONNECTION_H_
#define SHMOCK_HTTP_CONNECTION_H_

#include <httplib.h>
#include <poll.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/connection_pool.h"

namespace shmock {

// The request line and headers of one request may take this many bytes. cpp-httplib bounds a
// single header line (8 KiB) but neither their number nor a line that never ends.
constexpr size_t kMaxHeaderBytes = 64 * 1024;

class HttpConnection final : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  struct Timeouts {
    int read_ms;   // one wait for body bytes
    int write_ms;  // one wait for room to write
    Clock::duration keep_alive;  // idle between requests
    Clock::duration headers;     // a request's line and headers, from its first byte
    Clock::duration body;        // a request's body, from the end of its headers
  };

  HttpConnection(socket_t sock, const Timeouts& timeouts) : sock_(sock), timeouts_(timeouts) {}

  // A request starts: its request line and headers may take kMaxHeaderBytes.
  void StartRequest() {
    budget_ = kMaxHeaderBytes;
    reading_headers_ = true;
    overran_ = false;
    timed_out_ = false;
  }
  // Its headers are in: its body may take `budget` bytes as sent.
  void StartBody(size_t budget) {
    budget_ = budget;
    reading_headers_ = false;
    body_started_ = Clock::now();
  }
  // Its reply is written: bytes buffered already are the next request, which begins now.
  void EndRequest() {
    (buffered() ? request_started_ : idle_since_) = Clock::now();
  }
  // How many requests the connection has carried, this one included.
  size_t CountRequest() { return ++requests_; }
  bool overran() const { return overran_; }
  bool headers_overran() const { return overran_ && reading_headers_; }
  bool headers_timed_out() const { return timed_out_ && reading_headers_; }
  bool body_timed_out() const { return timed_out_ && !reading_headers_; }
  // The rest of the input is not worth reading: close once the reply is written.
  void CloseAfterReply() { close_after_reply_ = true; }
  bool close_after_reply() const { return close_after_reply_; }
  bool buffered() const { return begin_ < end_; }
  bool WaitReadable(int timeout_ms) const { return Wait(POLLIN, timeout_ms); }
  bool WaitReadable(std::chrono::microseconds timeout) const;

  // Whether a worker can serve it without waiting on the client: a whole header block is
  // buffered, or more than one may hold (refused with 431), or the client has finished sending.
  bool ReadyToServe() const;

  // On the poller thread: takes in what the socket holds, never blocking, and says what next.
  PooledConnection::Next Absorb();
  // Parked, it waits for its next request for the keep-alive timeout, and for the rest of a
  // begun request's headers until the header deadline.
  Clock::time_point Deadline() const {
    return buffered() ? request_started_ + timeouts_.headers : idle_since_ + timeouts_.keep_alive;
  }
  bool Idle() const { return !buffered(); }
  // Before parking: an idle connection keeps no buffer, a begun request moves to its front.
  void Compact() {
    if (!buffered()) std::vector<char>().swap(buffer_);
    MoveToFront();
  }

  bool is_readable() const override { return buffered() || eof_ || Wait(POLLIN, timeouts_.read_ms); }
  bool is_writable() const override { return Wait(POLLOUT, timeouts_.write_ms); }
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  // Writes what the socket takes at once; for short replies from threads that must not block.
  void WriteNow(const std::string& text);

  // cpp-httplib asks for both addresses on every request; a connection's never change.
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return sock_; }

 private:
  static constexpr size_t kReadChunk = 4096;
  using IpAndPort = std::pair<std::string, int>;

  bool Wait(short events, int timeout_ms) const;
  // Waits for more input, for the read timeout at most and never past the deadline of what is
  // being read: the headers' from the request's first byte, the body's from the headers' end.
  // Without a deadline a client sending a byte every few seconds holds a worker for ever.
  bool WaitForInput();
  // Reads what one recv(2) gives into the empty buffer; what recv returned.
  ssize_t Refill();
  // A buffered request starts at the front; with nothing buffered the buffer is kept for the next.
  void MoveToFront();
  template <typename Getter>
  IpAndPort Address(Getter getter) const;

  socket_t sock_;
  mutable std::optional<IpAndPort> remote_, local_;
  const Timeouts timeouts_;
  std::vector<char> buffer_;  // empty while idle: a parked idle connection costs no buffer
  size_t begin_ = 0, end_ = 0;
  size_t budget_ = 0;
  bool reading_headers_ = true;
  bool overran_ = false;
  bool timed_out_ = false;
  Clock::time_point body_started_{};
  bool eof_ = false;
  bool close_after_reply_ = false;
  size_t requests_ = 0;
  Clock::time_point idle_since_ = Clock::now();
  Clock::time_point request_started_ = Clock::now();
};

}  // namespace shmock

#endif  // SHMOCK_HTTP_CONNECTION_H_
