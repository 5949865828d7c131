#include "shmock/sessions.h"

#include <cctype>
#include <cstdint>
#include <string_view>

#include "base/utf8.h"
#include "shmock/ids.h"

namespace shmock {

// Texts of STS's answers (docs/behavior.md, Appendix A.10).
namespace msg {
const char kChainedDuration[] =
    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.";
const char kExpired[] = "The security token included in the request is expired";
const char kMalformedPolicy[] = "The policy is not in the valid JSON format.";
std::string Invalid(const std::string& arn) { return arn + " is invalid"; }
std::string NotAuthorizedToAssume(const std::string& caller_arn, const std::string& arn) {
  return "User: " + caller_arn + " is not authorized to perform: sts:AssumeRole on resource: " + arn;
}
}  // namespace msg

namespace {

constexpr int64_t kMinDuration = 900, kMaxDuration = 43200;  // [M] roleDurationSecondsType
constexpr int64_t kDefaultDuration = 3600;                   // [M] "By default ... 3600 seconds"
constexpr int64_t kChainedMaxDuration = 3600;                // [M] role chaining: one hour
constexpr size_t kPolicyMaxLength = 2048;                    // [M] plaintext session policies

// The model's patterns, as STS quotes them in its messages.
const char kArnPattern[] =
    "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+";
const char kSessionNamePattern[] = "[\\w+=,.@-]*";
const char kExternalIdPattern[] = "[\\w+=,.@:\\/-]*";
const char kPolicyPattern[] = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";

const char kKeyAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";  // AWS's ids: base32 letters
const char kSecretAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool IsWordOr(char c, std::string_view extra) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || extra.find(c) != std::string_view::npos;
}

bool AllWordOr(const std::string& s, std::string_view extra) {
  for (char c : s) {
    if (!IsWordOr(c, extra)) return false;
  }
  return true;
}

// Every character of `s` is a code point the model allows: tab, LF, CR, and from 0x20 on, up to
// `max_code_point` (0xFF for a policy; the ARN's upper ranges, which leave out only 0x7F to
// 0x84, 0x86 to 0x9F and the surrogates, which well-formed UTF-8 cannot hold).
bool AllowedCharacters(const std::string& s, uint32_t max_code_point) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return false;
      ++i;
      continue;
    }
    const Utf8Sequence seq = ReadUtf8Sequence(s, i);
    if (!seq.valid) return false;
    uint32_t cp = c & (0xFF >> (seq.length + 1));
    for (size_t k = 1; k < seq.length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if (cp > max_code_point || (cp < 0xA0 && cp != 0x85)) return false;
    i += seq.length;
  }
  return true;
}

