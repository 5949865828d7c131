// HttpCall and HttpReply: one HTTP call as the faces of the server see it, and its reply.
//
// The HTTP adapter (server/http/) builds an HttpCall from each request it admits and writes the
// HttpReply it gets back with the Content-Type the reply names. Between the two, the Dispatcher
// (dispatcher.h) hands the call to the face that answers it: the mock's own endpoints, STS, or
// Security Hub. None of them knows sockets.
#ifndef SHMOCK_HTTP_CALL_H_
#define SHMOCK_HTTP_CALL_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shmock/status.h"

namespace shmock {

struct HttpCall {
  std::string method;
  std::string path;                                 // without the query string, decoded
  std::multimap<std::string, std::string> query;    // decoded
  std::string raw_query;                            // as sent, without the '?'
  std::multimap<std::string, std::string> headers;  // names in lowercase
  std::string body;
  std::string request_id;  // the x-amzn-RequestId the adapter answers with (STS repeats it)
  std::string raw_path{};  // `path` as sent, still percent-encoded (what a signature covers)

  // The first value of the header `lowercase_name`, if the call has it.
  std::optional<std::string> header(const std::string& lowercase_name) const;
};

struct HttpReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type among them
  std::string body;
  // What the log line says about the call; empty when unknown.
  std::string operation;
  std::string account;
  std::string region;
  std::string error_code;
  std::string error_message;
};

// The reply for a failed call: status of the error shape, x-amzn-ErrorType, {"Code","Message"}
// (decision 14).
HttpReply ErrorReply(const Status& status);
// The same shape for any status and code (a fault rule's error, faults.h).
HttpReply ErrorReply(int http_status, const std::string& code, const std::string& message);

// A face of the server: answers the calls the Dispatcher gives it.
class CallHandler {
 public:
  virtual ~CallHandler() = default;
  virtual HttpReply Handle(const HttpCall& call) = 0;
};

// Told of every call the Dispatcher answered, with its reply, before the reply is written.
class CallObserver {
 public:
  virtual ~CallObserver() = default;
  virtual void Observe(const HttpCall& call, const HttpReply& reply) = 0;
};

}  // namespace shmock

#endif  // SHMOCK_HTTP_CALL_H_
