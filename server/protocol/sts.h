// Sts: the one AWS STS operation this server answers, GetCallerIdentity, on the same port as
// Security Hub. Terraform's AWS provider calls it before anything else to learn the account;
// with `endpoints { sts = ... }` pointed here, it learns the account this server derives from
// the access key (identity.h), exactly as the Security Hub operations see it.
//
// STS speaks the awsQuery protocol: parameters form-encoded in a POST body or in a GET query
// (Action=GetCallerIdentity&Version=2011-06-15), replies and errors as XML (text/xml).
//   success  GetCallerIdentityResponse{GetCallerIdentityResult{Arn,UserId,Account},
//            ResponseMetadata{RequestId}}, Arn = arn:aws:iam::<account>:root, UserId = <account>
//            (what STS answers for an account's root credentials)
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

// Answers an STS call from `caller`.
HttpReply HandleSts(const HttpCall& call, const Caller& caller);

// An STS call refused before it ran (identity.h), in STS's XML error shape with STS's codes:
// MissingAuthenticationToken, InvalidClientTokenId, SignatureDoesNotMatch, IncompleteSignature.
HttpReply StsRefusal(const HttpCall& call, const Status& why);

}  // namespace shmock

#endif  // SHMOCK_PROTOCOL_STS_H_
