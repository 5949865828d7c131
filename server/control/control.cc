#include "shmock/control.h"

#include <cstring>
#include <nlohmann/json.hpp>

#include "organization.h"
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

Control::Control(Membership& membership, Organizations& organizations, Store& store,
                 std::string database)
    : membership_(membership),
      organizations_(organizations),
      store_(store),
      database_(std::move(database)),
      started_at_(SystemClock().NowMillis()) {}

HttpReply Control::Handle(const HttpCall& call) {
  const std::string name = call.path.substr(std::strlen(kPrefix));
  HttpReply reply;
  if (call.method == "GET" && name == "health") {
    reply = Health();
  } else if (call.method == "POST" && name == "reset") {
    reply = Reset();
  } else if (auto organization = HandleOrganizationControl(organizations_, call, name)) {
    reply = std::move(*organization);
  } else {
    reply = ErrorReply(Status::Error(ErrorCode::kUnknownOperation,
                                     "No control endpoint at " + call.method + " " + call.path +
                                         ". There are GET /_mock/health, POST /_mock/reset, "
                                         "POST /_mock/organization/accounts and "
                                         "DELETE /_mock/organization/accounts/{id}."));
  }
  reply.operation = "_mock/" + name;
  return reply;
}

HttpReply Control::Health() const {
  nlohmann::ordered_json body = {
      {"status", "ok"},
      {"version", kVersion},
      {"uptimeSeconds", (SystemClock().NowMillis() - started_at_) / 1000},
      {"database", database_ == ":memory:" ? "in-memory" : database_}};
  return JsonReply(body.dump());
}

HttpReply Control::Reset() {
  Status s = store_.Reset();
  if (!s.ok()) return ErrorReply(s);
  return JsonReply("{}");
}

}  // namespace shmock
