// Pattern: a string pattern of the AWS service model, checked in one pass over the value with
// constant stack.
//
// The model writes its patterns as ECMAScript regular expressions, but std::regex backtracks
// and recurses once per character, so one long request value could exhaust the stack or the CPU.
// This module knows each pattern the model uses and accepts exactly the values
// std::regex_search(value, std::regex(source)) accepts (the "C" locale, as the server runs),
// in time linear in the value's length. A pattern it does not know cannot be compiled, so a
// regenerated model with a new pattern fails when it is loaded instead of skipping a check.
#ifndef SHMOCK_PROTOCOL_PATTERN_H_
#define SHMOCK_PROTOCOL_PATTERN_H_

#include <string>
#include <string_view>

#include "shmock/status.h"

namespace shmock {

class Pattern {
 public:
  // The matcher of the model pattern `source`, or an error naming the pattern when this module
  // has none for it. A default-constructed Pattern matches nothing.
  static Status Compile(const std::string& source, Pattern* out);

  bool Matches(std::string_view value) const { return matches_(value); }
  // The pattern as the model writes it, for validation messages.
  const std::string& source() const { return source_; }

 private:
  using Matcher = bool (*)(std::string_view value);

  std::string source_;
  Matcher matches_ = [](std::string_view) { return false; };
};

}  // namespace shmock

#endif  // SHMOCK_PROTOCOL_PATTERN_H_
