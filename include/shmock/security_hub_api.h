// SecurityHubApi: the restJson1 face of Security Hub. The Dispatcher (dispatcher.h) hands it
// every call that is neither for the mock's own endpoints nor for STS, in two steps, so that
// the fault rules (faults.h) are asked between them:
//   Admit  routes (method, path) to an operation (service_model.h) and admits the call: a path
//          that is no operation answers 404 UnknownOperationException, an operation the mock
//          does not implement 501 NotImplementedException, and a caller identity.h refused,
//          or one signed for another service, that refusal.
//   Run    answers a repeated read from the read cache (read_cache.h), else turns the query
//          string and JSON body into a validated input, calls the operation's handler
//          (operations.h), and renders a refusal the way Security Hub does: status of the error
//          shape, `x-amzn-ErrorType` and `{"Code","Message"}` (decision 14).
// Every reply names the operation and, once known, the caller, for the request log.
#ifndef SHMOCK_SECURITY_HUB_API_H_
#define SHMOCK_SECURITY_HUB_API_H_

#include <map>
#include <optional>
#include <string>

#include "shmock/http_call.h"
#include "shmock/identity.h"
#include "shmock/operations.h"
#include "shmock/read_cache.h"

namespace shmock {

class ServiceModel;  // protocol/service_model.h
struct Operation;

class SecurityHubApi {
 public:
  // Throws std::logic_error if the model and the operations table disagree, so such a build
  // cannot start (CheckOperations).
  explicit SecurityHubApi(Services services);
  // Answers repeated reads from `cache` (read_cache.h); nullptr, the default, turns it off.
  void UseReadCache(ReadCache* cache) { read_cache_ = cache; }

  // A call admitted to run: its operation and its caller (known once the signature is accepted).
  struct Admitted {
    const Operation* operation = nullptr;
    std::optional<Caller> caller;
  };
  // Routes and admits `call`, made by `identity`; `signed_in` is what authentication said
  // (identity.h). Returns the refusal, or nothing with `*admitted` filled in.
  std::optional<HttpReply> Admit(const HttpCall& call, const Identity& identity, Status signed_in,
                                 Admitted* admitted) const;
  // Runs an admitted call.
  HttpReply Run(const Admitted& admitted, const HttpCall& call);
  // `reply` labelled for the request log as the answer to `admitted`.
  static HttpReply Labelled(HttpReply reply, const Admitted& admitted);

 private:
  Services services_;
  const ServiceModel& model_;  // parsed once per process (security_hub_api.cc)
  std::map<std::string, const OperationRow*, std::less<>> rows_;  // by operation name
  ReadCache* read_cache_ = nullptr;
};

}  // namespace shmock

#endif  // SHMOCK_SECURITY_HUB_API_H_
