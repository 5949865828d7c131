#include "shmock/http_server.h"

#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "base/time.h"
#include "base/utf8.h"
#include "shmock/connection_pool.h"
#include "shmock/http_guard.h"
#include "shmock/ids.h"
#include "shmock/log.h"

namespace shmock {
namespace {

// The request line and headers of one request may take this many bytes. cpp-httplib bounds a
// single header line (8 KiB) but neither their number nor a line that never ends.
constexpr size_t kMaxHeaderBytes = 64 * 1024;
// Room for chunked framing around a body of the configured size; the decoded size is checked
// exactly as the body arrives.
constexpr size_t kChunkFramingBytes = 64 * 1024;
// x-amzn-ErrorMessage repeats the body's Message, which can echo a whole request path.
constexpr size_t kMaxErrorMessageHeader = 1024;
// After refusing a request whose body is still arriving, keep reading (and discarding) for a
// moment before closing: closing a socket with unread input sends a reset, which can destroy
// the refusal before the client reads it.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 16 << 20;
// How long a worker waits on a connection for its next request before parking it, while the
// pool has workers to spare. A client in a loop sends its next request a few milliseconds after
// the last reply even with dozens of connections sharing two cores; parking and waking through
// the poller costs several system calls and two thread switches per request.
constexpr std::chrono::microseconds kNextRequestWait{10000};

// A message as a header value: printable ASCII only (a control character would end or split
// the header, and cpp-httplib drops a header holding CR or LF), bounded in length.
std::string HeaderSafe(const std::string& text) {
  std::string out;
  size_t i = 0;
  for (; i < text.size() && out.size() < kMaxErrorMessageHeader; ++i) {
    const unsigned char c = text[i];
    if (c >= 0x80) {
      if (!IsUtf8Continuation(c)) out += '?';  // one '?' per UTF-8 character
    } else {
      out += (c < 0x20 || c == 0x7f) ? ' ' : static_cast<char>(c);
    }
  }
  if (i < text.size()) out.replace(kMaxErrorMessageHeader - 3, std::string::npos, "...");
  return out;
}

// A proxy sends the request line in absolute form (GET http://127.0.0.1:9777/members);
// route on the path alone.
std::string OriginPath(const std::string& target) {
  for (const char* scheme : {"http://", "https://"}) {
    if (target.rfind(scheme, 0) == 0) {
      size_t slash = target.find('/', std::strlen(scheme));
      return slash == std::string::npos ? "/" : target.substr(slash);
    }
  }
  return target;
}

// The Date header's value for now: formatted once a second per thread, not once a call.
const std::string& HttpDateNow() {
  thread_local std::time_t formatted_at = -1;
  thread_local std::string value;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    value = FormatHttpDate(now);
    formatted_at = now;
  }
  return value;
}

// Writes the reply with the Content-Type it names (JSON unless it says otherwise). The body
// moves into the response (a ListMembers page is kilobytes); the rest of `reply` stays, for the
// log line.
void Write(HttpReply& reply, const std::string& request_id, httplib::Response& res) {
  res.status = reply.status;
  std::string content_type = "application/json";
  for (const auto& [name, value] : reply.headers) {
    if (name == "Content-Type") {
      content_type = value;
      continue;
    }
    res.set_header(name, value);
    // Clients that do not model an error code (the AWS SDK for Go v1 with
    // BadRequestException) read its message only from this header.
    if (name == "x-amzn-ErrorType") res.set_header("x-amzn-ErrorMessage", HeaderSafe(reply.error_message));
  }
  res.set_header("x-amzn-RequestId", request_id);
  // Clock-skew correction in the SDKs reads Date; RFC 9110 requires it.
  res.set_header("Date", HttpDateNow());
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Type", content_type);
  res.body = std::move(reply.body);
}

Status HeadersTooLarge() {
  return Status::Error(ErrorCode::kRequestHeadersTooLarge,
                       "The request line and headers are larger than " + std::to_string(kMaxHeaderBytes) + " bytes.");
}

// One line per call (log.h): what was asked, by whom, the answer, and for served calls how
// long it took. Empty fields (a request line never read) are logged as unknown.
void LogCall(const std::string& method, const std::string& path, const HttpReply& reply,
             const std::string& request_id, std::optional<std::chrono::microseconds> took) {
  RequestRecord r;
  r.request_id = request_id;
  r.method = method;
  r.path = path;
  r.operation = reply.operation;
  r.account = reply.account;
  r.region = reply.region;
  r.status = reply.status;
  r.error_code = reply.error_code;
  r.error_message = reply.error_message;
  if (took) r.latency_micros = took->count();
  LogRequest(r);
}

// One accepted connection, read through a buffer and a byte budget per request, so no request
// makes the server hold more than its limits: cpp-httplib's own reader keeps a header line or
// a chunked body in memory however long it grows. Between requests it is parked with the
// ConnectionPool, which takes bytes in through Absorb() until a whole header block is
// buffered: a client that is idle or sends its headers slowly holds no worker. A request's
// line and headers must arrive within the header timeout of its first byte, however spread out.
class Connection final : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  struct Timeouts {
    int read_ms;   // one wait for body bytes
    int write_ms;  // one wait for room to write
    Clock::duration keep_alive;  // idle between requests
    Clock::duration headers;     // a request's line and headers, from its first byte
    Clock::duration body;        // a request's body, from the end of its headers
  };

