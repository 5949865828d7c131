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

struct KnownPattern {
  const char* source;
  bool (*matches)(std::string_view value);
};

const KnownPattern kKnownPatterns[] = {
    {".*\\S.*", HasNonSpace},
    {"^(?!aws:)[a-zA-Z+-=._:/]+$", IsTagKey},
    {"^([^\\u0000-\\u007F]|[-_ a-zA-Z0-9])+$", IsAlphaNumericText},
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
