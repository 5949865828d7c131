#include "shmock/identity.h"

#include <algorithm>
#include <vector>

namespace shmock {
namespace {

const char kAlgorithm[] = "AWS4-HMAC-SHA256";

// AWS's wording for a malformed Authorization header: what is wrong, then the header.
Status Incomplete(const std::string& what, const std::string& header) {
  return Status::Error(ErrorCode::kIncompleteSignature, what + " Authorization=" + header);
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

bool IsRegionName(const std::string& s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// Signing names are lowercase words, sometimes with digits or '-' (securityhub, sts, s3-outposts).
bool IsServiceName(const std::string& s) { return IsRegionName(s); }

}  // namespace

Status ParseAuthorization(const std::string& header, SigV4Credential* credential) {
  std::string h = Trim(header);
  if (h.rfind(kAlgorithm, 0) != 0 || h.size() == sizeof(kAlgorithm) - 1 ||
      (h[sizeof(kAlgorithm) - 1] != ' ')) {
    return Incomplete("Authorization header must use the AWS4-HMAC-SHA256 algorithm.", header);
  }
  std::string cred, signed_headers, signature;
  std::string rest = h.substr(sizeof(kAlgorithm));
  size_t pos = 0;
  while (pos <= rest.size()) {
    size_t comma = rest.find(',', pos);
    std::string part = Trim(rest.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    size_t eq = part.find('=');
    if (eq != std::string::npos) {
      std::string key = part.substr(0, eq), value = part.substr(eq + 1);
      if (key == "Credential") cred = value;
      else if (key == "SignedHeaders") signed_headers = value;
      else if (key == "Signature") signature = value;
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  if (cred.empty()) return Incomplete("Authorization header requires 'Credential' parameter.", header);
  if (signed_headers.empty()) return Incomplete("Authorization header requires 'SignedHeaders' parameter.", header);
  if (signature.empty()) return Incomplete("Authorization header requires 'Signature' parameter.", header);

  // AKID/date/region/service/aws4_request, split from the right.
  std::vector<std::string> scope;
  std::string remaining = cred;
  for (int i = 0; i < 4; ++i) {
    size_t slash = remaining.rfind('/');
    if (slash == std::string::npos) {
      return Incomplete("Credential must have the form <key>/<date>/<region>/<service>/aws4_request.", header);
    }
    scope.insert(scope.begin(), remaining.substr(slash + 1));
    remaining.erase(slash);
  }
  if (scope[3] != "aws4_request") {
    return Incomplete("Credential should be scoped with a valid terminator: 'aws4_request'.", header);
  }
  if (!IsRegionName(scope[1])) {
    return Incomplete("Credential should be scoped to a valid region, not '" + scope[1] + "'.", header);
  }
  if (!IsServiceName(scope[2])) {
    return Incomplete("Credential should be scoped to a valid service, not '" + scope[2] + "'.", header);
  }
  credential->access_key_id = remaining;
  credential->date = scope[0];
  credential->region = scope[1];
  credential->service = scope[2];
  return Status::OK();
}

Status ResolveIdentity(const std::optional<std::string>& authorization,
                       const IdentityConfig& config, Identity* identity) {
  Caller& caller = identity->caller;
  if (!authorization) {
    caller.account_id = config.default_account;
    caller.region = config.default_region;
    identity->service.clear();
    return Status::OK();
  }
  SigV4Credential cred;
  Status s = ParseAuthorization(*authorization, &cred);
  if (!s.ok()) return s;
  if (IsAccountId(cred.access_key_id)) {
    caller.account_id = cred.access_key_id;
  } else {
    auto mapped = config.access_keys ? config.access_keys->AccountOf(cred.access_key_id) : std::nullopt;
    caller.account_id = mapped.value_or(config.default_account);
  }
  caller.region = cred.region;
  identity->service = cred.service;
  return Status::OK();
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