  Connection(socket_t sock, const Timeouts& timeouts) : sock_(sock), timeouts_(timeouts) {}

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
  bool WaitReadable(std::chrono::microseconds timeout) const {
    pollfd p{sock_, POLLIN, 0};
    const timespec ts{static_cast<time_t>(timeout.count() / 1000000), static_cast<long>(timeout.count() % 1000000 * 1000)};
    int n;
    do {
      n = ::ppoll(&p, 1, &ts, nullptr);
    } while (n < 0 && errno == EINTR);
    return n > 0;
  }

  // Whether a worker can serve it without waiting on the client: a whole header block is
  // buffered, or more than one may hold (refused with 431), or the client has finished sending.
  bool ReadyToServe() const {
    if (!buffered()) return false;
    if (eof_ || end_ - begin_ >= kMaxHeaderBytes) return true;
    return std::string_view(buffer_.data() + begin_, end_ - begin_).find("\r\n\r\n") != std::string_view::npos;
  }

  // On the poller thread: takes in what the socket holds, never blocking, and says what next.
  PooledConnection::Next Absorb() {
    MoveToFront();
    const bool request_begins = !buffered();
    while (end_ - begin_ < kMaxHeaderBytes) {
      if (end_ == buffer_.size()) buffer_.resize(std::min(std::max(2 * buffer_.size(), kReadChunk), kMaxHeaderBytes + kReadChunk));
      const ssize_t n = ::recv(sock_, buffer_.data() + end_, buffer_.size() - end_, MSG_DONTWAIT);
      if (n > 0) {
        end_ += static_cast<size_t>(n);
      } else if (n == 0) {
        eof_ = true;
        break;
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        break;
      } else if (errno != EINTR) {
        return PooledConnection::Next::kClose;  // reset by the client
      }
    }
    if (request_begins && buffered()) request_started_ = Clock::now();
    if (ReadyToServe()) return PooledConnection::Next::kServe;
    return eof_ ? PooledConnection::Next::kClose : PooledConnection::Next::kPark;
  }
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

  ssize_t read(char* ptr, size_t size) override {
    // cpp-httplib reads request and header lines one byte per call.
    if (size == 1 && begin_ < end_ && budget_ > 0) {
      *ptr = buffer_[begin_++];
      --budget_;
      return 1;
    }
    if (budget_ == 0) {
      overran_ = true;
      return -1;
    }
    if (!buffered()) {
      if (eof_) return 0;
      if (!WaitForInput()) return -1;
      if (buffer_.size() < kReadChunk) buffer_.resize(kReadChunk);
      ssize_t n;
      do {
        n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) {
        eof_ = n == 0;
        return n;
      }
      begin_ = 0;
      end_ = static_cast<size_t>(n);
    }
    const size_t n = std::min({size, end_ - begin_, budget_});
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    budget_ -= n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    return ::send(sock_, ptr, size, MSG_NOSIGNAL);
  }
  // Writes what the socket takes at once; for short replies from threads that must not block.
  void WriteNow(const std::string& text) {
    for (size_t at = 0; at < text.size();) {
      const ssize_t n = ::send(sock_, text.data() + at, text.size() - at, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n <= 0) break;
      at += static_cast<size_t>(n);
    }
  }

