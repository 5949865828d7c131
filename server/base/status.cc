#include "shmock/status.h"

namespace shmock {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "OK";
    case ErrorCode::kBadRequest: return "BadRequestException";
    case ErrorCode::kInvalidInput: return "InvalidInputException";
    case ErrorCode::kInvalidAccess: return "InvalidAccessException";
    case ErrorCode::kAccessDenied: return "AccessDeniedException";
    case ErrorCode::kResourceNotFound: return "ResourceNotFoundException";
    case ErrorCode::kResourceConflict: return "ResourceConflictException";
    case ErrorCode::kLimitExceeded: return "LimitExceededException";
    case ErrorCode::kInternal: return "InternalException";
    case ErrorCode::kIncompleteSignature: return "IncompleteSignatureException";
    case ErrorCode::kInvalidSignature: return "InvalidSignatureException";
    case ErrorCode::kUnknownOperation: return "UnknownOperationException";
    case ErrorCode::kRequestTooLarge: return "RequestEntityTooLargeException";
    case ErrorCode::kNotImplemented: return "NotImplementedException";
    case ErrorCode::kServiceUnavailable: return "ServiceUnavailableException";
    case ErrorCode::kUnsupportedMediaType: return "UnsupportedMediaTypeException";
    case ErrorCode::kRequestHeadersTooLarge: return "RequestHeaderFieldsTooLargeException";
    case ErrorCode::kRequestTimeout: return "RequestTimeoutException";
    case ErrorCode::kMissingAuthenticationToken: return "MissingAuthenticationTokenException";
    case ErrorCode::kUnrecognizedClient: return "UnrecognizedClientException";
    case ErrorCode::kExpiredToken: return "ExpiredTokenException";
    case ErrorCode::kValidationError: return "ValidationError";
    case ErrorCode::kMalformedPolicyDocument: return "MalformedPolicyDocument";
  }
  return "InternalException";
}

int ErrorHttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return 200;
    case ErrorCode::kBadRequest: return 400;
    case ErrorCode::kInvalidInput: return 400;
    case ErrorCode::kInvalidAccess: return 401;
    case ErrorCode::kAccessDenied: return 403;
    case ErrorCode::kResourceNotFound: return 404;
    case ErrorCode::kResourceConflict: return 409;
    case ErrorCode::kLimitExceeded: return 429;
    case ErrorCode::kInternal: return 500;
    case ErrorCode::kIncompleteSignature: return 400;
    case ErrorCode::kInvalidSignature: return 403;
    case ErrorCode::kUnknownOperation: return 404;
    case ErrorCode::kRequestTooLarge: return 413;
    case ErrorCode::kNotImplemented: return 501;
    case ErrorCode::kServiceUnavailable: return 503;
    case ErrorCode::kUnsupportedMediaType: return 415;
    case ErrorCode::kRequestHeadersTooLarge: return 431;
    case ErrorCode::kRequestTimeout: return 408;
    case ErrorCode::kMissingAuthenticationToken: return 403;
    case ErrorCode::kUnrecognizedClient: return 403;
    case ErrorCode::kExpiredToken: return 403;
    case ErrorCode::kValidationError: return 400;
    case ErrorCode::kMalformedPolicyDocument: return 400;
  }
  return 500;
}

}  // namespace shmock
