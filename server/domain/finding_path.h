// Walking a finding attribute's path through an ASFF document without allocating: the one
// mechanism behind filtering, sorting and AttributeValues.
#ifndef SHMOCK_DOMAIN_FINDING_PATH_H_
#define SHMOCK_DOMAIN_FINDING_PATH_H_

#include <nlohmann/json.hpp>

#include "shmock/finding_filter.h"

namespace shmock {

// Calls `visit` on each value at the path [step, end) below `node`, in document order, until
// it returns true; returns whether it did. Absent members, nulls, and members of the wrong
// JSON type (an object where the path expects a list, say) hold no value.
template <typename Visitor>
bool AnyValueAt(const nlohmann::json& node, const PathStep* step, const PathStep* end,
                const Visitor& visit) {
  if (step == end) return !node.is_null() && visit(node);
  if (!node.is_object()) return false;
  const auto it = node.find(step->member);
  if (it == node.end()) return false;
  if (!step->each_element) return AnyValueAt(*it, step + 1, end, visit);
  if (!it->is_array()) return false;
  for (const nlohmann::json& element : *it) {
    if (AnyValueAt(element, step + 1, end, visit)) return true;
  }
  return false;
}

template <typename Visitor>
bool AnyValueOf(const nlohmann::json& finding, const FindingAttribute& attribute,
                const Visitor& visit) {
  if (attribute.steps.empty()) return false;  // Keyword: no path
  const PathStep* begin = attribute.steps.data();
  return AnyValueAt(finding, begin, begin + attribute.steps.size(), visit);
}

}  // namespace shmock

#endif  // SHMOCK_DOMAIN_FINDING_PATH_H_
