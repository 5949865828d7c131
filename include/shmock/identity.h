// Identity: who is calling, from the request's SigV4 Authorization header.
//
//   Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261129/us-east-1/securityhub/aws4_request,
//                  SignedHeaders=host;x-amz-date, Signature=<64 hex>
//
// The account is the access key id when it is exactly 12 digits (all real clients accept such
// a key), otherwise the account a fixture maps the key to, otherwise the default account. The
// Region is the credential scope's: it is the only place a request carries it. So is the AWS
// service the request is meant for, which lets one port answer Security Hub and STS. A request
// without Authorization acts as the default account in the default Region. The signature
// itself is not verified.
#ifndef SHMOCK_IDENTITY_H_
#define SHMOCK_IDENTITY_H_

#include <memory>
#include <optional>
#include <string>

#include "shmock/access_keys.h"
#include "shmock/records.h"
#include "shmock/status.h"

namespace shmock {

struct IdentityConfig {
  std::string default_account = "123456789012";
  std::string default_region = "us-east-1";
  // Shared with the control endpoints, which load and reset them at run time; null: none.
  std::shared_ptr<AccessKeys> access_keys = std::make_shared<AccessKeys>();
};

// The parts of a SigV4 Authorization header the mock uses.
struct SigV4Credential {
  std::string access_key_id;
  std::string date;     // yyyymmdd
  std::string region;
  std::string service;
};

// Who is calling, and which service the request is signed for.
struct Identity {
  Caller caller;
  std::string service;  // the credential scope's, e.g. "securityhub" or "sts"; empty if unsigned
};

// Parses an Authorization header. Splits the credential from the right, because the access
// key id may itself contain '/'. A malformed header yields a 4xx status naming the problem;
// any well-formed service name is accepted (see RequireService).
Status ParseAuthorization(const std::string& header, SigV4Credential* credential);

// The identity of a request with the given Authorization header (or none).
Status ResolveIdentity(const std::optional<std::string>& authorization,
                       const IdentityConfig& config, Identity* identity);

// OK when the request is signed for `service` or not signed at all; otherwise AWS's
// InvalidSignatureException for a credential scoped to another service.
Status RequireService(const Identity& identity, const std::string& service);

// The caller of a Security Hub request: ResolveIdentity, then RequireService("securityhub").
Status ResolveCaller(const std::optional<std::string>& authorization, const IdentityConfig& config,
                     Caller* caller);

}  // namespace shmock

#endif  // SHMOCK_IDENTITY_H_
