// Strings: the few text helpers every layer needs, written once.
#ifndef SHMOCK_BASE_STRINGS_H_
#define SHMOCK_BASE_STRINGS_H_

#include <string>
#include <string_view>

namespace shmock {

// `s` with ASCII letters lowercased; other bytes (UTF-8 included) unchanged.
std::string Lowercase(std::string_view s);

// `s` without the spaces and tabs at either end (HTTP's optional whitespace). A view into `s`.
std::string_view Trim(std::string_view s);

// Whether `name` equals `lowercase` ignoring the case of ASCII letters; `lowercase` must
// already be lowercase (a header name as the code spells it).
bool EqualsLowercase(std::string_view name, std::string_view lowercase);

inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
inline bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace shmock

#endif  // SHMOCK_BASE_STRINGS_H_
