#include "shmock/control.h"

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

Control::Control(Membership& membership, Store& store, Faults& faults, std::string database)
    : membership_(membership),
      store_(store),
      faults_(faults),
      database_(std::move(database)),
      started_at_(SystemClock().NowMillis()) {}

HttpReply Control::Handle(const HttpCall& call) {
  const std::string name = call.path.substr(std::strlen(kPrefix));
  HttpReply reply;
  if (call.method == "GET" && name == "health") {
    reply = Health();
  } else if (call.method == "POST" && name == "reset") {
    reply = Reset();
  } else if (name == "faults") {
    reply = FaultRules(call);
  } else {
    reply = ErrorReply(Status::Error(ErrorCode::kUnknownOperation,
                                     "No control endpoint at " + call.method + " " + call.path +
                                         ". There are GET /_mock/health, POST /_mock/reset and "
                                         "POST, GET, DELETE /_mock/faults."));
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

// "Drops everything": the fault rules too, so a test that resets starts from a clean server.
HttpReply Control::Reset() {
  Status s = store_.Reset();
  if (!s.ok()) return ErrorReply(s);
  faults_.Clear();
  return JsonReply("{}");
}

HttpReply Control::FaultRules(const HttpCall& call) {
  if (call.method == "GET") return JsonReply(faults_.List());
  if (call.method == "DELETE") {
    faults_.Clear();
    return JsonReply("{}");
  }
  if (call.method == "POST") {
    std::string stored;
    Status s = faults_.Arm(call.body, &stored);
    return s.ok() ? JsonReply(stored) : ErrorReply(s);
  }
  return ErrorReply(Status::Error(ErrorCode::kUnknownOperation,
                                  "/_mock/faults takes POST (arm a rule), GET (list the rules) and "
                                  "DELETE (clear them), not " + call.method + "."));
}

}  // namespace shmock
