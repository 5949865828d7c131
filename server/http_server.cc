#include "shmock/http_server.h"

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <mutex>
#include <random>

#include "shmock/log.h"

namespace shmock {
namespace {

const char kVersion[] = "0.1.0";

// x-amzn-ErrorMessage repeats the body's Message, which can echo a whole request path.
constexpr size_t kMaxErrorMessageHeader = 1024;

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

std::string NewRequestId() {
  // A random (version 4) UUID in lowercase, like AWS's request ids.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t a = rng(), b = rng();
  a = (a & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
  b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFFF),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
  return buf;
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

void Write(const HttpReply& reply, const std::string& request_id, httplib::Response& res) {
  res.status = reply.status;
  for (const auto& [name, value] : reply.headers) {
    if (name == "Content-Type") continue;
    res.set_header(name, value);
    // Clients that do not model an error code (the AWS SDK for Go v1 with
    // BadRequestException) read its message only from this header.
    if (name == "x-amzn-ErrorType") res.set_header("x-amzn-ErrorMessage", HeaderSafe(reply.error_message));
  }
  res.set_header("x-amzn-RequestId", request_id);
  // Clock-skew correction in the SDKs reads Date; RFC 9110 requires it.
  res.set_header("Date", HttpDate(std::time(nullptr)));
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(reply.body, "application/json");
}

}  // namespace

Control::Control(Store& store, std::string database)
    : store_(store), database_(std::move(database)), started_at_(SystemClock().NowMillis()) {}

HttpReply Control::Handle(const HttpCall& call) {
  HttpReply reply;
  reply.headers = {{"Content-Type", "application/json"}};
  const std::string name = call.path.substr(std::strlen(kPrefix));
  reply.operation = "_mock/" + name;
  if (call.method == "GET" && name == "health") {
    nlohmann::ordered_json body = {
        {"status", "ok"},
        {"version", kVersion},
        {"uptimeSeconds", (SystemClock().NowMillis() - started_at_) / 1000},
        {"database", database_ == ":memory:" ? "in-memory" : database_}};
    reply.body = body.dump();
    return reply;
  }
  if (call.method == "POST" && name == "reset") {
    Status s = store_.Reset();
    if (!s.ok()) return ErrorReply(s);
    reply.body = "{}";
    return reply;
  }
  return ErrorReply(Status::Error(ErrorCode::kUnknownOperation,
                                  "No control endpoint at " + call.method + " " + call.path +
                                      ". There are GET /_mock/health and POST /_mock/reset."));
}

class HttpServer::Impl {
 public:
  Impl(Api& api, Control& control, const Config& config)
      : api_(api), control_(control), config_(config) {
    server_.set_tcp_nodelay(true);  // else every keep-alive reply waits ~40 ms for an ACK
    // cpp-httplib holds a pool thread for a connection's whole keep-alive life, and SDK clients
    // keep connections open: size the pool for many idle connections and let each connection
    // carry many requests (design.md, "Facts that bite").
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

    auto handle = [this](const httplib::Request& req, httplib::Response& res) { Serve(req, res); };
    const std::string any = ".*";
    server_.Get(any, handle);
    server_.Post(any, handle);
    server_.Put(any, handle);
    server_.Patch(any, handle);
    server_.Delete(any, handle);
    server_.Options(any, handle);

    // Errors cpp-httplib raises before routing (body too large, malformed request) get an
    // AWS-shaped body too. Replies the Api rendered already have one and pass untouched.
    server_.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      // cpp-httplib caps form-encoded bodies at 8 KiB whatever the configured limit.
      const bool form = req.get_header_value("Content-Type").find("x-www-form-urlencoded") != std::string::npos;
      Status s = res.status == 413
                     ? Status::Error(ErrorCode::kRequestTooLarge,
                                     "The request body is larger than " +
                                         (form ? std::string("8192 bytes, the limit for Content-Type "
                                                             "application/x-www-form-urlencoded; send "
                                                             "application/json")
                                               : std::to_string(config_.max_body_bytes) + " bytes") + ".")
                     : Status::Error(ErrorCode::kBadRequest,
                                     "The HTTP request could not be read (status " +
                                         std::to_string(res.status) +
                                         "): check the request line and headers; a POST, PUT or "
                                         "PATCH needs a Content-Length (0 for no body).");
      HttpReply reply = ErrorReply(s);
      reply.status = res.status;
      const std::string id = NewRequestId();
      Write(reply, id, res);
      Log(LogLevel::kWarn, req.method + " " + req.path + " -> " + std::to_string(res.status) +
                               " " + reply.error_message + " request=" + id);
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

  void Serve(const httplib::Request& req, httplib::Response& res) {
    if (!BeginCall()) {
      // Stopping: a kept-alive connection sent one more call. Refuse it (nothing is changed)
      // and ask the client to close the connection.
      HttpReply reply = ErrorReply(Status::Error(ErrorCode::kServiceUnavailable,
                                                 "securityhub-mock is shutting down."));
      Write(reply, NewRequestId(), res);
      res.set_header("Connection", "close");
      return;
    }
    const auto start = std::chrono::steady_clock::now();
    HttpCall call;
    call.method = req.method;
    call.path = OriginPath(req.path);
    for (const auto& [k, v] : req.params) call.query.emplace(k, v);
    if (req.has_header("Authorization")) call.authorization = req.get_header_value("Authorization");
    call.body = req.body;

    const bool control = call.path.rfind(Control::kPrefix, 0) == 0;
    HttpReply reply = control ? control_.Handle(call) : api_.Handle(call);
    const std::string id = NewRequestId();
    Write(reply, id, res);

    const LogLevel level = reply.status == 500 ? LogLevel::kError
                           : reply.status >= 400 ? LogLevel::kWarn
                                                 : LogLevel::kInfo;
    if (LogEnabled(level)) {
      const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::steady_clock::now() - start).count();
      std::string line = call.method + " " + call.path + " " +
                         (reply.operation.empty() ? "-" : reply.operation) + " " +
                         (reply.caller.empty() ? "-" : reply.caller) + " -> " +
                         std::to_string(reply.status);
      if (!reply.error_message.empty()) line += " " + reply.error_message;
      line += " (" + std::to_string(micros / 1000.0) + " ms) request=" + id;
      Log(level, line);
    }
  }

  Api& api_;
  Control& control_;
  const Config& config_;
  httplib::Server server_;
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
