#include "shmock/http_server.h"

#include <httplib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>

#include "base/strings.h"
#include "http/connection.h"
#include "http/connection_pool.h"
#include "http/reply_writer.h"
#include "http/request_gate.h"
#include "shmock/ids.h"
#include "shmock/log.h"

namespace shmock {
namespace {

// Room for chunked framing around a body of the configured size; the decoded size is checked
// exactly as the body arrives.
constexpr size_t kChunkFramingBytes = 64 * 1024;
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

// A worker serves one connection at a time; the gate's readers find it here.
thread_local HttpConnection* t_connection = nullptr;

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
// ConnectionPool instead of on a thread each, are read through an HttpConnection, and close when
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
  PooledConnection::Next ServeRequests(HttpConnection& connection) {
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
  bool NextRequestReady(HttpConnection& connection, bool& close) {
    if (connection.ReadyToServe()) return true;
    if (!connection.buffered() && pool_.WorkersToSpare() && connection.WaitReadable(kNextRequestWait)) {
      const PooledConnection::Next next = connection.Absorb();
      close = next == PooledConnection::Next::kClose;
      return next == PooledConnection::Next::kServe;
    }
    return false;
  }

  Status HeadersTimedOut() const { return shmock::HeadersTimedOut(config_.header_timeout_sec); }

  HttpConnection::Timeouts timeouts() const {
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

  static void Linger(HttpConnection& connection) {
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
  HttpConnection connection_;
};

bool Listener::process_and_close_socket(socket_t sock) {
  pool_.Add(std::make_unique<PooledHttpConnection>(*this, sock));
  return true;
}

}  // namespace

class HttpServer::Impl {
 public:
  Impl(Dispatcher& dispatcher, const Config& config)
      : dispatcher_(dispatcher), config_(config), server_(config) {
    ConfigureConnections();
    // Every request passes the gate once its headers are read and before its body is: it is
    // refused there, served there when it has no body, or left to the readers below.
    server_.set_pre_routing_handler(
        [this](const httplib::Request& req, httplib::Response& res) { return PassGate(req, res); });
    // A client that waits for "100 Continue" before sending a body learns of a refusal instead.
    server_.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
      std::optional<Status> refusal = gate_.Check(req, GateHeaders(req.headers));
      if (!refusal) return 100;
      Refuse(req, *refusal, res);
      return res.status;
    });
    InstallRoutes();
    // Errors cpp-httplib raises itself (a malformed request line, headers over the limit) get
    // an AWS-shaped body too. Replies the adapter rendered already have one and pass untouched.
    server_.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) { return AnswerLibraryError(req, res); }));
    // Runs after a reply is written: the end of a call for Stop().
    server_.set_logger([this](const httplib::Request&, const httplib::Response&) { EndCall(); });
    server_.set_exception_handler(AnswerException);
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

  void ConfigureConnections() {
    server_.set_tcp_nodelay(true);  // else every keep-alive reply waits ~40 ms for an ACK
    // SDK clients keep connections open; let each carry many requests. An idle one waits in the
    // Listener's ConnectionPool, not on a thread (docs/design.md, "Facts that bite").
    server_.set_keep_alive_max_count(1000);
    server_.set_keep_alive_timeout(5);
    server_.set_payload_max_length(config_.max_body_bytes);
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
  }

  httplib::Server::HandlerResponse PassGate(const httplib::Request& req, httplib::Response& res) {
    if (t_connection != nullptr) t_connection->StartBody(config_.max_body_bytes + kChunkFramingBytes);
    const GateHeaders headers(req.headers);
    if (std::optional<Status> refusal = gate_.Check(req, headers)) {
      Refuse(req, *refusal, res);
    } else if (!headers.HasBody()) {
      Serve(req, "", res);  // RFC 9112 §6.3: no Content-Length, no Transfer-Encoding, no body
    } else if (t_connection != nullptr && !headers.has(GateHeaders::kTransferEncoding)) {
      // A Content-Length body, what AWS SDKs send, is read here: past this handler,
      // cpp-httplib matches the path of a request with a body against a std::regex, which
      // cost more than the rest of a GetMembers call. Chunked bodies take the library's reader.
      std::string body;
      if (ReadSizedBody(headers, *t_connection, &body)) {
        Serve(req, std::move(body), res);
      } else {
        Refuse(req, t_connection->body_timed_out() ? BodyTimedOut(config_.body_timeout_sec) : BodyUnreadable(), res);
      }
    } else {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    return httplib::Server::HandlerResponse::Handled;
  }

  void InstallRoutes() {
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
  }

  httplib::Server::HandlerResponse AnswerLibraryError(const httplib::Request& req, httplib::Response& res) {
    // Rendered already (by a face of the Dispatcher or a refusal); Handled still has
    // cpp-httplib set its length.
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Handled;
    Status s;
    if (t_connection != nullptr && t_connection->headers_overran()) {
      s = HeadersTooLarge();
    } else if (res.status == 413) {
      s = BodyTooLarge(config_.max_body_bytes);
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
  }

  static void AnswerException(const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
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
  }
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

  // Reads a body of Content-Length bytes (the gate has bounded it); false if the connection
  // ends or times out first.
  static bool ReadSizedBody(const GateHeaders& headers, HttpConnection& connection, std::string* body) {
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
      Refuse(req, too_large ? BodyTooLarge(config_.max_body_bytes) : late ? BodyTimedOut(config_.body_timeout_sec) : BodyUnreadable(), res);
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
  RequestGate gate_{config_};
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
