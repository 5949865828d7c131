// FindingFilter: the checks on a whole AwsSecurityFindingFilters document, the evaluation of
// its compiled conditions against a finding, and what an index can serve of them.
#include <algorithm>
#include <cctype>
#include <string>

#include "finding_filter_internal.h"
#include "finding_path.h"

namespace shmock {
namespace {

using nlohmann::json;

// "Did you mean": attribute names are case-sensitive, and a wrong case is the likely mistake.
std::string UnknownAttribute(const std::string& name) {
  std::string message = "Filters." + Shortened(name) +
                        " is not an attribute of AwsSecurityFindingFilters.";
  auto same_ignoring_case = [&name](const FindingAttribute& a) {
    return a.name.size() == name.size() &&
           std::equal(name.begin(), name.end(), a.name.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) ==
                    std::tolower(static_cast<unsigned char>(y));
           });
  };
  const auto& all = FindingAttributes();
  const auto close = std::find_if(all.begin(), all.end(), same_ignoring_case);
  if (close != all.end()) message += " Did you mean " + std::string(close->name) + "?";
  return message;
}

// The members of `filters` that carry a condition: known attributes with a non-empty list.
Status CollectAttributes(const json& filters,
                         std::vector<std::pair<const FindingAttribute*, const json*>>* out) {
  for (const auto& [name, value] : filters.items()) {
    const FindingAttribute* attribute = FindFindingAttribute(name);
    if (!attribute) return Status::InvalidInput(UnknownAttribute(name));
    if (value.is_null()) continue;
    if (!value.is_array()) {
      return Status::InvalidInput("Filters." + name + " must be a list of filters.");
    }
    if (!value.empty()) out->emplace_back(attribute, &value);
  }
  if (out->size() > kMaxFilterAttributes) {
    return Status::InvalidInput("Filters uses " + std::to_string(out->size()) +
                                " attributes; a filter may use at most " +
                                std::to_string(kMaxFilterAttributes) + ".");
  }
  // Model order, whatever the order of the document's members.
  std::sort(out->begin(), out->end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  return Status::OK();
}

// A string positive or negative test list against the strings at the attribute's path.
bool AnyTextHit(const json& finding, const FindingAttribute& attribute,
                const std::vector<TextTest>& tests) {
  return AnyValueOf(finding, attribute, [&tests](const json& value) {
    if (!value.is_string()) return false;
    const std::string_view text = value.get_ref<const std::string&>();
    return std::any_of(tests.begin(), tests.end(), [text](const TextTest& t) { return t.Hit(text); });
  });
}

bool AnyMapHit(const json& finding, const FindingAttribute& attribute,
               const std::vector<MapTest>& tests) {
  return AnyValueOf(finding, attribute, [&tests](const json& map) {
    if (!map.is_object()) return false;
    return std::any_of(tests.begin(), tests.end(), [&map](const MapTest& t) {
      const auto entry = map.find(t.key);
      return entry != map.end() && entry->is_string() &&
             t.test.Hit(entry->get_ref<const std::string&>());
    });
  });
}

bool NumberMatches(const json& finding, const Condition& c) {
  return AnyValueOf(finding, *c.attribute, [&c](const json& value) {
    if (!value.is_number()) return false;
    const double v = value.get<double>();
    return std::any_of(c.numbers.begin(), c.numbers.end(), [v](const NumberTest& t) { return t.Hit(v); });
  });
}

bool DateMatches(const json& finding, const Condition& c) {
  return AnyValueOf(finding, *c.attribute, [&c](const json& value) {
    Millis t;
    if (!value.is_string() || !ParseAsffTimestamp(value.get_ref<const std::string&>(), &t)) return false;
    return std::any_of(c.dates.begin(), c.dates.end(), [t](const DateTest& d) { return d.Hit(t); });
  });
}

bool IpMatches(const json& finding, const Condition& c) {
  return AnyValueOf(finding, *c.attribute, [&c](const json& value) {
    IpAddress address;
    if (!value.is_string() || !ParseIpAddress(value.get_ref<const std::string&>(), &address)) {
      return false;
    }
    return std::any_of(c.blocks.begin(), c.blocks.end(),
                       [&address](const CidrBlock& b) { return b.Contains(address); });
  });
}

// Keyword: some string anywhere in the finding (not a map key) equals one of the keywords.
// Findings are bounded in depth by the request parser, so recursion is bounded too.
bool AnyStringEquals(const json& node, const std::vector<std::string>& keywords) {
  if (node.is_string()) {
    return std::find(keywords.begin(), keywords.end(), node.get_ref<const std::string&>()) !=
           keywords.end();
  }
  if (!node.is_structured()) return false;
  return std::any_of(node.begin(), node.end(),
                     [&keywords](const json& child) { return AnyStringEquals(child, keywords); });
}

bool ConditionMatches(const json& finding, const Condition& c) {
  switch (c.attribute->type) {
    case FilterType::kString:
      return (c.positives.empty() || AnyTextHit(finding, *c.attribute, c.positives)) &&
             (c.negatives.empty() || !AnyTextHit(finding, *c.attribute, c.negatives));
    case FilterType::kMap:
      return (c.map_positives.empty() || AnyMapHit(finding, *c.attribute, c.map_positives)) &&
             (c.map_negatives.empty() || !AnyMapHit(finding, *c.attribute, c.map_negatives));
    case FilterType::kNumber: return NumberMatches(finding, c);
    case FilterType::kDate: return DateMatches(finding, c);
    case FilterType::kIp: return IpMatches(finding, c);
    case FilterType::kBoolean: {
      const json* value = FirstAttributeValue(finding, *c.attribute);
      const bool flag = value && value->is_boolean() && value->get<bool>();  // absent: false
      return flag ? c.accepts_true : c.accepts_false;
    }
    case FilterType::kKeyword: return AnyStringEquals(finding, c.keywords);
  }
  return false;
}

}  // namespace

