// Parsing and checking an AwsSecurityFindingFilters document into its compiled form. Every
// refusal names where it is (Filters.<Attribute>[<index>]) and the rule, in our own words: AWS
// documents the rules but not its messages (docs/behavior.md, Appendix A).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "finding_filter_internal.h"

namespace shmock {
namespace {

using nlohmann::json;

constexpr Millis kDayMillis = 24 * 60 * 60 * 1000;

std::string Quoted(std::string_view text) { return "'" + Shortened(text) + "'"; }

std::string Where(const FindingAttribute& attribute, size_t index) {
  return "Filters." + std::string(attribute.name) + "[" + std::to_string(index) + "]";
}

Status Refuse(std::string message) { return Status::InvalidInput(std::move(message)); }

// The string member `member` of `filter`, which must be present.
Status RequiredString(const json& filter, const char* member, const std::string& where,
                      std::string_view* out) {
  const auto it = filter.find(member);
  if (it == filter.end() || !it->is_string()) {
    return Refuse(where + "." + member + " is required and must be a string.");
  }
  *out = it->get_ref<const std::string&>();
  return Status::OK();
}

// The member `member` of `filter` unless it is absent or null.
const json* Optional(const json& filter, const char* member) {
  const auto it = filter.find(member);
  return it == filter.end() || it->is_null() ? nullptr : &*it;
}

// The comparisons of StringFilter and MapFilter (a map takes the four without PREFIX).
enum class Comparison { kEquals, kPrefix, kNotEquals, kPrefixNotEquals, kContains, kNotContains };

struct ComparisonRow {
  std::string_view name;
  Comparison comparison;
  TextOp op;
  bool negative;
  bool for_maps;
};

const ComparisonRow kComparisons[] = {
    {"EQUALS", Comparison::kEquals, TextOp::kEquals, false, true},
    {"PREFIX", Comparison::kPrefix, TextOp::kPrefix, false, false},
    {"NOT_EQUALS", Comparison::kNotEquals, TextOp::kEquals, true, true},
    {"PREFIX_NOT_EQUALS", Comparison::kPrefixNotEquals, TextOp::kPrefix, true, false},
    {"CONTAINS", Comparison::kContains, TextOp::kContains, false, true},
    {"NOT_CONTAINS", Comparison::kNotContains, TextOp::kContains, true, true},
};

Status ParseComparison(const json& filter, const std::string& where, bool map,
                       const ComparisonRow** out) {
  std::string_view name;
  if (Status s = RequiredString(filter, "Comparison", where, &name); !s.ok()) return s;
  if (name == "CONTAINS_WORD" && !map) {
    return Refuse(where + ".Comparison CONTAINS_WORD is accepted only by GetFindingsV2 and the "
                  "other V2 operations; use CONTAINS here.");
  }
  for (const ComparisonRow& row : kComparisons) {
    if (row.name == name && (row.for_maps || !map)) return *out = &row, Status::OK();
  }
  return Refuse(where + ".Comparison " + Quoted(name) + " is not one of " +
                (map ? "EQUALS, NOT_EQUALS, CONTAINS, NOT_CONTAINS."
                     : "EQUALS, PREFIX, NOT_EQUALS, PREFIX_NOT_EQUALS, CONTAINS, NOT_CONTAINS."));
}

// Why AWS refuses comparisons `a` and `b` on one attribute, or nullptr when they may be mixed.
const char* ForbiddenMix(Comparison a, Comparison b) {
  if ((a == Comparison::kContains) != (b == Comparison::kContains)) {
    return "CONTAINS filters can only be combined with other CONTAINS filters";
  }
  if ((a == Comparison::kNotContains) != (b == Comparison::kNotContains)) {
    return "NOT_CONTAINS filters can only be combined with other NOT_CONTAINS filters";
  }
  const bool has_equals = a == Comparison::kEquals || b == Comparison::kEquals;
  const bool has_not_equals = a == Comparison::kNotEquals || b == Comparison::kNotEquals ||
                              a == Comparison::kPrefixNotEquals || b == Comparison::kPrefixNotEquals;
  if (has_equals && has_not_equals) {
    return "an EQUALS filter cannot be combined with a NOT_EQUALS or PREFIX_NOT_EQUALS filter";
  }
  return nullptr;
}

// Refuses the first pair of distinct comparisons, in order of appearance, that AWS forbids.
Status CheckMix(const FindingAttribute& attribute, const std::vector<const ComparisonRow*>& seen) {
  for (size_t i = 0; i < seen.size(); ++i) {
    for (size_t j = i + 1; j < seen.size(); ++j) {
      if (const char* why = ForbiddenMix(seen[i]->comparison, seen[j]->comparison)) {
        return Refuse("Invalid filter combination for " + std::string(attribute.name) + ": " +
                      std::string(seen[i]->name) + " and " + std::string(seen[j]->name) +
                      " cannot be used on the same attribute; " + why + ".");
      }
    }
  }
  return Status::OK();
}

void NoteComparison(const ComparisonRow* row, std::vector<const ComparisonRow*>* seen) {
  if (std::find(seen->begin(), seen->end(), row) == seen->end()) seen->push_back(row);
}

Status CompileString(const FindingAttribute& attribute, const json& filters, Condition* out) {
  std::vector<const ComparisonRow*> seen;
  for (size_t i = 0; i < filters.size(); ++i) {
    const std::string where = Where(attribute, i);
    const ComparisonRow* row = nullptr;
    std::string_view value;
    if (Status s = ParseComparison(filters[i], where, false, &row); !s.ok()) return s;
    if (Status s = RequiredString(filters[i], "Value", where, &value); !s.ok()) return s;
    (row->negative ? out->negatives : out->positives).push_back({row->op, std::string(value)});
    NoteComparison(row, &seen);
  }
  return CheckMix(attribute, seen);
}

Status CompileMap(const FindingAttribute& attribute, const json& filters, Condition* out) {
  std::vector<const ComparisonRow*> seen;
  for (size_t i = 0; i < filters.size(); ++i) {
    const std::string where = Where(attribute, i);
    const ComparisonRow* row = nullptr;
    std::string_view key, value;
    if (Status s = RequiredString(filters[i], "Key", where, &key); !s.ok()) return s;
    if (Status s = ParseComparison(filters[i], where, true, &row); !s.ok()) return s;
    if (Status s = RequiredString(filters[i], "Value", where, &value); !s.ok()) return s;
    MapTest test{std::string(key), {row->op, std::string(value)}};
    (row->negative ? out->map_negatives : out->map_positives).push_back(std::move(test));
    NoteComparison(row, &seen);
  }
  return CheckMix(attribute, seen);
}

Status CompileNumber(const FindingAttribute& attribute, const json& filters, Condition* out) {
  for (size_t i = 0; i < filters.size(); ++i) {
    const std::string where = Where(attribute, i);
    NumberTest test;
    bool bounded = false;
    for (const char* member : {"Eq", "Gt", "Gte", "Lt", "Lte"}) {
      const json* bound = Optional(filters[i], member);
      if (!bound) continue;
      if (!bound->is_number()) return Refuse(where + "." + member + " must be a number.");
      const double v = bound->get<double>();
      const std::string_view m = member;
      if (m == "Eq" || m == "Gt" || m == "Gte") test.AtLeast(v, m == "Gt");
      if (m == "Eq" || m == "Lt" || m == "Lte") test.AtMost(v, m == "Lt");
      bounded = true;
    }
    if (!bounded) return Refuse(where + " has no bound; give at least one of Eq, Gt, Gte, Lt, Lte.");
    out->numbers.push_back(test);
  }
  return Status::OK();
}

Status ParseTimestampMember(const json& filter, const char* member, const std::string& where,
                            Millis* out) {
  const json* value = Optional(filter, member);
  if (!value) return Status::OK();
  if (!value->is_string() || !ParseAsffTimestamp(value->get_ref<const std::string&>(), out)) {
    return Refuse(where + "." + member + " " +
                  (value->is_string() ? Quoted(value->get_ref<const std::string&>()) + " " : "") +
                  "is not a timestamp Security Hub accepts, such as 2024-01-04T15:25:10Z or "
                  "2024-01-04T15:25:10.123+02:00.");
  }
  return Status::OK();
}

// WITHIN N DAYS: from N days before `now` to `now`. OLDER_THAN N DAYS: before N days ago.
Status ParseDateRange(const json& range, const std::string& where, Millis now, DateTest* out) {
  if (!range.is_object()) return Refuse(where + ".DateRange must be an object with Value and Unit.");
  const json* value = Optional(range, "Value");
  if (!value || !value->is_number_integer() || value->get<int64_t>() < 0 ||
      value->get<int64_t>() > INT32_MAX) {
    return Refuse(where + ".DateRange.Value is required and must be a whole number of days "
                  "from 0 to 2147483647.");
  }
  const json* unit = Optional(range, "Unit");
  if (!unit || *unit != "DAYS") {
    return Refuse(where + ".DateRange.Unit " +
                  (unit && unit->is_string() ? Quoted(unit->get_ref<const std::string&>()) +
                                                   " is not supported"
                                             : std::string("is required")) +
                  "; the only unit is DAYS.");
  }
  const json* comparison = Optional(range, "Comparison");
  if (comparison && *comparison != "WITHIN" && *comparison != "OLDER_THAN") {
    return Refuse(where + ".DateRange.Comparison must be WITHIN or OLDER_THAN.");
  }
  const Millis boundary = now - value->get<int64_t>() * kDayMillis;
  if (comparison && *comparison == "OLDER_THAN") {
    out->last = boundary - 1;
  } else {
    out->first = boundary, out->last = now;
  }
  return Status::OK();
}

Status CompileDate(const FindingAttribute& attribute, const json& filters, Millis now,
                   Condition* out) {
  for (size_t i = 0; i < filters.size(); ++i) {
    const std::string where = Where(attribute, i);
    DateTest test;
    const json* range = Optional(filters[i], "DateRange");
    const bool start = Optional(filters[i], "Start"), end = Optional(filters[i], "End");
    if (range && (start || end)) {
      return Refuse(where + " gives both Start/End and DateRange; use one or the other.");
    }
    if (!range && !start && !end) {
      return Refuse(where + " is empty; give Start, End or both, or a DateRange.");
    }
    if (Status s = ParseTimestampMember(filters[i], "Start", where, &test.first); !s.ok()) return s;
    if (Status s = ParseTimestampMember(filters[i], "End", where, &test.last); !s.ok()) return s;
    if (range) {
      if (Status s = ParseDateRange(*range, where, now, &test); !s.ok()) return s;
    }
    out->dates.push_back(test);
  }
  return Status::OK();
}

Status CompileIp(const FindingAttribute& attribute, const json& filters, Condition* out) {
  for (size_t i = 0; i < filters.size(); ++i) {
    const std::string where = Where(attribute, i);
    std::string_view cidr;
    if (Status s = RequiredString(filters[i], "Cidr", where, &cidr); !s.ok()) return s;
    CidrBlock block;
    if (!CidrBlock::Parse(cidr, &block)) {
      return Refuse(where + ".Cidr " + Quoted(cidr) + " is not an IPv4 or IPv6 address or CIDR "
                    "block, such as 10.0.0.0/8, 192.0.2.7 or 2001:db8::/32.");
    }
    out->blocks.push_back(block);
  }
  return Status::OK();
}

Status CompileBoolean(const FindingAttribute& attribute, const json& filters, Condition* out) {
  for (size_t i = 0; i < filters.size(); ++i) {
    const json* value = Optional(filters[i], "Value");
    if (!value || !value->is_boolean()) {
      return Refuse(Where(attribute, i) + ".Value is required and must be true or false.");
    }
    (value->get<bool>() ? out->accepts_true : out->accepts_false) = true;
  }
  return Status::OK();
}

Status CompileKeyword(const FindingAttribute& attribute, const json& filters, Condition* out) {
  for (size_t i = 0; i < filters.size(); ++i) {
    std::string_view value;
    if (Status s = RequiredString(filters[i], "Value", Where(attribute, i), &value); !s.ok()) {
      return s;
    }
    out->keywords.emplace_back(value);
  }
  return Status::OK();
}

const char* FilterShapeName(FilterType type) {
  switch (type) {
    case FilterType::kString: return "StringFilter";
    case FilterType::kDate: return "DateFilter";
    case FilterType::kNumber: return "NumberFilter";
    case FilterType::kMap: return "MapFilter";
    case FilterType::kBoolean: return "BooleanFilter";
    case FilterType::kIp: return "IpFilter";
    case FilterType::kKeyword: return "KeywordFilter";
  }
  return "filter";
}

}  // namespace

std::string Shortened(std::string_view text) {
  constexpr size_t kMax = 64;
  if (text.size() <= kMax) return std::string(text);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

Status CompileCondition(const FindingAttribute& attribute, const json& filters, Millis now,
                        Condition* out) {
  const std::string name(attribute.name);
  if (filters.size() > kMaxFiltersPerAttribute) {
    return Refuse("Filters." + name + " has " + std::to_string(filters.size()) +
                  " filters; an attribute may have at most " +
                  std::to_string(kMaxFiltersPerAttribute) + ".");
  }
  for (size_t i = 0; i < filters.size(); ++i) {
    if (!filters[i].is_object()) {
      return Refuse(Where(attribute, i) + " must be a " + FilterShapeName(attribute.type) +
                    " object.");
    }
  }
  out->attribute = &attribute;
  switch (attribute.type) {
    case FilterType::kString: return CompileString(attribute, filters, out);
    case FilterType::kMap: return CompileMap(attribute, filters, out);
    case FilterType::kNumber: return CompileNumber(attribute, filters, out);
    case FilterType::kDate: return CompileDate(attribute, filters, now, out);
    case FilterType::kIp: return CompileIp(attribute, filters, out);
    case FilterType::kBoolean: return CompileBoolean(attribute, filters, out);
    case FilterType::kKeyword: return CompileKeyword(attribute, filters, out);
  }
  return Status::Internal("unknown filter type");
}

}  // namespace shmock
