#include "shmock/http_server.h"

#include <httplib.h>

#include <cctype>
#include <cstring>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "shmock/ids.h"
#include "shmock/log.h"

namespace shmock {
namespace {

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
    if (name == "Content-Type") content_type = value;
    else res.set_header(name, value);
  }
  res.set_header("x-amzn-RequestId", request_id);
  res.set_content(reply.body, content_type.c_str());
}

std::string Lowercase(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

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
    server_.set_socket_options([this](socket_t sock) {
      httplib::default_socket_options(sock);
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
    if (size_t q = req.target.find('?'); q != std::string::npos) call.raw_query = req.target.substr(q + 1);
    for (const auto& [k, v] : req.headers) call.headers.emplace(Lowercase(k), v);
    call.body = req.body;
    call.request_id = NewRequestId();

    const bool control = call.path.rfind(Control::kPrefix, 0) == 0;
    HttpReply reply = control ? control_.Handle(call) : api_.Handle(call);
    const std::string& id = call.request_id;
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
