#include "protocol/pattern.h"

#include <algorithm>

namespace shmock {
namespace {

// What std::regex's \s matches for char in the "C" locale: space and \t \n \v \f \r.
bool IsSpace(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// `.*\S.*` (NonEmptyString). regex_search is unanchored and either `.*` may match nothing, so
// a value matches as soon as one byte is outside \s; what `.` excludes never matters.
bool HasNonSpace(std::string_view value) {
  return std::any_of(value.begin(), value.end(), [](unsigned char c) { return !IsSpace(c); });
}

// The class [a-zA-Z+-=._:/]. In ECMAScript `+-=` is the range '+' (0x2B) to '=' (0x3D), so the
// class also holds , - 0-9 ; < beside the characters it lists.
bool InTagKeyClass(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '+' && c <= '=') ||
         c == '.' || c == '_' || c == ':' || c == '/';
}

// `^(?!aws:)[a-zA-Z+-=._:/]+$` (TagKey). Without the multiline flag `^` and `$` hold only at the
// ends of the value, so: not empty, no "aws:" prefix (case-sensitive), every byte in the class.
bool IsTagKey(std::string_view value) {
  return !value.empty() && value.substr(0, 4) != "aws:" &&
         std::all_of(value.begin(), value.end(), [](unsigned char c) { return InTagKeyClass(c); });
}

// `^([^\u0000-\u007F]|[-_ a-zA-Z0-9])+$` (AlphaNumericNonEmptyString, LastUpdateReason): not
// empty, and every byte outside ASCII (each byte of a multi-byte UTF-8 character is) or one of
// - _ space, letters and digits.
bool IsAlphaNumericText(std::string_view value) {
  return !value.empty() && std::all_of(value.begin(), value.end(), [](unsigned char c) {
    return c >= 0x80 || c == '-' || c == '_' || c == ' ' || (c >= 'a' && c <= 'z') ||
           (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

// `[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]+` (AwsIamRoleAssumeRolePolicyDocument):
// not empty, and every character tab, newline, carriage return, printable ASCII or Latin-1
// U+00A1 to U+00FF, which UTF-8 writes as C2 A1..BF and C3 80..BF.
bool IsLatin1Text(std::string_view value) {
  if (value.empty()) return false;
  for (size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0x7E)) continue;
    if (i + 1 == value.size()) return false;
    const auto next = static_cast<unsigned char>(value[++i]);
    if (!((c == 0xC2 && next >= 0xA1 && next <= 0xBF) || (c == 0xC3 && next >= 0x80 && next <= 0xBF))) {
      return false;
    }
  }
  return true;
}

struct KnownPattern {
  const char* source;
  bool (*matches)(std::string_view value);
};

const KnownPattern kKnownPatterns[] = {
    {".*\\S.*", HasNonSpace},
    {"^(?!aws:)[a-zA-Z+-=._:/]+$", IsTagKey},
    {"^([^\\u0000-\\u007F]|[-_ a-zA-Z0-9])+$", IsAlphaNumericText},
    {"[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]+", IsLatin1Text},
};

}  // namespace

Status Pattern::Compile(const std::string& source, Pattern* out) {
  for (const KnownPattern& known : kKnownPatterns) {
    if (source == known.source) {
      out->source_ = source;
      out->matches_ = known.matches;
      return Status::OK();
    }
  }
  return Status::Internal("The service model uses the pattern '" + source +
                          "', which server/protocol/pattern.cc has no matcher for; add one there.");
}

}  // namespace shmock
