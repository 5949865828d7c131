// SortCriteria of GetFindings and the total order of findings under them.
#include <string>

#include "finding_filter_internal.h"
#include "finding_path.h"

namespace shmock {
namespace {

using nlohmann::json;

std::string Where(size_t index) { return "SortCriteria[" + std::to_string(index) + "]"; }

Status ParseCriterion(const json& criterion, size_t index, SortKey* key) {
  if (!criterion.is_object()) {
    return Status::InvalidInput(Where(index) + " must be an object with Field and SortOrder.");
  }
  const auto field = criterion.find("Field");
  if (field == criterion.end() || !field->is_string()) {
    return Status::InvalidInput(Where(index) + ".Field is required and must be a string.");
  }
  const std::string& name = field->get_ref<const std::string&>();
  const std::string quoted = "'" + Shortened(name) + "'";
  key->attribute = FindFindingAttribute(name);
  if (!key->attribute) {
    return Status::InvalidInput(Where(index) + ".Field " + quoted +
                                " is not an attribute of AwsSecurityFindingFilters.");
  }
  if (key->attribute->type == FilterType::kMap || key->attribute->type == FilterType::kKeyword) {
    return Status::InvalidInput(Where(index) + ".Field " + quoted +
                                " cannot order findings: it is not a single value of a finding.");
  }
  const auto order = criterion.find("SortOrder");
  const bool given = order != criterion.end() && !order->is_null();
  if (given && *order != "asc" && *order != "desc") {
    return Status::InvalidInput(Where(index) + ".SortOrder must be asc or desc.");
  }
  key->descending = given && *order == "desc";
  return Status::OK();
}

// Both values present: their order by the attribute's type.
int CompareValues(const json& a, const json& b, FilterType type) {
  switch (type) {
    case FilterType::kNumber:
      if (a.is_number() && b.is_number()) {
        const double x = a.get<double>(), y = b.get<double>();
        return x < y ? -1 : x > y;
      }
      break;
    case FilterType::kDate: {
      Millis x = 0, y = 0;
      const bool has_x = a.is_string() && ParseAsffTimestamp(a.get_ref<const std::string&>(), &x);
      const bool has_y = b.is_string() && ParseAsffTimestamp(b.get_ref<const std::string&>(), &y);
      if (has_x && has_y) return x < y ? -1 : x > y;
      break;
    }
    default:
      if (a.is_string() && b.is_string()) {
        return a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
      }
  }
  return 0;
}

// Whether `value` is something the type can order (an unreadable date sorts as missing).
bool Orderable(const json* value, FilterType type) {
  if (!value) return false;
  switch (type) {
    case FilterType::kNumber: return value->is_number();
    case FilterType::kBoolean: return value->is_boolean();
    case FilterType::kDate: {
      Millis t;
      return value->is_string() && ParseAsffTimestamp(value->get_ref<const std::string&>(), &t);
    }
    default: return value->is_string();
  }
}

int CompareOn(const json& a, const json& b, const SortKey& key) {
  const FindingAttribute& attribute = *key.attribute;
  const json* x = FirstAttributeValue(a, attribute);
  const json* y = FirstAttributeValue(b, attribute);
  if (attribute.type == FilterType::kBoolean) {  // Sample: absent is false, as when filtering
    const int p = Orderable(x, attribute.type) && x->get<bool>();
    const int q = Orderable(y, attribute.type) && y->get<bool>();
    return key.descending ? q - p : p - q;
  }
  const bool has_x = Orderable(x, attribute.type), has_y = Orderable(y, attribute.type);
  if (!has_x || !has_y) return has_x == has_y ? 0 : has_x ? -1 : 1;  // missing last, either way
  const int order = CompareValues(*x, *y, attribute.type);
  return key.descending ? -order : order;
}

}  // namespace

Status ParseSortCriteria(const json& criteria, std::vector<SortKey>* keys) {
  std::vector<SortKey> parsed;
  if (!criteria.is_null() && !criteria.is_array()) {
    return Status::InvalidInput("SortCriteria must be a list of {Field, SortOrder} objects.");
  }
  for (size_t i = 0; !criteria.is_null() && i < criteria.size(); ++i) {
    SortKey key{};
    if (Status s = ParseCriterion(criteria[i], i, &key); !s.ok()) return s;
    bool repeated = false;
    for (const SortKey& k : parsed) repeated = repeated || k.attribute == key.attribute;
    if (!repeated) parsed.push_back(key);
  }
  if (parsed.empty()) parsed.push_back({FindFindingAttribute("UpdatedAt"), true});
  *keys = std::move(parsed);
  return Status::OK();
}

int CompareFindings(const json& a, const json& b, const std::vector<SortKey>& keys) {
  for (const SortKey& key : keys) {
    if (const int order = CompareOn(a, b, key)) return order;
  }
  return 0;
}

}  // namespace shmock
