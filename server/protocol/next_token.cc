#include "protocol/next_token.h"

#include "shmock/ids.h"

namespace shmock {
namespace {

const char kTokenVersion[] = "shmock1";
constexpr char kSeparator = '|', kEscape = '\\';

std::string Prefix(std::string_view operation) {
  return std::string(kTokenVersion) + kSeparator + std::string(operation) + kSeparator;
}

// Splits `text` at its unescaped separators; false for a dangling or unknown escape.
bool SplitParts(std::string_view text, PageKey* parts) {
  parts->assign(1, std::string());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == kSeparator) {
      parts->emplace_back();
    } else if (c != kEscape) {
      parts->back() += c;
    } else if (i + 1 < text.size() && (text[i + 1] == kSeparator || text[i + 1] == kEscape)) {
      parts->back() += text[++i];
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string EncodeNextToken(std::string_view operation, const PageKey& after) {
  if (after.empty()) return "";
  std::string raw = Prefix(operation);
  for (size_t i = 0; i < after.size(); ++i) {
    if (i > 0) raw += kSeparator;
    for (char c : after[i]) {
      if (c == kSeparator || c == kEscape) raw += kEscape;
      raw += c;
    }
  }
  return Base64UrlEncode(raw);
}

bool DecodeNextToken(std::string_view operation, std::string_view token, PageKey* after) {
  std::string raw;
  const std::string prefix = Prefix(operation);
  if (!Base64UrlDecode(std::string(token), &raw) || raw.rfind(prefix, 0) != 0) return false;
  return SplitParts(std::string_view(raw).substr(prefix.size()), after);
}

}  // namespace shmock
