#include "organization.h"

#include <nlohmann/json.hpp>

namespace shmock {
namespace {

const char kAccounts[] = "_mock/organization/accounts";

HttpReply JsonReply(const nlohmann::ordered_json& body) {
  HttpReply reply;
  reply.headers = {{"Content-Type", "application/json"}};
  reply.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return reply;
}

HttpReply AddAccount(Organizations& organizations, const HttpCall& call) {
  auto body = nlohmann::json::parse(call.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("AccountId") || !body["AccountId"].is_string()) {
    return ErrorReply(Status::InvalidInput(
        "POST /_mock/organization/accounts takes a JSON body {\"AccountId\": \"<12 digits>\"}."));
  }
  const std::string id = body["AccountId"].get<std::string>();
  std::vector<std::string> regions;
  Status s = organizations.AddAccount(id, &regions);
  if (!s.ok()) return ErrorReply(s);
  return JsonReply({{"AccountId", id}, {"AutoEnabledIn", regions}});
}

}  // namespace

std::optional<HttpReply> HandleOrganizationControl(Organizations& organizations,
                                                   const HttpCall& call, const std::string& name) {
  if (name == kAccounts && call.method == "POST") return AddAccount(organizations, call);
  const std::string prefix = std::string(kAccounts) + "/";
  if (name.rfind(prefix, 0) == 0 && call.method == "DELETE") {
    Status s = organizations.RemoveAccount(name.substr(prefix.size()));
    if (!s.ok()) return ErrorReply(s);
    return JsonReply(nlohmann::ordered_json::object());
  }
  return std::nullopt;
}

}  // namespace shmock
