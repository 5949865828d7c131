#include "shmock/control.h"

#include <openssl/crypto.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "shmock/version.h"

namespace shmock {
namespace {

HttpReply JsonReply(const std::string& body) {
  HttpReply reply;
  reply.headers = {{"Content-Type", "application/json"}};
  reply.body = body;
  return reply;
}

}  // namespace

Control::Control(Membership& membership, Store& store, std::string database, std::string token)
    : membership_(membership),
      store_(store),
      database_(std::move(database)),
      token_(std::move(token)),
      started_at_(SystemClock().NowMillis()) {}

HttpReply Control::Handle(const HttpCall& call) {
  const std::string name = call.path.substr(std::strlen(kPrefix));
  HttpReply reply;
  const Status token = CheckToken(call);
  if (call.method == "GET" && name == "health") {
    reply = Health(/*with_database=*/token.ok());
  } else if (!token.ok()) {
    reply = ErrorReply(token);
  } else if (call.method == "POST" && name == "reset") {
    reply = Reset();
  } else {
    reply = ErrorReply(Status::Error(ErrorCode::kUnknownOperation,
                                     "No control endpoint at " + call.method + " " + call.path +
                                         ". There are GET /_mock/health and POST /_mock/reset."));
  }
  reply.operation = "_mock/" + name;
  return reply;
}

Status Control::CheckToken(const HttpCall& call) const {
  if (token_.empty()) return Status::OK();
  const std::optional<std::string> authorization = call.header("authorization");
  const std::string expected = "Bearer " + token_;
  if (!authorization) {
    return Status::Error(ErrorCode::kAccessDenied,
                         "The control API needs the header 'Authorization: Bearer <token>', with the token given "
                         "to --control-token.");
  }
  // Compared in constant time, so the reply's timing says nothing about the token.
  if (authorization->size() != expected.size() ||
      CRYPTO_memcmp(authorization->data(), expected.data(), expected.size()) != 0) {
    return Status::Error(ErrorCode::kAccessDenied,
                         "The Authorization header does not carry the control token: send 'Authorization: Bearer "
                         "<token>', with the token given to --control-token.");
  }
  return Status::OK();
}

HttpReply Control::Health(bool with_database) const {
  nlohmann::ordered_json body = {
      {"status", "ok"},
      {"version", kVersion},
      {"uptimeSeconds", (SystemClock().NowMillis() - started_at_) / 1000}};
  // Where the state lives on disk is for the token's holders only.
  if (with_database) body["database"] = database_ == ":memory:" ? "in-memory" : database_;
  return JsonReply(body.dump());
}

HttpReply Control::Reset() {
  Status s = store_.Reset();
  if (!s.ok()) return ErrorReply(s);
  return JsonReply("{}");
}

}  // namespace shmock
