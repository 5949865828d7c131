#include "shmock/dispatcher.h"

#include <chrono>
#include <ctime>
#include <thread>

#include "protocol/service_model.h"
#include "protocol/sts.h"
#include "shmock/control_paths.h"

namespace shmock {

Dispatcher::Dispatcher(SecurityHubApi& security_hub, IdentityConfig identity, Faces faces)
    : security_hub_(security_hub), identity_(std::move(identity)), faces_(faces) {}

Dispatcher::Dispatcher(SecurityHubApi& security_hub, IdentityConfig identity)
    : Dispatcher(security_hub, std::move(identity), Faces()) {}

HttpReply Dispatcher::Handle(const HttpCall& call) {
  HttpReply reply = Dispatch(call);
  if (faces_.observer != nullptr) faces_.observer->Observe(call, reply);
  return reply;
}

HttpReply Dispatcher::Dispatch(const HttpCall& call) {
  if (faces_.control != nullptr && IsControlPath(call.path)) return faces_.control->Handle(call);

  // The credential scope names the service (docs/design.md: other AWS services answered on
  // this port get their own protocol module). A call for STS is refused in STS's protocol.
  Identity identity;
  const Status signed_in = Authenticate(
      SignedRequest{call.method, call.raw_path, call.raw_query, call.headers, call.body}, identity_,
      std::time(nullptr), &identity);
  if (IsStsCall(call, identity)) {
    return signed_in.ok() ? HandleSts(call, identity, identity_.sessions) : StsRefusal(call, signed_in);
  }

  SecurityHubApi::Admitted admitted;
  if (std::optional<HttpReply> refused =
          security_hub_.Admit(call, identity, signed_in, &admitted)) {
    return std::move(*refused);
  }
  // Decided before the input is even read, so a call answered with a fault changes nothing.
  if (std::optional<HttpReply> fault = ApplyFaults(admitted)) return std::move(*fault);
  return security_hub_.Run(admitted, call);
}

std::optional<HttpReply> Dispatcher::ApplyFaults(const SecurityHubApi::Admitted& admitted) {
  if (faces_.faults == nullptr) return std::nullopt;
  const FaultDecision decision = faces_.faults->Decide(
      admitted.operation->name, admitted.caller->account_id, admitted.caller->region);
  for (const FaultEffect& effect : decision.effects) {
    switch (effect.kind) {
      case FaultEffect::Kind::kDelay:
        std::this_thread::sleep_for(std::chrono::milliseconds(effect.delay_ms));
        break;
      case FaultEffect::Kind::kError:
        return SecurityHubApi::Labelled(
            ErrorReply(effect.error.status, effect.error.code, effect.error.message), admitted);
    }
  }
  return std::nullopt;
}

}  // namespace shmock
