// Dispatcher: the chain every call passes on its way to the face that answers it (LocalStack's
// handler chain). In order:
//   1. a path of the mock's own (control_paths.h) goes to the control endpoints, if any;
//   2. the caller is authenticated, once (identity.h);
//   3. a call for STS goes to the STS face (sts.h), which answers in its own protocol;
//   4. the Security Hub face routes the call to an operation and admits it (security_hub_api.h);
//   5. the fault rules are asked (faults.h), and their effects applied in order;
//   6. the Security Hub face runs the operation.
// The observer, if any, is told of every reply before it is written (the web view's request
// log). The Dispatcher knows the control endpoints only as a CallHandler (http_call.h): they
// live in a layer above it.
#ifndef SHMOCK_DISPATCHER_H_
#define SHMOCK_DISPATCHER_H_

#include "shmock/faults.h"
#include "shmock/http_call.h"
#include "shmock/identity.h"
#include "shmock/security_hub_api.h"

namespace shmock {

class Dispatcher {
 public:
  struct Faces {
    CallHandler* control = nullptr;    // the mock's own endpoints; nullptr: --no-control-api
    Faults* faults = nullptr;          // the fault rules; nullptr: none
    CallObserver* observer = nullptr;  // told of every reply; nullptr: nobody
  };
  Dispatcher(SecurityHubApi& security_hub, IdentityConfig identity, Faces faces);
  // No control endpoints, fault rules or observer.
  Dispatcher(SecurityHubApi& security_hub, IdentityConfig identity);

  // Answers `call`. Safe to call from every server thread.
  HttpReply Handle(const HttpCall& call);

 private:
  HttpReply Dispatch(const HttpCall& call);
  // The reply a fault rule answers `admitted` with after its delays, or nothing: run the call.
  std::optional<HttpReply> ApplyFaults(const SecurityHubApi::Admitted& admitted);

  SecurityHubApi& security_hub_;
  const IdentityConfig identity_;
  const Faces faces_;
};

}  // namespace shmock

#endif  // SHMOCK_DISPATCHER_H_
