// Api: the restJson1 face of the service. One HTTP call in, one HTTP reply out.
//
// It routes the call to a Security Hub operation (service_model.h), resolves the caller
// (identity.h), turns the query string and JSON body into a validated input, calls the
// operation's handler (handlers.h), and renders a refusal the way Security Hub does: status of
// the error shape, `x-amzn-ErrorType` and `{"Code","Message"}` (decision 14).
// Calls signed for STS, and unsigned calls to "/" that name an Action, go to STS (sts.h),
// which answers in its own protocol. Every reply names its Content-Type in `headers`.
// It knows nothing of sockets; the HTTP adapter (http_server.h) feeds it.
#ifndef SHMOCK_API_H_
#define SHMOCK_API_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shmock/faults.h"
#include "shmock/handlers.h"
#include "shmock/identity.h"
#include "shmock/read_cache.h"
#include "shmock/service_model.h"

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

// The reply for a failed call: status of the error shape, x-amzn-ErrorType, {"Code","Message"}.
HttpReply ErrorReply(const Status& status);
// The same shape for any status and code (a fault rule's error, faults.h).
HttpReply ErrorReply(int http_status, const std::string& code, const std::string& message);

class Api {
 public:
  // Throws std::logic_error if the model and the handler registry disagree, so such a build
  // cannot start (CheckHandlers). `faults`, if given, is asked about every call before it runs.
  Api(Services services, IdentityConfig identity, Faults* faults = nullptr);
  HttpReply Handle(const HttpCall& call);
  // Answers repeated reads from `cache` (read_cache.h); nullptr, the default, turns it off.
  void UseReadCache(ReadCache* cache) { read_cache_ = cache; }

 private:
  Services services_;
  IdentityConfig identity_;
  ServiceModel model_;
  const std::map<std::string, Handler>& handlers_;
  ReadCache* read_cache_ = nullptr;
  Faults* faults_;
};

}  // namespace shmock

#endif  // SHMOCK_API_H_
