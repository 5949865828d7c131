#include "shmock/next_token.h"

#include "shmock/ids.h"
#include "shmock/records.h"

namespace shmock {
namespace {
const char kTokenVersion[] = "shmock1";

std::string Prefix(const std::string& operation) {
  return std::string(kTokenVersion) + "|" + operation + "|";
}
}  // namespace

std::string EncodeNextToken(const std::string& operation, const std::string& after) {
  return after.empty() ? "" : Base64UrlEncode(Prefix(operation) + after);
}

bool DecodeNextToken(const std::string& operation, const std::string& token, std::string* after) {
  std::string raw;
  const std::string prefix = Prefix(operation);
  if (!Base64UrlDecode(token, &raw) || raw.rfind(prefix, 0) != 0) return false;
  *after = raw.substr(prefix.size());
  return IsAccountId(*after);
}

}  // namespace shmock
