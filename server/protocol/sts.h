// Sts: the AWS STS operations this server answers on the same port as Security Hub.
// GetCallerIdentity: Terraform's AWS provider calls it before anything else to learn the
// account; with `endpoints { sts = ... }` pointed here, it learns the account this server
// derives from the access key (identity.h), exactly as the Security Hub operations see it.
// AssumeRole: temporary credentials for a role of any account (sessions.h has the rules); calls
// signed with them act as the role's account, and GetCallerIdentity names the assumed role.
//
// STS speaks the awsQuery protocol: parameters form-encoded in a POST body or in a GET query
// (Action=GetCallerIdentity&Version=2011-06-15), replies and errors as XML (text/xml).
//   success  GetCallerIdentityResponse{GetCallerIdentityResult{Arn,UserId,Account},
//            ResponseMetadata{RequestId}}, Arn = arn:aws:iam::<account>:root, UserId = <account>
//            (what STS answers for an account's root credentials), or the role session's
//            assumed-role ARN and <role id>:<session name>;
//            AssumeRoleResponse{AssumeRoleResult{AssumedRoleUser{AssumedRoleId,Arn},
//            Credentials{AccessKeyId,SecretAccessKey,SessionToken,Expiration},
//            PackedPolicySize (with a Policy)},ResponseMetadata{RequestId}}
//   failure  ErrorResponse{Error{Type,Code,Message},RequestId}; an unknown Action or Version
//            is 400 InvalidAction.
#ifndef SHMOCK_PROTOCOL_STS_H_
#define SHMOCK_PROTOCOL_STS_H_

#include <string>

#include "shmock/http_call.h"
#include "shmock/identity.h"

namespace shmock {

// The request is for STS: signed for "sts", or unsigned and naming an Action at "/" (Security
// Hub has no operation at "/", and its calls carry no Action parameter).
bool IsStsCall(const HttpCall& call, const Identity& identity);

// Answers an STS call from `identity`; AssumeRole needs `sessions` (null: it is unknown).
HttpReply HandleSts(const HttpCall& call, const Identity& identity, Sessions* sessions);

// An STS call refused before it ran (identity.h), in STS's XML error shape with STS's codes:
// MissingAuthenticationToken, InvalidClientTokenId, SignatureDoesNotMatch, IncompleteSignature,
// ExpiredToken; and AssumeRole's refusals: ValidationError, AccessDenied, MalformedPolicyDocument.
HttpReply StsRefusal(const HttpCall& call, const Status& why);

}  // namespace shmock

#endif  // SHMOCK_PROTOCOL_STS_H_
