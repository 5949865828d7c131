// SigV4: AWS Signature Version 4 (AWS4-HMAC-SHA256), as real clients sign requests.
//
//   Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261129/us-east-1/securityhub/aws4_request,
//                  SignedHeaders=host;x-amz-date, Signature=<64 hex>
//   X-Amz-Date: 20261129T030641Z
//
// ParseAuthorization reads the header; VerifySignature recomputes the signature from the request
// as it arrived (the path and query as sent, the signed headers, the body) and a secret, the way
// AWS's front door does for --strict-auth: the canonical request, the string to sign, and the
// HMAC-SHA256 key chain AWS4<secret> -> date -> region -> service -> aws4_request (OpenSSL
// libcrypto). It also refuses a request whose X-Amz-Date is more than 15 minutes from the
// server's clock. The steps are public so tests can check each one against known vectors.
// Every refusal is a Status with AWS's code and, where AWS's wording is known, its text.
#ifndef SHMOCK_SIGV4_H_
#define SHMOCK_SIGV4_H_

#include <ctime>
#include <map>
#include <string>

#include "shmock/status.h"

namespace shmock {

// The parts of a SigV4 Authorization header.
struct SigV4Credential {
  std::string access_key_id;
  std::string date;     // yyyymmdd
  std::string region;
  std::string service;
  std::string signed_headers;  // "host;x-amz-date", lowercase names joined by ';'
  std::string signature;       // as sent
};

// Parses an Authorization header. Splits the credential from the right, because the access
// key id may itself contain '/'. A malformed header yields IncompleteSignatureException (400)
// naming the problem; any well-formed service name is accepted.
Status ParseAuthorization(const std::string& header, SigV4Credential* credential);

// A request as it arrived, as far as its signature covers it.
struct SignedRequest {
  const std::string& method;
  const std::string& path;   // as sent, still percent-encoded, without the query
  const std::string& query;  // as sent, without the '?'
  const std::multimap<std::string, std::string>& headers;  // names in lowercase
  const std::string& body;
};

// The allowed distance between X-Amz-Date and the server's clock, either way.
constexpr std::time_t kMaxClockSkewSeconds = 15 * 60;

// The canonical request: method, canonical path, canonical query, the signed headers with
// their values, the signed header list, and the hex SHA-256 of the body, joined by '\n'.
std::string CanonicalRequest(const SignedRequest& request, const std::string& signed_headers);

// "AWS4-HMAC-SHA256\n<amz_date>\n<date>/<region>/<service>/aws4_request\n<hex sha256(canonical)>".
std::string StringToSign(const std::string& amz_date, const SigV4Credential& credential,
                         const std::string& canonical_request);

// The hex signature of `string_to_sign` with the key derived from `secret` and the scope.
std::string Sign(const std::string& secret, const SigV4Credential& credential,
                 const std::string& string_to_sign);

// Checks the request's X-Amz-Date against `now` and the scope, then its signature against the
// one `secret` gives. OK, IncompleteSignatureException (no or malformed X-Amz-Date) or
// InvalidSignatureException (date out of range or not the scope's, wrong signature).
Status VerifySignature(const SignedRequest& request, const SigV4Credential& credential,
                       const std::string& secret, std::time_t now);

}  // namespace shmock

#endif  // SHMOCK_SIGV4_H_