FindingFilter::FindingFilter() {
  static const auto kEmpty = std::make_shared<const Compiled>();  // shared: nothing to own
  compiled_ = kEmpty;
}

Status FindingFilter::Parse(const json& filters, Millis now, FindingFilter* out) {
  if (filters.is_null()) return *out = FindingFilter(), Status::OK();
  if (!filters.is_object()) {
    return Status::InvalidInput("Filters must be an object whose members are finding attributes, "
                                "each with a list of filters.");
  }
  std::vector<std::pair<const FindingAttribute*, const json*>> attributes;
  if (Status s = CollectAttributes(filters, &attributes); !s.ok()) return s;
  auto compiled = std::make_shared<Compiled>();
  for (const auto& [attribute, list] : attributes) {
    Condition condition;
    if (Status s = CompileCondition(*attribute, *list, now, &condition); !s.ok()) return s;
    compiled->conditions.push_back(std::move(condition));
  }
  out->compiled_ = std::move(compiled);
  return Status::OK();
}

bool FindingFilter::Matches(const json& finding) const {
  return std::all_of(compiled_->conditions.begin(), compiled_->conditions.end(),
                     [&finding](const Condition& c) { return ConditionMatches(finding, c); });
}

bool FindingFilter::empty() const { return compiled_->conditions.empty(); }

std::vector<const FindingAttribute*> FindingFilter::Attributes() const {
  std::vector<const FindingAttribute*> attributes;
  for (const Condition& c : compiled_->conditions) attributes.push_back(c.attribute);
  return attributes;
}

namespace {

const Condition* ConditionOn(const FindingFilter::Compiled& compiled, std::string_view name) {
  for (const Condition& c : compiled.conditions) {
    if (c.attribute->name == name) return &c;
  }
  return nullptr;
}

}  // namespace

std::optional<std::vector<std::string>> FindingFilter::EqualsValues(std::string_view attribute) const {
  const Condition* c = ConditionOn(*compiled_, attribute);
  if (!c || c->attribute->type != FilterType::kString || c->positives.empty()) return std::nullopt;
  std::vector<std::string> values;
  for (const TextTest& test : c->positives) {
    if (test.op != TextOp::kEquals) return std::nullopt;
    if (std::find(values.begin(), values.end(), test.value) == values.end()) values.push_back(test.value);
  }
  return values;
}

std::optional<DateBounds> FindingFilter::DateBoundsOf(std::string_view attribute) const {
  const Condition* c = ConditionOn(*compiled_, attribute);
  if (!c || c->attribute->type != FilterType::kDate) return std::nullopt;
  DateBounds hull{c->dates.front().first, c->dates.front().last};
  for (const DateTest& d : c->dates) {
    hull.first = std::min(hull.first, d.first);
    hull.last = std::max(hull.last, d.last);
  }
  return hull;
}

std::optional<NumberBounds> FindingFilter::NumberBoundsOf(std::string_view attribute) const {
  const Condition* c = ConditionOn(*compiled_, attribute);
  if (!c || c->attribute->type != FilterType::kNumber) return std::nullopt;
  NumberBounds hull{c->numbers.front().low, c->numbers.front().high};
  for (const NumberTest& n : c->numbers) {
    hull.low = std::min(hull.low, n.low);
    hull.high = std::max(hull.high, n.high);
  }
  return hull;
}

}  // namespace shmock
