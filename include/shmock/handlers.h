// Handlers: one named function per implemented Security Hub operation.
//
// Each reads the operation's input (already validated against the service model), calls the
// domain, and renders the output (render.h); nothing else. A refusal is the returned Status,
// which the Security Hub face renders as an AWS error. The registry is checked against the
// model when that face starts (CheckHandlers), so an operation cannot be routed without a
// handler.
#ifndef SHMOCK_HANDLERS_H_
#define SHMOCK_HANDLERS_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "shmock/membership.h"
#include "shmock/organizations.h"
#include "shmock/service_model.h"
#include "shmock/status.h"

namespace shmock {

// The domain services a handler may call.
struct Services {
  Membership& membership;
  Organizations& organizations;
};

using Handler = Status (*)(Services& services, const Caller& caller, const nlohmann::json& input,
                           std::string* body);

// Operation name -> handler, for every operation this mock implements.
const std::map<std::string, Handler>& OperationHandlers();

// OK when `handlers` has exactly the operations `model` marks implemented; otherwise an
// Internal status naming each operation without a handler and each handler without one.
Status CheckHandlers(const ServiceModel& model, const std::map<std::string, Handler>& handlers);

}  // namespace shmock

#endif  // SHMOCK_HANDLERS_H_
