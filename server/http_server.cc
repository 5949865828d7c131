#include "shmock/http_server.h"

#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <optional>

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

// RFC 9110 IMF-fixdate, the form of the Date header: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string HttpDate(std::time_t t) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

// A message as a header value: printable ASCII only (a control character would end or split
// the header, and cpp-httplib drops a header holding CR or LF), bounded in length.
std::string HeaderSafe(const std::string& text) {
  std::string out;
  size_t i = 0;
  for (; i < text.size() && out.size() < kMaxErrorMessageHeader; ++i) {
    const unsigned char c = text[i];
    if (c >= 0x80) {
      if ((c & 0xC0) != 0x80) out += '?';  // one '?' per UTF-8 character
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

// Writes the reply with the Content-Type it names (JSON unless it says otherwise).
void Write(const HttpReply& reply, const std::string& request_id, httplib::Response& res) {
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
  res.set_header("Date", HttpDate(std::time(nullptr)));
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(reply.body, content_type.c_str());
}

std::string Lowercase(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Status HeadersTooLarge() {
  return Status::Error(ErrorCode::kRequestHeadersTooLarge,
                       "The request line and headers are larger than " + std::to_string(kMaxHeaderBytes) + " bytes.");
}

// One accepted connection, read through a buffer and a byte budget per request, so no request
// makes the server hold more than its limits: cpp-httplib's own reader keeps a header line or
// a chunked body in memory however long it grows.
class Connection final : public httplib::Stream {
 public:
  Connection(socket_t sock, int read_timeout_ms, int write_timeout_ms)
      : sock_(sock), read_timeout_ms_(read_timeout_ms), write_timeout_ms_(write_timeout_ms) {}

  // A request starts: its request line and headers may take kMaxHeaderBytes.
  void StartRequest() {
    budget_ = kMaxHeaderBytes;
    reading_headers_ = true;
    overran_ = false;
  }
  // Its headers are in: its body may take `budget` bytes as sent.
  void StartBody(size_t budget) {
    budget_ = budget;
    reading_headers_ = false;
  }
  bool overran() const { return overran_; }
  bool headers_overran() const { return overran_ && reading_headers_; }
  // The rest of the input is not worth reading: close once the reply is written.
  void CloseAfterReply() { close_after_reply_ = true; }
  bool close_after_reply() const { return close_after_reply_; }
  bool buffered() const { return begin_ < end_; }
  bool WaitReadable(int timeout_ms) const { return Wait(POLLIN, timeout_ms); }

  bool is_readable() const override { return buffered() || Wait(POLLIN, read_timeout_ms_); }
  bool is_writable() const override { return Wait(POLLOUT, write_timeout_ms_); }

  ssize_t read(char* ptr, size_t size) override {
    if (budget_ == 0) {
      overran_ = true;
      return -1;
    }
    if (!buffered()) {
      if (!Wait(POLLIN, read_timeout_ms_)) return -1;
      ssize_t n;
      do {
        n = ::recv(sock_, buffer_, sizeof buffer_, 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      begin_ = 0;
      end_ = static_cast<size_t>(n);
    }
    const size_t n = std::min({size, end_ - begin_, budget_});
    std::memcpy(ptr, buffer_ + begin_, n);
    begin_ += n;
    budget_ -= n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    return ::send(sock_, ptr, size, MSG_NOSIGNAL);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    Address(::getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    Address(::getsockname, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  bool Wait(short events, int timeout_ms) const {
    pollfd p{sock_, events, 0};
    int n;
    do {
      n = ::poll(&p, 1, timeout_ms);
    } while (n < 0 && errno == EINTR);
    return n > 0;
  }
  template <typename Getter>
  void Address(Getter getter, std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    ip.clear();
    port = -1;
    if (getter(sock_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return;
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
  }

  socket_t sock_;
  int read_timeout_ms_;
  int write_timeout_ms_;
  char buffer_[4096];
  size_t begin_ = 0, end_ = 0;
  size_t budget_ = 0;
  bool reading_headers_ = true;
  bool overran_ = false;
  bool close_after_reply_ = false;
};

// cpp-httplib runs a connection from accept to close on one pool thread.
thread_local Connection* t_connection = nullptr;

// cpp-httplib's server with the connection loop replaced, to read through a Connection and to
// close a connection whose remaining input the server refused to read.
class Listener final : public httplib::Server {
 private:
  bool process_and_close_socket(socket_t sock) override {
    Connection connection(sock, ToMillis(read_timeout_sec_, read_timeout_usec_),
                          ToMillis(write_timeout_sec_, write_timeout_usec_));
    t_connection = &connection;
    bool ok = false;
    for (size_t left = keep_alive_max_count_; left > 0 && WaitForRequest(connection); --left) {
      connection.StartRequest();
      bool client_closes = false;
      ok = process_request(connection, /*close_connection=*/left == 1, client_closes, nullptr);
      if (!ok && connection.headers_overran()) RefuseOverlongRequestLine(connection);
      if (!ok || client_closes || connection.close_after_reply()) break;
    }
    t_connection = nullptr;
    if (connection.close_after_reply()) Linger(connection);
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
  }

  // cpp-httplib gives up without a reply when the request line alone overruns the budget.
  static void RefuseOverlongRequestLine(Connection& connection) {
    const HttpReply reply = ErrorReply(HeadersTooLarge());
    httplib::Response res;
    const std::string id = NewRequestId();
    Write(reply, id, res);
    std::string text = "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: " +
                       std::to_string(res.body.size()) + "\r\n";
    for (const auto& [name, value] : res.headers) text += name + ": " + value + "\r\n";
    text += "\r\n" + res.body;
    for (size_t at = 0; at < text.size();) {
      const ssize_t n = connection.write(text.data() + at, text.size() - at);
      if (n <= 0) break;
      at += static_cast<size_t>(n);
    }
    connection.CloseAfterReply();
    Log(LogLevel::kWarn, "- - - - -> 431 " + reply.error_message + " request=" + id);
  }

  static int ToMillis(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

  // Waits for the next request on a kept-alive connection, giving up when it stays idle for the
  // keep-alive timeout or the server stops.
  bool WaitForRequest(Connection& connection) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
    while (svr_sock_ != INVALID_SOCKET) {
      if (connection.buffered() || connection.WaitReadable(50)) return true;
      if (std::chrono::steady_clock::now() >= deadline) return false;
    }
    return false;
  }

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
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(Api& api, Control& control, const Config& config)
      : api_(api), control_(control), config_(config) {
    server_.set_tcp_nodelay(true);  // else every keep-alive reply waits ~40 ms for an ACK
    // cpp-httplib holds a pool thread for a connection's whole keep-alive life, and SDK clients
    // keep connections open: size the pool for many idle connections and let each connection
    // carry many requests (docs/design.md, "Facts that bite").
    const int threads = config.threads;
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
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
      if (std::optional<Status> refusal = CheckHeaders(req)) {
        Refuse(req, *refusal, res);
      } else if (!HasBody(req)) {
        Serve(req, "", res);  // RFC 9112 §6.3: no Content-Length, no Transfer-Encoding, no body
      } else {
        return httplib::Server::HandlerResponse::Unhandled;
      }
      return httplib::Server::HandlerResponse::Handled;
    });
    // A client that waits for "100 Continue" before sending a body learns of a refusal instead.
    server_.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
      std::optional<Status> refusal = CheckHeaders(req);
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
      // Rendered already (by the Api or a refusal); Handled still has cpp-httplib set its length.
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
          Log(LogLevel::kError, req.method + " " + req.path + " raised: " + what);
          Write(ErrorReply(Status::Internal("Internal error: " + what)), NewRequestId(), res);
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
  std::optional<Status> CheckHeaders(const httplib::Request& req) const {
    const std::string encoding = req.get_header_value("Content-Encoding");
    if (!encoding.empty() && encoding != "identity") {
      // AWS clients do not compress requests to this API; inflating one could exceed any limit.
      return Status::Error(ErrorCode::kUnsupportedMediaType,
                           "Content-Encoding '" + encoding + "' is not supported: send the request body uncompressed.");
    }
    if (req.get_header_value("Content-Type").rfind("multipart/", 0) == 0) {
      return Status::Error(ErrorCode::kUnsupportedMediaType,
                           "Content-Type '" + req.get_header_value("Content-Type") +
                               "' is not supported: send the request body as application/json.");
    }
    const bool chunked = req.has_header("Transfer-Encoding");
    if (chunked && req.get_header_value("Transfer-Encoding") != "chunked") {
      return Status::BadRequest("Transfer-Encoding '" + req.get_header_value("Transfer-Encoding") +
                                "' is not supported: send a Content-Length or Transfer-Encoding: chunked.");
    }
    if (!req.has_header("Content-Length")) return std::nullopt;
    if (chunked) {
      return Status::BadRequest("A request must not carry both Content-Length and Transfer-Encoding.");
    }
    const std::string length = req.get_header_value("Content-Length");
    if (length.empty() || !std::all_of(length.begin(), length.end(), [](unsigned char c) { return std::isdigit(c); })) {
      return Status::BadRequest("Content-Length '" + length + "' is not a number of bytes.");
    }
    const size_t digits = length.find_first_not_of('0') == std::string::npos ? 0 : length.size() - length.find_first_not_of('0');
    if (digits > 18 || std::stoull(length) > config_.max_body_bytes) return BodyTooLarge();
    return std::nullopt;
  }

  static bool HasBody(const httplib::Request& req) {
    if (req.has_header("Transfer-Encoding")) return true;
    const std::string length = req.get_header_value("Content-Length");
    return !length.empty() && length.find_first_not_of('0') != std::string::npos;
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
      Refuse(req, too_large ? BodyTooLarge()
                            : Status::BadRequest("The request body could not be read: it ended early or its "
                                                 "chunked framing is malformed."),
             res);
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
      Write(reply, NewRequestId(), res);
      CloseAfterReply(res);
      return;
    }
    const auto start = std::chrono::steady_clock::now();
    HttpCall call;
    call.method = req.method;
    call.path = OriginPath(req.path);
    for (const auto& [k, v] : req.params) call.query.emplace(k, v);
    if (size_t q = req.target.find('?'); q != std::string::npos) call.raw_query = req.target.substr(q + 1);
    for (const auto& [k, v] : req.headers) call.headers.emplace(Lowercase(k), v);
    call.body = std::move(body);
    call.request_id = NewRequestId();

    const bool control = Control::Handles(call.path);
    HttpReply reply = control ? control_.Handle(call) : api_.Handle(call);
    Write(reply, call.request_id, res);
    control_.Observe(call, reply);
    LogCall(call.method, call.path, reply, call.request_id,
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start));
  }

  // One line per call: what was asked, by whom, the answer, and (for served calls) how long it took.
  static void LogCall(const std::string& method, const std::string& path, const HttpReply& reply,
                      const std::string& request_id, std::optional<std::chrono::microseconds> took) {
    const LogLevel level = reply.status == 500 ? LogLevel::kError
                           : reply.status >= 400 ? LogLevel::kWarn
                                                 : LogLevel::kInfo;
    if (!LogEnabled(level)) return;
    std::string line = method + " " + path + " " + (reply.operation.empty() ? "-" : reply.operation) + " " +
                       (reply.caller.empty() ? "-" : reply.caller) + " -> " + std::to_string(reply.status);
    if (!reply.error_message.empty()) line += " " + reply.error_message;
    if (took) line += " (" + std::to_string(took->count() / 1000.0) + " ms)";
    line += " request=" + request_id;
    Log(level, line);
  }

  Api& api_;
  Control& control_;
  const Config& config_;
  Listener server_;
  socket_t listen_socket_ = INVALID_SOCKET;
  std::mutex gate_mu_;
  std::condition_variable gate_cv_;
  int in_flight_ = 0;
  bool closing_ = false;
};

thread_local bool HttpServer::Impl::t_call_open = false;

HttpServer::HttpServer(Api& api, Control& control, const Config& config)
    : impl_(std::make_unique<Impl>(api, control, config)) {}
HttpServer::~HttpServer() = default;
Status HttpServer::Bind(int* port) { return impl_->Bind(port); }
void HttpServer::Serve() { impl_->Serve(); }
void HttpServer::Stop() { impl_->Stop(); }

}  // namespace shmock