// STS's validation errors, gathered over every parameter and joined as STS joins them.
class Violations {
 public:
  void Add(const std::string& member, const std::optional<std::string>& value, const std::string& constraint) {
    items_.push_back((value ? "Value '" + *value + "'" : std::string("Value null")) + " at '" + member +
                     "' failed to satisfy constraint: Member must " + constraint);
  }
  // Length bounds in characters, as the model counts them.
  void Length(const std::string& member, const std::string& value, size_t min, size_t max) {
    const size_t n = Utf8Length(value);
    if (n < min) Add(member, value, "have length greater than or equal to " + std::to_string(min));
    if (max && n > max) Add(member, value, "have length less than or equal to " + std::to_string(max));
  }
  void Pattern(const std::string& member, const std::string& value, bool ok, const char* pattern) {
    if (!ok) Add(member, value, std::string("satisfy regular expression pattern: ") + pattern);
  }
  Status Result() const {
    if (items_.empty()) return Status::OK();
    std::string text = std::to_string(items_.size()) +
                       (items_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
    for (size_t i = 0; i < items_.size(); ++i) text += (i ? "; " : "") + items_[i];
    return Status::Error(ErrorCode::kValidationError, text);
  }

 private:
  std::vector<std::string> items_;
};

// The duration asked for, or the default; ValidationError-shaped entries for a bad one.
int64_t ReadDuration(const std::optional<std::string>& text, Violations* violations) {
  if (!text) return kDefaultDuration;
  int64_t value = 0;
  bool digits = !text->empty() && text->size() <= 12;
  for (size_t i = 0; digits && i < text->size(); ++i) {
    const char c = (*text)[i];
    if (i == 0 && c == '-' && text->size() > 1) continue;
    digits = std::isdigit(static_cast<unsigned char>(c));
    if (digits) value = value * 10 + (c - '0');
  }
  if (!digits) {
    violations->Add("durationSeconds", text, "be an integer");
    return 0;
  }
  if ((*text)[0] == '-') value = -value;
  if (value < kMinDuration) {
    violations->Add("durationSeconds", text, "have value greater than or equal to " + std::to_string(kMinDuration));
  } else if (value > kMaxDuration) {
    violations->Add("durationSeconds", text, "have value less than or equal to " + std::to_string(kMaxDuration));
  }
  return value;
}

Status Validate(const AssumeRoleInput& in, int64_t* duration) {
  Violations v;
  if (!in.role_arn) {
    v.Add("roleArn", std::nullopt, "not be null");
  } else {
    // STS names the pattern before the length (real: aws-runas#80).
    v.Pattern("roleArn", *in.role_arn, !in.role_arn->empty() && AllowedCharacters(*in.role_arn, 0x10FFFF), kArnPattern);
    v.Length("roleArn", *in.role_arn, 20, 2048);
  }
  if (!in.role_session_name) {
    v.Add("roleSessionName", std::nullopt, "not be null");
  } else {
    v.Pattern("roleSessionName", *in.role_session_name, AllWordOr(*in.role_session_name, "+=,.@-"),
              kSessionNamePattern);
    v.Length("roleSessionName", *in.role_session_name, 2, 64);
  }
  *duration = ReadDuration(in.duration_seconds, &v);
  if (in.external_id) {
    v.Pattern("externalId", *in.external_id, AllWordOr(*in.external_id, "+=,.@:/-"), kExternalIdPattern);
    v.Length("externalId", *in.external_id, 2, 1224);
  }
  if (in.policy) {
    v.Pattern("policy", *in.policy, !in.policy->empty() && AllowedCharacters(*in.policy, 0xFF), kPolicyPattern);
    v.Length("policy", *in.policy, 1, kPolicyMaxLength);
  }
  return v.Result();
}

}  // namespace

