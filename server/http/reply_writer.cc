#include "http/reply_writer.h"

#include <ctime>

#include "base/time.h"
#include "base/utf8.h"
#include "shmock/ids.h"
#include "shmock/log.h"

namespace shmock {
namespace {

// x-amzn-ErrorMessage repeats the body's Message, which can echo a whole request path.
constexpr size_t kMaxErrorMessageHeader = 1024;

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

}  // namespace

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

void WriteRefusal(HttpConnection& connection, const Status& why) {
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

}  // namespace shmock
