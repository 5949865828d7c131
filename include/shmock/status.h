// Status: the outcome of a call that can fail, as a plain value.
//
// Every layer boundary in securityhub-mock returns a Status instead of throwing. A failed
// Status carries one of the service's error codes and a human-readable message; the protocol
// layer maps the code to an HTTP status and renders it. The domain never sees HTTP.
#ifndef SHMOCK_STATUS_H_
#define SHMOCK_STATUS_H_

#include <string>
#include <utility>

namespace shmock {

// The error codes this service answers with. The first group are the Security Hub modeled
// error shapes the mock uses, plus BadRequestException, which is unmodeled but is what the
// membership backend really sends for state errors (docs/behavior.md §3.1). The second group
// are the errors AWS's front door answers before a request reaches the service (signature,
// routing, size).
enum class ErrorCode {
  kOk,
  kBadRequest,         // BadRequestException, 400
  kInvalidInput,       // InvalidInputException, 400
  kInvalidAccess,      // InvalidAccessException, 401
  kAccessDenied,       // AccessDeniedException, 403: an organization operation from the wrong
                       // account; a cross-site request, or no control token
  kResourceNotFound,   // ResourceNotFoundException, 404
  kResourceConflict,   // ResourceConflictException, 409
  kLimitExceeded,      // LimitExceededException, 429: a quota, such as 100 custom insights
  kInternal,           // InternalException, 500

  kIncompleteSignature,  // IncompleteSignatureException, 400: malformed Authorization
  kInvalidSignature,     // InvalidSignatureException, 403: credential scoped to another service
  kUnknownOperation,     // UnknownOperationException, 404: no Security Hub operation there
  kRequestTooLarge,      // RequestEntityTooLargeException, 413
  kNotImplemented,       // NotImplementedException, 501: a real operation this mock lacks
  kServiceUnavailable,   // ServiceUnavailableException, 503: the server is stopping
  kUnsupportedMediaType,   // UnsupportedMediaTypeException, 415: a compressed request body
  kRequestHeadersTooLarge,  // RequestHeaderFieldsTooLargeException, 431
  kRequestTimeout,          // RequestTimeoutException, 408: headers or body slower than their deadline
  kMissingAuthenticationToken,  // MissingAuthenticationTokenException, 403: unsigned, strict auth
  kUnrecognizedClient,          // UnrecognizedClientException, 403: an access key nobody knows
  kExpiredToken,                // ExpiredTokenException, 403 (STS: ExpiredToken): temporary
                                // credentials past their Expiration

  // STS's own (docs/behavior.md §15): the query protocol's common validation error and the
  // AssumeRole error shapes of the STS model.
  kValidationError,          // ValidationError, 400
  kMalformedPolicyDocument,  // MalformedPolicyDocument, 400
};

class Status {
 public:
  Status() = default;  // OK
  static Status OK() { return Status(); }
  static Status Error(ErrorCode code, std::string message) {
    return Status(code, std::move(message));
  }
  static Status BadRequest(std::string m) { return Error(ErrorCode::kBadRequest, std::move(m)); }
  static Status InvalidInput(std::string m) { return Error(ErrorCode::kInvalidInput, std::move(m)); }
  static Status InvalidAccess(std::string m) { return Error(ErrorCode::kInvalidAccess, std::move(m)); }
  static Status AccessDenied(std::string m) { return Error(ErrorCode::kAccessDenied, std::move(m)); }
  static Status NotFound(std::string m) { return Error(ErrorCode::kResourceNotFound, std::move(m)); }
  static Status Conflict(std::string m) { return Error(ErrorCode::kResourceConflict, std::move(m)); }
  static Status Internal(std::string m) { return Error(ErrorCode::kInternal, std::move(m)); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

// The error's name on the wire, e.g. "InvalidInputException".
const char* ErrorCodeName(ErrorCode code);
// The HTTP status the service model gives the error shape.
int ErrorHttpStatus(ErrorCode code);

}  // namespace shmock

#endif  // SHMOCK_STATUS_H_