Status ParseRoleArn(const std::string& arn, const std::string& caller_arn, RoleArn* role) {
  // arn:partition:service:region:account:resource; the resource may hold further colons.
  std::vector<std::string> fields;
  size_t start = 0;
  while (fields.size() < 5) {
    const size_t colon = arn.find(':', start);
    if (colon == std::string::npos) break;
    fields.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  if (fields.size() < 5) return Status::Error(ErrorCode::kValidationError, msg::Invalid(arn));
  fields.push_back(arn.substr(start));
  if (fields[0] != "arn" || fields[1].empty() || fields[2].empty() || fields[5].empty()) {
    return Status::Error(ErrorCode::kValidationError, msg::Invalid(arn));
  }
  // A well-formed ARN that names no IAM role is a role STS cannot find: AccessDenied, as for a
  // role whose trust policy refuses the caller (decision 40).
  const std::string& resource = fields[5];
  const size_t last_slash = resource.rfind('/');
  if (fields[2] != "iam" || !fields[3].empty() || !IsAccountId(fields[4]) ||
      resource.compare(0, 5, "role/") != 0 || last_slash + 1 >= resource.size()) {
    return Status::AccessDenied(msg::NotAuthorizedToAssume(caller_arn, arn));
  }
  role->partition = fields[1];
  role->account_id = fields[4];
  role->role_name = resource.substr(last_slash + 1);
  return Status::OK();
}

std::string CallerArn(const std::string& account_id, const RoleSession* session) {
  if (session == nullptr) return "arn:aws:iam::" + account_id + ":root";
  const std::string partition = session->role_arn.substr(4, session->role_arn.find(':', 4) - 4);
  return "arn:" + partition + ":sts::" + session->account_id + ":assumed-role/" + session->role_name + "/" +
         session->role_session_name;
}

std::string CallerUserId(const std::string& account_id, const RoleSession* session) {
  if (session == nullptr) return account_id;
  return session->role_id + ":" + session->role_session_name;
}

// A role's unique id is the same every time it is assumed (decision 42): derived from its ARN.
static std::string RoleIdOf(const std::string& role_arn) {
  return "AROA" + StableCharacters(role_arn, kKeyAlphabet, 17);
}

Status Sessions::AssumeRole(const std::string& caller_account, const RoleSession* caller_session,
                            const AssumeRoleInput& input, AssumedRole* assumed) {
  int64_t duration = 0;
  Status s = Validate(input, &duration);
  if (!s.ok()) return s;
  RoleArn role;
  s = ParseRoleArn(*input.role_arn, CallerArn(caller_account, caller_session), &role);
  if (!s.ok()) return s;
  if (caller_session != nullptr && duration > kChainedMaxDuration) {
    return Status::Error(ErrorCode::kValidationError, msg::kChainedDuration);
  }
  if (input.policy && input.policy_is_document && !input.policy_is_document(*input.policy)) {
    return Status::Error(ErrorCode::kMalformedPolicyDocument, msg::kMalformedPolicy);
  }
  RoleSession& session = assumed->session;
  session.access_key_id = "ASIA" + RandomCharacters(kKeyAlphabet, 16);
  session.secret_access_key = RandomCharacters(kSecretAlphabet, 40);
  session.session_token = RandomCharacters(kSecretAlphabet, 256);
  session.role_arn = *input.role_arn;
  session.account_id = role.account_id;
  session.role_name = role.role_name;
  session.role_session_name = *input.role_session_name;
  session.role_id = RoleIdOf(*input.role_arn);
  // STS's Expiration is in whole seconds.
  session.expiration = (clock_.NowMillis() / 1000 + duration) * 1000;
  session.chained = caller_session != nullptr;
  if (input.policy) {
    // Ours (decision 45): the share of the 2,048 characters the plaintext allows, rounded up.
    assumed->packed_policy_size = static_cast<int>((Utf8Length(*input.policy) * 100 + kPolicyMaxLength - 1) /
                                                   kPolicyMaxLength);
  }
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    tx.sessions().Put(session);
    return Status::OK();
  });
}

Status Sessions::Find(const std::string& access_key_id, std::optional<RoleSession>* session) {
  Status s = store_.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    *session = tx.sessions().Find(access_key_id);
    return Status::OK();
  });
  if (!s.ok()) return s;
  if (*session && clock_.NowMillis() >= (*session)->expiration) {
    return Status::Error(ErrorCode::kExpiredToken, msg::kExpired);
  }
  return Status::OK();
}

Status Sessions::Seed(std::vector<RoleSession> sessions, size_t* refused) {
  for (size_t i = 0; i < sessions.size(); ++i) {
    RoleSession& session = sessions[i];
    RoleArn role;
    Status s = ParseRoleArn(session.role_arn, "a fixture", &role);
    if (!s.ok()) {
      *refused = i;
      return Status::InvalidInput("roleArn: '" + session.role_arn + "' is not an IAM role ARN such as "
                                  "arn:aws:iam::111111111111:role/Admin");
    }
    session.account_id = role.account_id;
    session.role_name = role.role_name;
    if (session.role_id.empty()) session.role_id = RoleIdOf(session.role_arn);
  }
  *refused = sessions.size();
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    for (const RoleSession& session : sessions) tx.sessions().Put(session);
    return Status::OK();
  });
}

}  // namespace shmock
