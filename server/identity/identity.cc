#include "shmock/identity.h"

namespace shmock {
namespace {

// AWS's wording for an access key it does not know.
Status UnrecognizedKey() {
  return Status::Error(ErrorCode::kUnrecognizedClient, "The security token included in the request is invalid.");
}

// The secret that signs for `key`: its own from the access key table, else, for a 12-digit or
// mapped key, the default secret; none if the key has neither.
std::optional<std::string> SecretOf(const std::string& key, const IdentityConfig& config) {
  std::optional<AccessKey> entry;
  if (config.access_keys) entry = config.access_keys->Find(key);
  if (entry && !entry->secret_access_key.empty()) return entry->secret_access_key;
  const bool known = IsAccountId(key) || entry.has_value();
  if (known && !config.default_secret.empty()) return config.default_secret;
  return std::nullopt;
}

// Temporary credentials' key ids start with ASIA (as AWS's do); only those are looked up among
// the role sessions, so other keys cost no store read.
bool LooksTemporary(const std::string& key) { return key.compare(0, 4, "ASIA") == 0; }

}  // namespace

Status ResolveIdentity(const std::optional<std::string>& authorization,
                       const IdentityConfig& config, Identity* identity) {
  Caller& caller = identity->caller;
  identity->service.clear();
  identity->session.reset();
  if (!authorization) {
    if (config.strict_auth) {
      return Status::Error(ErrorCode::kMissingAuthenticationToken, "Request is missing Authentication Token");
    }
    caller.account_id = config.default_account;
    caller.region = config.default_region;
    return Status::OK();
  }
  SigV4Credential cred;
  Status s = ParseAuthorization(*authorization, &cred);
  if (!s.ok()) return s;
  identity->service = cred.service;
  // An account id is looked up in no table: it stands for itself.
  std::optional<std::string> mapped;
  if (!IsAccountId(cred.access_key_id) && config.access_keys) {
    mapped = config.access_keys->AccountOf(cred.access_key_id);
  }
  std::optional<RoleSession> session;
  if (!IsAccountId(cred.access_key_id) && !mapped && config.sessions && LooksTemporary(cred.access_key_id)) {
    s = config.sessions->Find(cred.access_key_id, &session);
    if (!s.ok()) return s;  // expired, or the store failed
  }
  if (IsAccountId(cred.access_key_id)) {
    caller.account_id = cred.access_key_id;
  } else if (mapped) {
    caller.account_id = *mapped;
  } else if (session) {
    caller.account_id = session->account_id;
    identity->session = std::move(session);
  } else if (config.strict_identity || config.strict_auth) {
    return UnrecognizedKey();
  } else {
    caller.account_id = config.default_account;
  }
  caller.region = cred.region;
  return Status::OK();
}

Status Authenticate(const SignedRequest& request, const IdentityConfig& config, std::time_t now,
                    Identity* identity) {
  auto authorization = request.headers.find("authorization");
  Status s = ResolveIdentity(authorization == request.headers.end() ? std::nullopt
                                                                     : std::optional<std::string>(authorization->second),
                             config, identity);
  if (!s.ok() || !config.strict_auth) return s;
  SigV4Credential cred;
  ParseAuthorization(authorization->second, &cred);  // parsed above already
  std::optional<std::string> secret;
  if (identity->session) {
    // A session's secret signs only with its token beside it.
    auto token = request.headers.find("x-amz-security-token");
    if (token == request.headers.end() || token->second != identity->session->session_token) {
      return UnrecognizedKey();
    }
    secret = identity->session->secret_access_key;
  } else {
    secret = SecretOf(cred.access_key_id, config);
  }
  if (!secret) return UnrecognizedKey();
  return VerifySignature(request, cred, *secret, now);
}

Status RequireService(const Identity& identity, const std::string& service) {
  if (identity.service.empty() || identity.service == service) return Status::OK();
  return Status::Error(ErrorCode::kInvalidSignature,
                       "Credential should be scoped to correct service: '" + service + "'.");
}

Status ResolveCaller(const std::optional<std::string>& authorization, const IdentityConfig& config,
                     Caller* caller) {
  Identity identity;
  Status s = ResolveIdentity(authorization, config, &identity);
  if (s.ok()) s = RequireService(identity, "securityhub");
  if (s.ok()) *caller = identity.caller;
  return s;
}

}  // namespace shmock
