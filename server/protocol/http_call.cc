#include "shmock/http_call.h"

#include "protocol/render.h"

namespace shmock {

std::optional<std::string> HttpCall::header(const std::string& lowercase_name) const {
  auto it = headers.find(lowercase_name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

HttpReply ErrorReply(const Status& status) {
  return ErrorReply(ErrorHttpStatus(status.code()), ErrorCodeName(status.code()), status.message());
}

HttpReply ErrorReply(int http_status, const std::string& code, const std::string& message) {
  HttpReply reply;
  reply.status = http_status;
  reply.headers = {{"Content-Type", "application/json"}, {"x-amzn-ErrorType", code}};
  reply.body = render::Error(code.c_str(), message);
  reply.error_code = code;
  reply.error_message = message;
  return reply;
}

}  // namespace shmock