  // cpp-httplib asks for both addresses on every request; a connection's never change.
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    if (!remote_) remote_ = Address(::getpeername);
    ip = remote_->first;
    port = remote_->second;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    if (!local_) local_ = Address(::getsockname);
    ip = local_->first;
    port = local_->second;
  }
  socket_t socket() const override { return sock_; }

 private:
  static constexpr size_t kReadChunk = 4096;

  bool Wait(short events, int timeout_ms) const {
    pollfd p{sock_, events, 0};
    int n;
    do {
      n = ::poll(&p, 1, timeout_ms);
    } while (n < 0 && errno == EINTR);
    return n > 0;
  }
  // Waits for more input, for the read timeout at most and never past the deadline of what is
  // being read: the headers' from the request's first byte, the body's from the headers' end.
  // Without a deadline a client sending a byte every few seconds holds a worker for ever.
  bool WaitForInput() {
    const Clock::time_point deadline =
        reading_headers_ ? request_started_ + timeouts_.headers : body_started_ + timeouts_.body;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    const bool deadline_first = left.count() <= timeouts_.read_ms;
    const int timeout_ms = static_cast<int>(std::clamp<long long>(left.count(), 0, timeouts_.read_ms));
    if (Wait(POLLIN, timeout_ms)) return true;
    timed_out_ = reading_headers_ || deadline_first;
    return false;
  }
  // A buffered request starts at the front; with nothing buffered the buffer is kept for the next.
  void MoveToFront() {
    if (!buffered()) {
      begin_ = end_ = 0;
    } else if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
  }
  using IpAndPort = std::pair<std::string, int>;
  template <typename Getter>
  IpAndPort Address(Getter getter) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    std::string ip;
    int port = -1;
    if (getter(sock_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return {ip, port};
    char text[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
      const auto* v4 = reinterpret_cast<const sockaddr_in*>(&addr);
      inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
      port = ntohs(v4->sin_port);
    } else if (addr.ss_family == AF_INET6) {
      const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&addr);
      inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
      port = ntohs(v6->sin6_port);
    }
    ip = text;
    return {ip, port};
  }

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

// A worker serves one connection at a time; the gate's readers find it here.
thread_local Connection* t_connection = nullptr;

// A reply the adapter writes itself, outside cpp-httplib's request cycle, before closing.
void WriteRefusal(Connection& connection, const Status& why) {
  HttpReply reply = ErrorReply(why);
  httplib::Response res;
  const std::string id = NewRequestId();
  Write(reply, id, res);
  const char* reason = reply.status == 408   ? "Request Timeout"
                       : reply.status == 431 ? "Request Header Fields Too Large"
                                             : "Service Unavailable";
  std::string text = "HTTP/1.1 " + std::to_string(reply.status) + " " + reason +
                     "\r\nConnection: close\r\nContent-Length: " + std::to_string(res.body.size()) + "\r\n";
  for (const auto& [name, value] : res.headers) text += name + ": " + value + "\r\n";
  text += "\r\n" + res.body;
  connection.WriteNow(text);
  connection.CloseAfterReply();
  LogCall("", "", reply, id, std::nullopt);
}

// Every open connection is a file descriptor. Raises the soft limit on them toward the hard
// limit to fit `wanted` connections, and returns how many fit.
size_t FitOpenFileLimit(size_t wanted) {
  constexpr rlim_t kReserve = 64;  // the database, its WAL, the log, the listening socket
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted;
  const rlim_t needed = static_cast<rlim_t>(wanted) + kReserve;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
    const rlim_t raised = limit.rlim_max == RLIM_INFINITY ? needed : std::min(needed, limit.rlim_max);
    rlimit want = limit;
    want.rlim_cur = raised;
    if (::setrlimit(RLIMIT_NOFILE, &want) == 0) limit.rlim_cur = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= needed) return wanted;
  const size_t fit = limit.rlim_cur > kReserve + 16 ? static_cast<size_t>(limit.rlim_cur - kReserve) : 16;
  Log(LogLevel::kWarn, "the open-file limit (" + std::to_string(limit.rlim_cur) + ") allows " + std::to_string(fit) +
                           " connections, not " + std::to_string(wanted) + ": raise `ulimit -n` for more");
  return fit;
}

