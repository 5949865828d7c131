// Identity: who is calling, from the request's SigV4 Authorization header (sigv4.h).
//
// The account is the access key id when it is exactly 12 digits (all real clients accept such
// a key), otherwise the account a fixture maps the key to, otherwise the default account. The
// Region is the credential scope's: it is the only place a request carries it. So is the AWS
// service the request is meant for, which lets one port answer Security Hub and STS. A request
// without Authorization acts as the default account in the default Region.
//
// An access key AssumeRole issued (ASIA..., sessions.h) stands for its role session: the role's
// account, whatever switch is set; once the session has expired, every call with it is refused
// (ExpiredTokenException, 403).
//
// Two switches make it stricter (docs/behavior.md, "Strict authentication"):
// - strict_identity refuses a key that is neither 12 digits nor mapped (403
//   UnrecognizedClientException) instead of acting as the default account;
// - strict_auth also refuses unsigned requests (403 MissingAuthenticationTokenException) and
//   verifies every signature with the key's secret: the fixture's secretAccessKey, or for a
//   12-digit key, or a key mapped without a secret, the default secret; for a role session's
//   key, the session's secret, and the request must carry its session token
//   (X-Amz-Security-Token). A key with no secret is unknown (403 UnrecognizedClientException).
// Without them the signature itself is not verified.
#ifndef SHMOCK_IDENTITY_H_
#define SHMOCK_IDENTITY_H_

#include <ctime>
#include <memory>
#include <optional>
#include <string>

#include "shmock/access_keys.h"
#include "shmock/records.h"
#include "shmock/sessions.h"
#include "shmock/sigv4.h"
#include "shmock/status.h"

namespace shmock {

struct IdentityConfig {
  std::string default_account = "123456789012";
  std::string default_region = "us-east-1";
  // Key id -> account and secret. Shared with the control endpoints, which load and reset
  // them at run time; null: none.
  std::shared_ptr<AccessKeys> access_keys = std::make_shared<AccessKeys>();
  std::string default_secret;  // empty: none
  bool strict_identity = false;
  bool strict_auth = false;
  // The role sessions AssumeRole issued; null: no access key stands for one.
  Sessions* sessions = nullptr;
};

// Who is calling, and which service the request is signed for.
struct Identity {
  Caller caller;
  std::string service;  // the credential scope's, e.g. "securityhub" or "sts"; empty if unsigned
  std::optional<RoleSession> session;  // when the access key is a role session's
};

// The identity of a request with the given Authorization header (or none), without verifying
// its signature. `identity->service` is set as soon as the header parses, even when the call
// is refused afterwards, so the refusal can be given in that service's protocol.
Status ResolveIdentity(const std::optional<std::string>& authorization,
                       const IdentityConfig& config, Identity* identity);

// ResolveIdentity, then, with strict_auth, VerifySignature with the key's secret at `now`.
Status Authenticate(const SignedRequest& request, const IdentityConfig& config, std::time_t now,
                    Identity* identity);

// OK when the request is signed for `service` or not signed at all; otherwise AWS's
// InvalidSignatureException for a credential scoped to another service.
Status RequireService(const Identity& identity, const std::string& service);

// The caller of a Security Hub request: ResolveIdentity, then RequireService("securityhub").
Status ResolveCaller(const std::optional<std::string>& authorization, const IdentityConfig& config,
                     Caller* caller);

}  // namespace shmock

#endif  // SHMOCK_IDENTITY_H_
