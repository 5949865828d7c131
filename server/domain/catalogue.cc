// The catalogue's loader. The data is JSON (server/domain/catalogue/*.json, built into the
// binary); this is the one place in the domain that reads JSON, and it reads data of its own
// repository, not requests.
#include "shmock/catalogue.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace shmock {

extern const char kStandardsCatalogue[];
extern const char kControlsCatalogue[];

namespace {

using Json = nlohmann::json;

const Json& Member(const Json& object, const char* name) {
  static const Json kNull;
  auto it = object.find(name);
  return it == object.end() ? kNull : *it;
}

std::string Text(const Json& object, const char* name) {
  const Json& v = Member(object, name);
  return v.is_string() ? v.get<std::string>() : std::string();
}

std::vector<std::string> Strings(const Json& v) {
  std::vector<std::string> out;
  if (!v.is_array()) return out;
  for (const Json& item : v) {
    // Enum values are strings on the wire even when they look like numbers ("365").
    out.push_back(item.is_string() ? item.get<std::string>() : item.dump());
  }
  return out;
}

// A DefaultValue in the type of its parameter.
std::optional<ParameterValue> DefaultValue(ParameterType type, const Json& j) {
  if (j.is_null()) return std::nullopt;
  ParameterValue v;
  v.type = type;
  switch (type) {
    case ParameterType::kInteger: v.integers.push_back(j.get<int64_t>()); break;
    case ParameterType::kIntegerList: v.integers = j.get<std::vector<int64_t>>(); break;
    case ParameterType::kDouble: v.number = j.get<double>(); break;
    case ParameterType::kBoolean: v.boolean = j.get<bool>(); break;
    case ParameterType::kString:
    case ParameterType::kEnum: v.strings.push_back(j.is_string() ? j.get<std::string>() : j.dump()); break;
    case ParameterType::kStringList:
    case ParameterType::kEnumList: v.strings = Strings(j); break;
  }
  return v;
}

std::string ParseParameter(const std::string& name, const Json& j, ParameterDefinition* p) {
  p->name = name;
  p->description = Text(j, "description");
  auto type = ParseParameterType(Text(j, "type"));
  if (!type) return "parameter " + name + ": unknown type '" + Text(j, "type") + "'";
  p->type = *type;
  if (Member(j, "min").is_number()) p->min = Member(j, "min").get<double>();
  if (Member(j, "max").is_number()) p->max = Member(j, "max").get<double>();
  if (Member(j, "maxItems").is_number()) p->max_items = Member(j, "maxItems").get<int>();
  p->allowed_values = Strings(Member(j, "allowedValues"));
  p->default_value = DefaultValue(*type, Member(j, "default"));
  return "";
}

}  // namespace

std::string StandardDefinition::Arn(const std::string& region) const {
  return "arn:aws:securityhub:" + (regional ? region : std::string()) + "::" + id;
}

std::string StandardDefinition::Path() const { return id.substr(id.find('/') + 1); }

std::string ControlDefinition::RemediationUrl() const {
  return "https://docs.aws.amazon.com/console/securityhub/" + id + "/remediation";
}

const ParameterDefinition* ControlDefinition::FindParameter(const std::string& name) const {
  for (const ParameterDefinition& p : parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const StandardMembership* ControlDefinition::In(const StandardDefinition& standard) const {
  for (const StandardMembership& m : standards) {
    if (m.standard == &standard) return &m;
  }
  return nullptr;
}

const Catalogue& Catalogue::Get() {
  static const Catalogue* catalogue = [] {
    auto* c = new Catalogue();
    const std::string error = c->Parse(kStandardsCatalogue, kControlsCatalogue);
    if (!error.empty()) {
      std::fprintf(stderr, "securityhub-mock: the built-in catalogue is broken: %s\n",
                   error.c_str());
      std::abort();
    }
    return c;
  }();
  return *catalogue;
}

std::string Catalogue::Parse(const std::string& standards_json, const std::string& controls_json) {
  const Json standards = Json::parse(standards_json, nullptr, /*allow_exceptions=*/false);
  const Json controls = Json::parse(controls_json, nullptr, /*allow_exceptions=*/false);
  if (!Member(standards, "standards").is_array()) return "standards.json: no \"standards\" list";
  if (!Member(controls, "controls").is_array()) return "controls.json: no \"controls\" list";
  try {
    for (const Json& s : Member(standards, "standards")) {
      StandardDefinition d;
      d.key = Text(s, "key");
      d.id = Text(s, "resource");
      d.regional = Member(s, "regional").get<bool>();
      d.name = Text(s, "name");
      d.description = Text(s, "description");
      d.enabled_by_default = Member(s, "enabledByDefault").get<bool>();
      d.managed_by_company = Text(Member(s, "managedBy"), "company");
      d.managed_by_product = Text(Member(s, "managedBy"), "product");
      d.service_managed = Member(s, "serviceManaged").get<bool>();
      if (d.key.empty() || d.id.find('/') == std::string::npos) return "a standard without key or resource";
      standards_.push_back(d);
    }
    for (const Json& c : Member(controls, "controls")) {
      ControlDefinition d;
      d.id = Text(c, "id");
      d.title = Text(c, "title");
      d.description = Text(c, "description");
      d.severity = Text(c, "severity");
      for (const auto& [name, p] : Member(c, "parameters").items()) {
        ParameterDefinition definition;
        std::string error = ParseParameter(name, p, &definition);
        if (!error.empty()) return d.id + ": " + error;
        d.parameters.push_back(definition);
      }
      for (const Json& m : Member(c, "standards")) {
        StandardMembership membership;
        for (const StandardDefinition& s : standards_) {
          if (s.key == Text(m, "standard")) membership.standard = &s;
        }
        if (!membership.standard) return d.id + ": unknown standard " + Text(m, "standard");
        membership.control_id = Member(m, "id").is_string() ? Text(m, "id") : d.id;
        membership.related_requirements = Strings(Member(m, "requirements"));
        d.standards.push_back(membership);
      }
      if (!control_index_.emplace(d.id, controls_.size()).second) return "duplicate " + d.id;
      controls_.push_back(d);
    }
  } catch (const Json::exception& e) {
    return e.what();
  }
  return "";
}

const StandardDefinition* Catalogue::FindStandard(const std::string& id) const {
  for (const StandardDefinition& s : standards_) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const StandardDefinition* Catalogue::FindStandardByArn(const std::string& arn,
                                                       const std::string& region) const {
  for (const StandardDefinition& s : standards_) {
    if (s.Arn(region) == arn) return &s;
  }
  return nullptr;
}

const ControlDefinition* Catalogue::FindControl(const std::string& id) const {
  size_t i = ControlIndex(id);
  return i < controls_.size() ? &controls_[i] : nullptr;
}

size_t Catalogue::ControlIndex(const std::string& id) const {
  auto it = control_index_.find(id);
  return it == control_index_.end() ? controls_.size() : it->second;
}

std::vector<const ControlDefinition*> Catalogue::ControlsWithId(
    const StandardDefinition& standard, const std::string& control_id) const {
  std::vector<const ControlDefinition*> out;
  for (const ControlDefinition& c : controls_) {
    const StandardMembership* m = c.In(standard);
    if (m && m->control_id == control_id) out.push_back(&c);
  }
  return out;
}

}  // namespace shmock
