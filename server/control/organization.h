// The organization's control endpoints, so tests can change the organization mid-run (for
// example to watch auto-enable):
//
//   POST   /_mock/organization/accounts       {"AccountId": "..."}  adds an account
//   DELETE /_mock/organization/accounts/{id}                        removes one
//
// A successful POST answers {"AccountId": ..., "AutoEnabledIn": [Regions]}: the Regions
// whose delegated administrator enabled the account as a member at once. DELETE answers {}.
// Refusals are AWS-shaped errors (organizations.h says which).
#ifndef SHMOCK_SERVER_CONTROL_ORGANIZATION_H_
#define SHMOCK_SERVER_CONTROL_ORGANIZATION_H_

#include <optional>
#include <string>

#include "shmock/http_call.h"
#include "shmock/organizations.h"

namespace shmock {

// The reply for `call` when `name` (the path without its leading '/') is an organization endpoint;
// nothing when it is not one.
std::optional<HttpReply> HandleOrganizationControl(Organizations& organizations,
                                                   const HttpCall& call, const std::string& name);

}  // namespace shmock

#endif  // SHMOCK_SERVER_CONTROL_ORGANIZATION_H_
