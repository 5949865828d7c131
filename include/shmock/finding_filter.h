// The finding filter language: the AwsSecurityFindingFilters document of GetFindings,
// UpdateFindings and insights, the SortCriteria of GetFindings, and the 104 finding attributes
// both name (also what an insight groups by).
//
// A finding is its ASFF JSON document. An attribute reads it along a path ("Resources[].Type":
// the Type of every element of Resources); a filter is parsed and checked once into a compiled
// form and then tested against each candidate finding without allocating. The store can ask
// the compiled filter which conditions an index serves, and must still call Matches on every
// candidate: the plan narrows, Matches decides. Rules and their sources: docs/behavior.md
// (finding filters).
#ifndef SHMOCK_FINDING_FILTER_H_
#define SHMOCK_FINDING_FILTER_H_

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shmock/asff_timestamp.h"
#include "shmock/clock.h"
#include "shmock/status.h"

namespace shmock {

// The filter shape an attribute takes: StringFilter, DateFilter, NumberFilter, MapFilter,
// BooleanFilter, IpFilter, KeywordFilter.
enum class FilterType { kString, kDate, kNumber, kMap, kBoolean, kIp, kKeyword };

// One member on an attribute's path through the ASFF document; `each_element` when that member
// is a list and the rest of the path applies to every element of it.
struct PathStep {
  std::string member;
  bool each_element = false;
};

struct FindingAttribute {
  std::string_view name;        // the AwsSecurityFindingFilters member, e.g. "ResourceType"
  FilterType type;
  std::string_view path;        // "Resources[].Type" ("[]": every element); empty for Keyword
  std::vector<PathStep> steps;  // `path`, split once
  bool multi_valued = false;    // the path crosses a list: a finding may hold several values
};

// The attribute named `name` (case-sensitive), or nullptr.
const FindingAttribute* FindFindingAttribute(std::string_view name);
// All 104, in the order of the service model's AwsSecurityFindingFilters.
const std::vector<FindingAttribute>& FindingAttributes();
// Appends to `out` the values `finding` holds at `attribute`'s path, in document order: every
// element's value for list paths, nothing where a member is absent or null. The pointers point
// into `finding`. Keyword has no path and yields nothing. For a Map attribute the values are the
// maps (one per resource for ResourceTags).
void AttributeValues(const nlohmann::json& finding, const FindingAttribute& attribute,
                     std::vector<const nlohmann::json*>* out);
// The first of those values, or nullptr: what the finding sorts by.
const nlohmann::json* FirstAttributeValue(const nlohmann::json& finding,
                                          const FindingAttribute& attribute);

// The limits of one AwsSecurityFindingFilters document (the model's documentation).
inline constexpr size_t kMaxFilterAttributes = 10;
inline constexpr size_t kMaxFiltersPerAttribute = 20;

// Inclusive bounds that every value a condition accepts lies within; an open end is the
// extreme of the type (the Millis limits, or +-infinity).
struct DateBounds {
  Millis first;
  Millis last;
};
struct NumberBounds {
  double low;
  double high;
};

// A parsed, checked AwsSecurityFindingFilters document. Cheap to copy (the compiled form is
// shared and immutable), safe to use from several threads.
class FindingFilter {
 public:
  FindingFilter();  // the empty filter, which every finding matches

  // Parses `filters` (null or absent members: no condition). The service model's shape
  // validation normally ran first; this checks the language's own rules and, for input that
  // skipped that validation (fixtures, stored insights), the JSON types it relies on:
  // attribute names, at most 10 attributes and 20 filters per attribute, the comparison mixes
  // AWS refuses, CONTAINS_WORD, empty NumberFilters and DateFilters, Start/End together with
  // DateRange, DateRange units other than DAYS, malformed timestamps and CIDR blocks. A
  // failure is Status::InvalidInput naming the attribute, the filter's index and the rule, and
  // leaves `*out` unchanged. `now` anchors DateRange (WITHIN / OLDER_THAN N DAYS).
  static Status Parse(const nlohmann::json& filters, Millis now, FindingFilter* out);

  // Whether `finding` passes every condition (attributes are AND-ed).
  bool Matches(const nlohmann::json& finding) const;
  bool empty() const;
  // The attributes the filter has a condition on, in model order.
  std::vector<const FindingAttribute*> Attributes() const;

  // The plan for an index: when `attribute`'s condition accepts exactly the findings holding
  // one of some values (every filter on it is EQUALS), those values, each once. Otherwise, or
  // when there is no condition on it, nullopt.
  std::optional<std::vector<std::string>> EqualsValues(std::string_view attribute) const;
  // For a Date or Number attribute with a condition: bounds every accepted value lies within
  // (the hull of its OR-ed filters). A range scan over them yields a superset of the matches.
  std::optional<DateBounds> DateBoundsOf(std::string_view attribute) const;
  std::optional<NumberBounds> NumberBoundsOf(std::string_view attribute) const;

  struct Compiled;  // server/domain/finding_filter_internal.h

 private:
  std::shared_ptr<const Compiled> compiled_;
};

struct SortKey {
  const FindingAttribute* attribute;
  bool descending;
};

// GetFindings' SortCriteria (a list of {Field, SortOrder}; null or absent like empty). Empty:
// the default order, UpdatedAt descending; the caller appends its unique tiebreak. SortOrder
// defaults to asc. A Field named again later is dropped (the earlier key already decides).
// Unknown fields, maps and Keyword: InvalidInput naming the criterion.
Status ParseSortCriteria(const nlohmann::json& criteria, std::vector<SortKey>* keys);

// <0, 0 or >0 as `a` sorts before, with, or after `b` under `keys`. Each finding is compared by
// its first value of the key's attribute: numbers numerically, dates as instants, Sample as
// false < true (absent is false), other types bytewise. A finding without a value sorts after
// one with a value in either direction, as does an unreadable date.
int CompareFindings(const nlohmann::json& a, const nlohmann::json& b,
                    const std::vector<SortKey>& keys);

}  // namespace shmock

#endif  // SHMOCK_FINDING_FILTER_H_