// cpp-httplib's server with the connection loop replaced: connections wait for requests in a
// ConnectionPool instead of on a thread each, are read through a Connection, and close when
// their remaining input was refused.
class Listener final : public httplib::Server {
 public:
  explicit Listener(const Config& config)
      : config_(config), pool_(config.threads, FitOpenFileLimit(config.max_connections)) {
    // The accept loop hands each connection over through the task queue. Parking it never
    // blocks, so the queue runs the handover on the accept thread; threads are the pool's.
    new_task_queue = [this] {
      pool_.Start();
      return new InlineQueue(pool_);
    };
  }

  // On a worker: serves the requests the connection holds, in order, then parks it until more
  // bytes arrive, or closes it.
  PooledConnection::Next ServeRequests(Connection& connection) {
    t_connection = &connection;
    bool close = false;
    do {
      connection.StartRequest();
      bool client_closes = false;
      const bool last = connection.CountRequest() >= keep_alive_max_count_;
      const bool ok = process_request(connection, last, client_closes, nullptr);
      if (!ok && connection.headers_overran()) {
        WriteRefusal(connection, HeadersTooLarge());
      } else if (!ok && connection.headers_timed_out()) {
        WriteRefusal(connection, HeadersTimedOut());
      }
      close = !ok || client_closes || last || connection.close_after_reply() || svr_sock_ == INVALID_SOCKET;
      connection.EndRequest();
    } while (!close && NextRequestReady(connection, close));
    t_connection = nullptr;
    if (connection.close_after_reply()) Linger(connection);
    if (close) return PooledConnection::Next::kClose;
    connection.Compact();
    return PooledConnection::Next::kPark;
  }

  // Whether the connection's next request can be served now. A client that sends it as soon as
  // it has read the reply (most do) is served on this thread: a moment's wait costs less than
  // parking the connection and waking a worker through the poller. Only while workers are to
  // spare, so that waiting never keeps a ready connection from one.
  bool NextRequestReady(Connection& connection, bool& close) {
    if (connection.ReadyToServe()) return true;
    if (!connection.buffered() && pool_.WorkersToSpare() && connection.WaitReadable(kNextRequestWait)) {
      const PooledConnection::Next next = connection.Absorb();
      close = next == PooledConnection::Next::kClose;
      return next == PooledConnection::Next::kServe;
    }
    return false;
  }

  Status HeadersTimedOut() const {
    return Status::Error(ErrorCode::kRequestTimeout,
                         "The request line and headers did not arrive within " +
                             std::to_string(config_.header_timeout_sec) +
                             (config_.header_timeout_sec == 1 ? " second" : " seconds") + " of their first byte.");
  }

  Connection::Timeouts timeouts() const {
    return {ToMillis(read_timeout_sec_, read_timeout_usec_), ToMillis(write_timeout_sec_, write_timeout_usec_),
            std::chrono::seconds(keep_alive_timeout_sec_), std::chrono::seconds(config_.header_timeout_sec),
            std::chrono::seconds(config_.body_timeout_sec)};
  }

 private:
  class InlineQueue final : public httplib::TaskQueue {
   public:
    explicit InlineQueue(ConnectionPool& pool) : pool_(pool) {}
    void enqueue(std::function<void()> fn) override { fn(); }
    void shutdown() override { pool_.Shutdown(); }

   private:
    ConnectionPool& pool_;
  };

  bool process_and_close_socket(socket_t sock) override;

  static int ToMillis(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

  static void Linger(Connection& connection) {
    ::shutdown(connection.socket(), SHUT_WR);
    const auto deadline = std::chrono::steady_clock::now() + kLingerTime;
    char discard[4096];
    size_t drained = 0;
    while (drained < kLingerBytes && std::chrono::steady_clock::now() < deadline &&
           connection.WaitReadable(100)) {
      const ssize_t n = ::recv(connection.socket(), discard, sizeof discard, 0);
      if (n <= 0) break;
      drained += static_cast<size_t>(n);
    }
  }

  const Config& config_;
  ConnectionPool pool_;
};

Status Overloaded() {
  return Status::Error(ErrorCode::kServiceUnavailable,
                       "securityhub-mock is at its limit of busy worker threads (--threads) or open connections "
                       "(--max-connections): retry shortly.");
}

// A connection as the ConnectionPool holds it.
class PooledHttpConnection final : public PooledConnection {
 public:
  PooledHttpConnection(Listener& listener, socket_t sock)
      : PooledConnection(sock), listener_(listener), connection_(sock, listener.timeouts()) {}
  ~PooledHttpConnection() override {
    ::shutdown(fd(), SHUT_RDWR);
    ::close(fd());
  }

