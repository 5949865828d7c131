// Sessions: STS AssumeRole's rules, and who a call signed with the credentials it issued is.
//
// AssumeRole validates its input as STS does (ValidationError with STS's wording; a role ARN
// that is not an IAM role's is AccessDenied), issues temporary credentials (an ASIA access key,
// a secret, a session token, an Expiration) for the role's account, and keeps them as a role
// session in the store, so they survive a restart and appear in the state snapshot. The mock
// has no IAM: every caller may assume every role of every account (decision 40). A caller that
// is itself a role session is chaining roles, which STS limits to one hour (decision 43).
//
// Find tells identity (identity.h) whom an access key stands for: a session, a refusal for an
// expired one (ExpiredToken, decision 44), or nothing (not a session's key).
// Knows no HTTP and no SQL: the STS face (protocol/sts.h) reads the query parameters and writes
// the XML; the store keeps the records (store.h).
#ifndef SHMOCK_SESSIONS_H_
#define SHMOCK_SESSIONS_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "shmock/clock.h"
#include "shmock/records.h"
#include "shmock/status.h"
#include "shmock/store.h"

namespace shmock {

// AssumeRole's parameters as the query protocol carries them: text, absent when not sent.
struct AssumeRoleInput {
  std::optional<std::string> role_arn;
  std::optional<std::string> role_session_name;
  std::optional<std::string> duration_seconds;
  std::optional<std::string> external_id;
  std::optional<std::string> policy;
  // Whether a policy is a JSON document (a JSON object): the face's parser, so the domain
  // knows no JSON. Asked only after the policy passed the model's checks.
  std::function<bool(const std::string&)> policy_is_document;
};

struct AssumedRole {
  RoleSession session;
  // How full the packed session policy is, in per cent; only when a Policy was passed.
  std::optional<int> packed_policy_size;
};

// The parts of an IAM role ARN, arn:<partition>:iam::<account>:role/<path><name>.
struct RoleArn {
  std::string partition;
  std::string account_id;
  std::string role_name;
};
// The role `arn` names: ValidationError "<arn> is invalid" for a string that is no ARN,
// AccessDenied for an ARN that names no IAM role (what STS answers for a role it cannot find;
// `caller_arn` is named in that message).
Status ParseRoleArn(const std::string& arn, const std::string& caller_arn, RoleArn* role);

// The ARN and the unique id a caller is known by (GetCallerIdentity's Arn and UserId): an
// account's root, arn:aws:iam::<account>:root and <account>; or a role session,
// arn:<partition>:sts::<account>:assumed-role/<role>/<session> and <role id>:<session>.
std::string CallerArn(const std::string& account_id, const RoleSession* session);
std::string CallerUserId(const std::string& account_id, const RoleSession* session);

class Sessions {
 public:
  Sessions(Store& store, Clock& clock) : store_(store), clock_(clock) {}

  // AssumeRole by `caller_account`, or by the role session `caller_session` (role chaining).
  Status AssumeRole(const std::string& caller_account, const RoleSession* caller_session,
                    const AssumeRoleInput& input, AssumedRole* assumed);

  // The session `access_key_id` belongs to, into `*session`; nullopt when it is no session's
  // key. ExpiredToken when the session has expired.
  Status Find(const std::string& access_key_id, std::optional<RoleSession>* session);

  // Puts sessions a fixture brings, completed: account and role name from the role ARN, the
  // role id when not given. InvalidInput naming the entry (its index in `*refused`) otherwise.
  Status Seed(std::vector<RoleSession> sessions, size_t* refused);

 private:
  Store& store_;
  Clock& clock_;
};

}  // namespace shmock

#endif  // SHMOCK_SESSIONS_H_
