// Reading a handler's input: the JSON document the service model has already validated
// (security_hub_api.cc), so a member is either absent, null, or of its model type. Every
// handler file reads its input through these; none keeps a copy of its own.
#ifndef SHMOCK_PROTOCOL_INPUT_H_
#define SHMOCK_PROTOCOL_INPUT_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace shmock {
namespace input {

// Whether `name` is present and not null.
inline bool Has(const nlohmann::json& in, const char* name) {
  auto it = in.find(name);
  return it != in.end() && !it->is_null();
}

// The member `name`, or a null document when it is absent: handy for nested objects and lists
// the domain reads itself (filters, findings).
inline const nlohmann::json& Member(const nlohmann::json& in, const char* name) {
  static const nlohmann::json kNull;
  auto it = in.find(name);
  return it == in.end() ? kNull : *it;
}

// The member as a T, or nothing when it is absent or null.
template <typename T>
std::optional<T> Optional(const nlohmann::json& in, const char* name) {
  if (!Has(in, name)) return std::nullopt;
  return in[name].get<T>();
}

// A string member, or nothing when it is absent or not a string.
inline std::optional<std::string> OptionalText(const nlohmann::json& in, const char* name) {
  const nlohmann::json& v = Member(in, name);
  if (!v.is_string()) return std::nullopt;
  return v.get<std::string>();
}

// A string member, or "" when it is absent or not a string.
inline std::string Text(const nlohmann::json& in, const char* name) {
  return OptionalText(in, name).value_or("");
}

// A list of strings, or an empty list when it is absent or null.
inline std::vector<std::string> Texts(const nlohmann::json& in, const char* name) {
  return Optional<std::vector<std::string>>(in, name).value_or(std::vector<std::string>{});
}

}  // namespace input
}  // namespace shmock

#endif  // SHMOCK_PROTOCOL_INPUT_H_