  Next Absorb() override { return connection_.Absorb(); }
  Next Serve() override { return listener_.ServeRequests(connection_); }
  Clock::time_point Deadline() const override { return connection_.Deadline(); }
  bool Idle() const override { return connection_.Idle(); }
  // An idle connection just closes, as HTTP allows; a request whose headers are late is answered.
  void Expire() override {
    if (!connection_.Idle()) WriteRefusal(connection_, listener_.HeadersTimedOut());
  }
  void Refuse() override { WriteRefusal(connection_, Overloaded()); }

 private:
  Listener& listener_;
  Connection connection_;
};

bool Listener::process_and_close_socket(socket_t sock) {
  pool_.Add(std::make_unique<PooledHttpConnection>(*this, sock));
  return true;
}

// The request headers the gate reads, found in one pass. cpp-httplib's header map compares
// names through tolower() on every lookup, and the gate asks about a header some twenty times.
// For a repeated header, `first` is the value cpp-httplib's get_header_value would give.
class GateHeaders {
 public:
  enum Name { kHost, kContentLength, kTransferEncoding, kContentEncoding, kContentType, kOrigin, kSecFetchSite, kNames };

  explicit GateHeaders(const httplib::Headers& headers) {
    for (const auto& [name, value] : headers) {
      const int i = Find(name);
      if (i == kNames) continue;
      if (count_[i]++ == 0) {
        first_[i] = &value;
      } else if (i == kContentLength && value != *first_[i]) {
        lengths_differ_ = true;
      }
    }
  }
  size_t count(Name n) const { return count_[n]; }
  bool has(Name n) const { return count_[n] > 0; }
  // The first value, or "" when absent.
  const std::string& value(Name n) const { return has(n) ? *first_[n] : kNone; }
  // Two Content-Length headers with different values.
  bool lengths_differ() const { return lengths_differ_; }
  // By name, for HttpGuard; nullopt for a name not indexed here or not sent.
  std::optional<std::string> Lookup(const std::string& name) const {
    const int i = Find(name);
    if (i == kNames || !has(static_cast<Name>(i))) return std::nullopt;
    return *first_[i];
  }

 private:
  static int Find(const std::string& name) {
    static constexpr std::string_view kText[kNames] = {"host", "content-length", "transfer-encoding",
                                                       "content-encoding", "content-type", "origin",
                                                       "sec-fetch-site"};
    for (int i = 0; i < kNames; ++i) {
      if (EqualsLowercase(name, kText[i])) return i;
    }
    return kNames;
  }

