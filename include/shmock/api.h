// Api: the restJson1 face of the service. One HTTP call in, one HTTP reply out.
//
// It routes the call to a Security Hub operation (service_model.h), resolves the caller
// (identity.h), turns the query string and JSON body into a validated input, calls the
// membership core, and renders its output or error the way Security Hub does: JSON members
// named as in the model, ISO 8601 timestamps with milliseconds, `{}` for empty outputs, and
// errors as status + `x-amzn-ErrorType` + `{"Code","Message"}` (decision 14).
// Calls signed for STS, and unsigned calls to "/" that name an Action, go to STS (sts.h),
// which answers in its own protocol. Every reply names its Content-Type in `headers`.
// It knows nothing of sockets; the HTTP adapter (http_server.h) feeds it.
#ifndef SHMOCK_API_H_
#define SHMOCK_API_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shmock/identity.h"
#include "shmock/membership.h"
#include "shmock/service_model.h"

namespace shmock {

struct HttpCall {
  std::string method;
  std::string path;                                 // without the query string
  std::multimap<std::string, std::string> query;    // decoded
  std::optional<std::string> authorization;
  std::string body;
};

struct HttpReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // What the log line says about the call.
  std::string operation;
  std::string caller;
  std::string error_message;
};

// The reply for a failed call: status of the error shape, x-amzn-ErrorType, {"Code","Message"}.
HttpReply ErrorReply(const Status& status);

class Api {
 public:
  Api(Membership& membership, IdentityConfig identity);
  HttpReply Handle(const HttpCall& call);

 private:
  using Handler = std::function<Status(const Caller&, const nlohmann::json& input,
                                       nlohmann::ordered_json* output)>;
  void RegisterHandlers();

  Membership& membership_;
  IdentityConfig identity_;
  ServiceModel model_;
  std::map<std::string, Handler> handlers_;
};

}  // namespace shmock

#endif  // SHMOCK_API_H_