  static inline const std::string kNone;
  const std::string* first_[kNames] = {};
  size_t count_[kNames] = {};
  bool lengths_differ_ = false;
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(Dispatcher& dispatcher, const Config& config)
      : dispatcher_(dispatcher), config_(config), server_(config) {
    server_.set_tcp_nodelay(true);  // else every keep-alive reply waits ~40 ms for an ACK
    // SDK clients keep connections open; let each carry many requests. An idle one waits in the
    // Listener's ConnectionPool, not on a thread (docs/design.md, "Facts that bite").
    server_.set_keep_alive_max_count(1000);
    server_.set_keep_alive_timeout(5);
    server_.set_payload_max_length(config.max_body_bytes);
    // Debian's cpp-httplib listens with a backlog of 5: at 64 connecting clients the kernel
    // drops SYNs and each retry costs a second (bench/README.md). Keep the listening socket
    // (the options hook runs only for it) to listen() again with a full backlog in Bind().
    // SO_REUSEADDR alone, not cpp-httplib's default SO_REUSEPORT: with that, a second
    // instance binds the busy port too and the kernel splits connections between two states.
    server_.set_socket_options([this](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      listen_socket_ = sock;
    });

    // Every request passes the gate once its headers are read and before its body is: it is
    // refused there, served there when it has no body, or left to the readers below.
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (t_connection != nullptr) t_connection->StartBody(config_.max_body_bytes + kChunkFramingBytes);
      const GateHeaders headers(req.headers);
      if (std::optional<Status> refusal = CheckHeaders(req, headers)) {
        Refuse(req, *refusal, res);
      } else if (!HasBody(headers)) {
        Serve(req, "", res);  // RFC 9112 §6.3: no Content-Length, no Transfer-Encoding, no body
      } else if (t_connection != nullptr && !headers.has(GateHeaders::kTransferEncoding)) {
        // A Content-Length body, what AWS SDKs send, is read here: past this handler,
        // cpp-httplib matches the path of a request with a body against a std::regex, which
        // cost more than the rest of a GetMembers call. Chunked bodies take the library's reader.
        std::string body;
        if (ReadSizedBody(headers, *t_connection, &body)) {
          Serve(req, std::move(body), res);
        } else {
          Refuse(req, t_connection->body_timed_out() ? BodyTimedOut() : BodyUnreadable(), res);
        }
      } else {
        return httplib::Server::HandlerResponse::Unhandled;
      }
      return httplib::Server::HandlerResponse::Handled;
    });
    // A client that waits for "100 Continue" before sending a body learns of a refusal instead.
    server_.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
      std::optional<Status> refusal = CheckHeaders(req, GateHeaders(req.headers));
      if (!refusal) return 100;
      Refuse(req, *refusal, res);
      return res.status;
    });

    // '.' stops at a newline, and a decoded path may hold one.
    const std::string any = R"([\s\S]*)";
    auto read_then_serve = [this](const httplib::Request& req, httplib::Response& res,
                                  const httplib::ContentReader& read) { ReadThenServe(req, read, res); };
    server_.Post(any, read_then_serve);
    server_.Put(any, read_then_serve);
    server_.Patch(any, read_then_serve);
    server_.Delete(any, read_then_serve);
    // A GET or OPTIONS request that announces a body: cpp-httplib does not read it, so close
    // after the reply rather than read the body as the next request.
    auto serve = [this](const httplib::Request& req, httplib::Response& res) {
      Serve(req, "", res);
      CloseAfterReply(res);
    };
    server_.Get(any, serve);
    server_.Options(any, serve);

    // Errors cpp-httplib raises itself (a malformed request line, headers over the limit) get
    // an AWS-shaped body too. Replies the adapter rendered already have one and pass untouched.
    server_.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
      // Rendered already (by a face of the Dispatcher or a refusal); Handled still has cpp-httplib set its length.
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Handled;
      Status s;
      if (t_connection != nullptr && t_connection->headers_overran()) {
        s = HeadersTooLarge();
      } else if (res.status == 413) {
        s = BodyTooLarge();
      } else if (res.status == 414) {
        s = Status::BadRequest("The request target is longer than 8192 bytes.");
      } else {
        s = Status::BadRequest("The HTTP request could not be read (status " + std::to_string(res.status) +
                               "): check the request line and headers; a header line may hold at most 8192 bytes.");
      }
      const int status = s.code() == ErrorCode::kBadRequest ? res.status : ErrorHttpStatus(s.code());
      Refuse(req, s, res);
      res.status = status;
      return httplib::Server::HandlerResponse::Handled;
    }));
    // Runs after a reply is written: the end of a call for Stop().
    server_.set_logger([this](const httplib::Request&, const httplib::Response&) { EndCall(); });
    server_.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
          std::string what = "unknown";
          try {
            std::rethrow_exception(ep);
          } catch (const std::exception& e) {
            what = e.what();
          } catch (...) {
          }
          HttpReply reply = ErrorReply(Status::Internal("Internal error: " + what));
          const std::string id = NewRequestId();
          Write(reply, id, res);
          LogCall(req.method, OriginPath(req.path), reply, id, std::nullopt);
        });
  }

  Status Bind(int* port) {
    int bound = config_.port == 0 ? server_.bind_to_any_port(config_.host)
                                  : (server_.bind_to_port(config_.host, config_.port) ? config_.port : -1);
    if (bound < 0) {
      return Status::Internal("cannot listen on " + config_.host + ":" + std::to_string(config_.port) +
                              " (address in use or not available)");
    }
    if (::listen(listen_socket_, SOMAXCONN) != 0) {  // Linux applies a new backlog in place
      return Status::Internal("cannot set the listen backlog on " + config_.host);
    }
    *port = bound;
    return Status::OK();
  }

  void Serve() { server_.listen_after_bind(); }

  void Stop() {
    server_.stop();
    std::unique_lock<std::mutex> lock(gate_mu_);
    closing_ = true;
    gate_cv_.wait(lock, [this] { return in_flight_ == 0; });
  }

 private:
  // A call counts as in flight from the start of its handler until its reply is written.
  // cpp-httplib runs both on the connection's thread, so a thread_local marks the calls
  // that were admitted (replies httplib writes on its own never start one).
  static thread_local bool t_call_open;

  bool BeginCall() {
    std::lock_guard<std::mutex> lock(gate_mu_);
    if (closing_) return false;
    ++in_flight_;
    t_call_open = true;
    return true;
  }
  void EndCall() {
    if (!t_call_open) return;
    t_call_open = false;
    std::lock_guard<std::mutex> lock(gate_mu_);
    --in_flight_;
    gate_cv_.notify_all();
  }

  Status BodyTooLarge() const {
    return Status::Error(ErrorCode::kRequestTooLarge,
                         "The request body is larger than " + std::to_string(config_.max_body_bytes) + " bytes.");
  }

  // What the headers alone say against a request, decided before any byte of its body is read.
  std::optional<Status> CheckHeaders(const httplib::Request& req, const GateHeaders& headers) const {
    using H = GateHeaders;
    // Framing first (RFC 9112 §3.2, §6.3): two Host headers, or two different lengths, are how
    // a request is smuggled past a check that reads one of them.
    const size_t hosts = headers.count(H::kHost);
    if (hosts > 1 || (hosts == 0 && req.version == "HTTP/1.1")) {
      return Status::BadRequest("An HTTP/1.1 request must carry exactly one Host header; this one carries " +
                                std::to_string(hosts) + ".");
    }
    if (headers.lengths_differ()) {
      return Status::BadRequest("The request carries Content-Length headers with different values.");
    }
    Status exposure = guard_.Check(OriginPath(req.path), HasBody(headers), [&req, &headers](const std::string& name) {
      std::optional<std::string> value = headers.Lookup(name);
      if (!value && req.has_header(name.c_str())) value = req.get_header_value(name.c_str());  // not indexed
      return value;
    });
    if (!exposure.ok()) return exposure;
    const std::string& encoding = headers.value(H::kContentEncoding);
    if (!encoding.empty() && encoding != "identity") {
      // AWS clients do not compress requests to this API; inflating one could exceed any limit.
      return Status::Error(ErrorCode::kUnsupportedMediaType,
                           "Content-Encoding '" + encoding + "' is not supported: send the request body uncompressed.");
    }
    const std::string& type = headers.value(H::kContentType);
    if (type.rfind("multipart/", 0) == 0) {
      return Status::Error(ErrorCode::kUnsupportedMediaType,
                           "Content-Type '" + type + "' is not supported: send the request body as application/json.");
    }
    const bool chunked = headers.has(H::kTransferEncoding);
    if (chunked && headers.value(H::kTransferEncoding) != "chunked") {
      return Status::BadRequest("Transfer-Encoding '" + headers.value(H::kTransferEncoding) +
                                "' is not supported: send a Content-Length or Transfer-Encoding: chunked.");
    }
    if (!headers.has(H::kContentLength)) return std::nullopt;
    if (chunked) {
      return Status::BadRequest("A request must not carry both Content-Length and Transfer-Encoding.");
    }
    const std::string& length = headers.value(H::kContentLength);
    if (length.empty() || !std::all_of(length.begin(), length.end(), [](unsigned char c) { return std::isdigit(c); })) {
      return Status::BadRequest("Content-Length '" + length + "' is not a number of bytes.");
    }
    const size_t digits = length.find_first_not_of('0') == std::string::npos ? 0 : length.size() - length.find_first_not_of('0');
    if (digits > 18 || std::stoull(length) > config_.max_body_bytes) return BodyTooLarge();
    return std::nullopt;
  }

  static bool HasBody(const GateHeaders& headers) {
    if (headers.has(GateHeaders::kTransferEncoding)) return true;
    const std::string& length = headers.value(GateHeaders::kContentLength);
    return !length.empty() && length.find_first_not_of('0') != std::string::npos;
  }

  Status BodyTimedOut() const {
    return Status::Error(ErrorCode::kRequestTimeout,
                         "The request body did not arrive within " + std::to_string(config_.body_timeout_sec) +
                             (config_.body_timeout_sec == 1 ? " second" : " seconds") + " of its headers.");
  }

  static Status BodyUnreadable() {
    return Status::BadRequest("The request body could not be read: it ended early or its chunked framing is malformed.");
  }

  // Reads a body of Content-Length bytes (CheckHeaders has bounded it); false if the connection
  // ends or times out first.
  static bool ReadSizedBody(const GateHeaders& headers, Connection& connection, std::string* body) {
    body->resize(std::stoull(headers.value(GateHeaders::kContentLength)));
    for (size_t got = 0; got < body->size();) {
      const ssize_t n = connection.read(body->data() + got, body->size() - got);
      if (n <= 0) return false;
      got += static_cast<size_t>(n);
    }
    return true;
  }

  // Reads the body, stopping at the size limit, and serves the request.
  void ReadThenServe(const httplib::Request& req, const httplib::ContentReader& read, httplib::Response& res) {
    std::string body;
    bool too_large = false;
    const bool complete = read([&](const char* data, size_t n) {
      if (n > config_.max_body_bytes - body.size()) {
        too_large = true;
        return false;
      }
      body.append(data, n);
      return true;
    });
    if (!complete) {
      too_large = too_large || (t_connection != nullptr && t_connection->overran());
      const bool late = t_connection != nullptr && t_connection->body_timed_out();
      Refuse(req, too_large ? BodyTooLarge() : late ? BodyTimedOut() : BodyUnreadable(), res);
      return;
    }
    Serve(req, std::move(body), res);
  }

  // Answers a request the adapter will not pass on; nothing is changed. What is left of the
  // request is not read, so the connection closes after the reply.
  void Refuse(const httplib::Request& req, const Status& why, httplib::Response& res) {
    HttpReply reply = ErrorReply(why);
    const std::string id = NewRequestId();
    Write(reply, id, res);
    CloseAfterReply(res);
    LogCall(req.method, OriginPath(req.path), reply, id, std::nullopt);
  }

  static void CloseAfterReply(httplib::Response& res) {
    res.set_header("Connection", "close");
    if (t_connection != nullptr) t_connection->CloseAfterReply();
  }

  void Serve(const httplib::Request& req, std::string body, httplib::Response& res) {
    if (!BeginCall()) {
      // Stopping: a kept-alive connection sent one more call. Refuse it (nothing is changed)
      // and ask the client to close the connection.
      HttpReply reply = ErrorReply(Status::Error(ErrorCode::kServiceUnavailable,
                                                 "securityhub-mock is shutting down."));
      const std::string id = NewRequestId();
      Write(reply, id, res);
      CloseAfterReply(res);
      LogCall(req.method, OriginPath(req.path), reply, id, std::nullopt);
      return;
    }
    const auto start = std::chrono::steady_clock::now();
    HttpCall call;
    call.method = req.method;
    call.path = OriginPath(req.path);
    for (const auto& [k, v] : req.params) call.query.emplace(k, v);
    const size_t q = req.target.find('?');
    call.raw_path = OriginPath(req.target.substr(0, q));
    if (q != std::string::npos) call.raw_query = req.target.substr(q + 1);
    for (const auto& [k, v] : req.headers) call.headers.emplace(Lowercase(k), v);
    call.body = std::move(body);
    call.request_id = NewRequestId();

    HttpReply reply = dispatcher_.Handle(call);
    Write(reply, call.request_id, res);
    LogCall(call.method, call.path, reply, call.request_id,
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start));
  }

  Dispatcher& dispatcher_;
  const Config& config_;
  HttpGuard guard_{config_};
  Listener server_;
  socket_t listen_socket_ = INVALID_SOCKET;
  std::mutex gate_mu_;
  std::condition_variable gate_cv_;
  int in_flight_ = 0;
  bool closing_ = false;
};

thread_local bool HttpServer::Impl::t_call_open = false;

HttpServer::HttpServer(Dispatcher& dispatcher, const Config& config)
    : impl_(std::make_unique<Impl>(dispatcher, config)) {}
HttpServer::~HttpServer() = default;
Status HttpServer::Bind(int* port) { return impl_->Bind(port); }
void HttpServer::Serve() { impl_->Serve(); }
void HttpServer::Stop() { impl_->Stop(); }

}  // namespace shmock
