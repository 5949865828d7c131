// The shape of one imported finding, checked as BatchImportFindings reports it: each violation
// in the wording of the JSON-schema validator behind AWS's real FailedFindings messages
// ("data.Resources[0].Type should NOT be shorter than 1 characters"; Appendix A.9). The
// constraints are the service model's (AwsSecurityFinding and its members); the checks cover
// every member the findings module reads, the required ones, and the common nested objects
// (decision 27 names what is not checked).
#include <algorithm>

#include "shmock/asff_timestamp.h"
#include "shmock/findings.h"

namespace shmock {
namespace {

using nlohmann::json;

// Namespace/Category/Classifier: one to three non-empty parts, the model's
// ^([^/]+)(/[^/]+){0,2}$ without a regex engine.
bool IsFindingType(const std::string& s) {
  size_t parts = 1;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '/') continue;
    if (i == 0 || s[i - 1] == '/' || i + 1 == s.size()) return false;
    ++parts;
  }
  return !s.empty() && parts <= 3;
}

class Checker {
 public:
  explicit Checker(std::vector<std::string>* out) : out_(out) {}

  void Fail(const std::string& path, const std::string& what) { out_->push_back(path + " " + what); }

  // A string member: type, a non-blank character, length in [min, max] (characters, as UTF-8
  // code points).
  bool String(const json& parent, const std::string& path, const char* name, size_t min,
              size_t max, bool required = false) {
    auto it = parent.find(name);
    if (it == parent.end() || it->is_null()) {
      if (required) Fail(path, std::string("should have required property '") + name + "'");
      return false;
    }
    const std::string at = path + "." + name;
    return StringValue(*it, at, min, max);
  }
  bool StringValue(const json& v, const std::string& at, size_t min, size_t max) {
    if (!v.is_string()) return Fail(at, "should be string"), false;
    const std::string& s = v.get_ref<const std::string&>();
    const size_t chars = static_cast<size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
    if (chars < min) return Fail(at, "should NOT be shorter than " + std::to_string(min) + " characters"), false;
    if (chars > max) return Fail(at, "should NOT be longer than " + std::to_string(max) + " characters"), false;
    if (min > 0 && s.find_first_not_of(" \t\r\n\f\v") == std::string::npos) {
      return Fail(at, "should match pattern \".*\\S.*\""), false;
    }
    return true;
  }
  void Enum(const json& parent, const std::string& path, const char* name,
            std::initializer_list<const char*> allowed, bool required = false) {
    auto it = parent.find(name);
    if (it == parent.end() || it->is_null()) {
      if (required) Fail(path, std::string("should have required property '") + name + "'");
      return;
    }
    const std::string at = path + "." + name;
    if (!it->is_string()) return Fail(at, "should be string");
    for (const char* a : allowed) {
      if (*it == a) return;
    }
    Fail(at, "should be equal to one of the allowed values");
  }
  void Integer(const json& parent, const std::string& path, const char* name, int64_t min,
               int64_t max) {
    auto it = parent.find(name);
    if (it == parent.end() || it->is_null()) return;
    const std::string at = path + "." + name;
    if (!it->is_number_integer()) return Fail(at, "should be integer");
    const int64_t v = it->get<int64_t>();
    if (v < min) return Fail(at, "should be >= " + std::to_string(min));
    if (v > max) return Fail(at, "should be <= " + std::to_string(max));
  }
  void Timestamp(const json& parent, const std::string& path, const char* name,
                 bool required = false) {
    auto it = parent.find(name);
    if (it == parent.end() || it->is_null()) {
      if (required) Fail(path, std::string("should have required property '") + name + "'");
      return;
    }
    Millis t;
    if (!it->is_string() || !ParseAsffTimestamp(it->get_ref<const std::string&>(), &t)) {
      Fail(path + "." + name, "should match format \"date-time\"");
    }
  }
  // An object member; its checks run only when it is one.
  const json* Object(const json& parent, const std::string& path, const char* name,
                     bool required = false) {
    auto it = parent.find(name);
    if (it == parent.end() || it->is_null()) {
      if (required) Fail(path, std::string("should have required property '") + name + "'");
      return nullptr;
    }
    if (!it->is_object()) return Fail(path + "." + name, "should be object"), nullptr;
    return &*it;
  }
  const json* Array(const json& parent, const std::string& path, const char* name, size_t min,
                    size_t max, bool required = false) {
    auto it = parent.find(name);
    if (it == parent.end() || it->is_null()) {
      if (required) Fail(path, std::string("should have required property '") + name + "'");
      return nullptr;
    }
    const std::string at = path + "." + name;
    if (!it->is_array()) return Fail(at, "should be array"), nullptr;
    if (it->size() < min) return Fail(at, "should NOT have fewer than " + std::to_string(min) + " items"), nullptr;
    if (it->size() > max) return Fail(at, "should NOT have more than " + std::to_string(max) + " items"), nullptr;
    return &*it;
  }
  void StringMap(const json& parent, const std::string& path, const char* name, size_t max_value) {
    const json* m = Object(parent, path, name);
    if (!m) return;
    const std::string at = path + "." + name;
    if (m->size() > 50) return Fail(at, "should NOT have more than 50 properties");
    for (auto it = m->begin(); it != m->end(); ++it) {
      if (it.key().size() > 128) {
        Fail(at, "should NOT have properties longer than 128 characters");
        continue;
      }
      StringValue(it.value(), at + "['" + it.key() + "']", 0, max_value);
    }
  }
  void Types(const json& parent, const std::string& path) {
    const json* types = Array(parent, path, "Types", 0, 50);
    if (!types) return;
    for (size_t i = 0; i < types->size(); ++i) {
      const std::string at = path + ".Types[" + std::to_string(i) + "]";
      if (!StringValue((*types)[i], at, 1, 512)) continue;
      if (!IsFindingType((*types)[i].get_ref<const std::string&>())) {
        Fail(at, "should match pattern \"^([^/]+)(/[^/]+){0,2}$\"");
      }
    }
  }
  void RelatedFindings(const json& parent, const std::string& path) {
    const json* list = Array(parent, path, "RelatedFindings", 0, 10);
    if (!list) return;
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string at = path + ".RelatedFindings[" + std::to_string(i) + "]";
      if (!(*list)[i].is_object()) {
        Fail(at, "should be object");
        continue;
      }
      String((*list)[i], at, "ProductArn", 12, 2048, true);
      String((*list)[i], at, "Id", 1, 512, true);
    }
  }
  void Severity(const json& parent, const std::string& path, bool provider) {
    const json* s = Object(parent, path, "Severity");
    if (!s) return;
    const std::string at = path + ".Severity";
    Enum(*s, at, "Label", {"INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"});
    String(*s, at, "Original", 1, 64);
    if (!provider) Integer(*s, at, "Normalized", 0, 100);
  }

 private:
  std::vector<std::string>* out_;
};

}  // namespace

namespace {

// The top-level members and their small objects.
void CheckTopLevel(const json& f, Checker& c) {
  const std::string d = "data";
  c.Enum(f, d, "SchemaVersion", {"2018-10-08"}, true);
  c.String(f, d, "Id", 1, 512, true);
  c.String(f, d, "ProductArn", 12, 2048, true);
  c.String(f, d, "GeneratorId", 1, 512, true);
  c.String(f, d, "AwsAccountId", 12, 12, true);
  c.Timestamp(f, d, "CreatedAt", true);
  c.Timestamp(f, d, "UpdatedAt", true);
  c.Timestamp(f, d, "FirstObservedAt");
  c.Timestamp(f, d, "LastObservedAt");
  c.String(f, d, "Title", 1, 256, true);
  c.String(f, d, "Description", 1, 1024, true);
  c.String(f, d, "ProductName", 1, 128);
  c.String(f, d, "CompanyName", 1, 128);
  c.String(f, d, "AwsAccountName", 1, 50);
  c.String(f, d, "SourceUrl", 1, 2048);
  c.Types(f, d);
  c.Integer(f, d, "Confidence", 0, 100);
  c.Integer(f, d, "Criticality", 0, 100);
  c.Enum(f, d, "VerificationState", {"UNKNOWN", "TRUE_POSITIVE", "FALSE_POSITIVE", "BENIGN_POSITIVE"});
  c.Enum(f, d, "RecordState", {"ACTIVE", "ARCHIVED"});
  c.Enum(f, d, "WorkflowState", {"NEW", "ASSIGNED", "IN_PROGRESS", "DEFERRED", "RESOLVED"});
  if (const json* w = c.Object(f, d, "Workflow")) {
    c.Enum(*w, d + ".Workflow", "Status", {"NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"});
  }
  c.StringMap(f, d, "ProductFields", 2048);
  c.StringMap(f, d, "UserDefinedFields", 1024);
  c.RelatedFindings(f, d);
  c.Severity(f, d, false);
  if (const json* n = c.Object(f, d, "Note")) {
    c.String(*n, d + ".Note", "Text", 1, 512, true);
    c.String(*n, d + ".Note", "UpdatedBy", 1, 512, true);
    c.Timestamp(*n, d + ".Note", "UpdatedAt", true);
  }
  if (const json* comp = c.Object(f, d, "Compliance")) {
    c.Enum(*comp, d + ".Compliance", "Status", {"PASSED", "WARNING", "FAILED", "NOT_AVAILABLE"});
    c.Array(*comp, d + ".Compliance", "RelatedRequirements", 0, 32);
    c.Array(*comp, d + ".Compliance", "AssociatedStandards", 0, 20);
  }
  if (const json* rem = c.Object(f, d, "Remediation")) {
    if (const json* rec = c.Object(*rem, d + ".Remediation", "Recommendation")) {
      c.String(*rec, d + ".Remediation.Recommendation", "Text", 1, 512);
      c.String(*rec, d + ".Remediation.Recommendation", "Url", 1, 2048);
    }
  }
}

}  // namespace

std::vector<std::string> AsffViolations(const json& f) {
  std::vector<std::string> out;
  if (!f.is_object()) return {"data should be object"};
  Checker c(&out);
  const std::string d = "data";
  CheckTopLevel(f, c);
  if (const json* resources = c.Array(f, d, "Resources", 1, 32, true)) {
    for (size_t i = 0; i < resources->size(); ++i) {
      const std::string at = d + ".Resources[" + std::to_string(i) + "]";
      const json& r = (*resources)[i];
      if (!r.is_object()) {
        c.Fail(at, "should be object");
        continue;
      }
      c.String(r, at, "Type", 1, 256, true);
      c.String(r, at, "Id", 1, 512, true);
      c.Enum(r, at, "Partition", {"aws", "aws-cn", "aws-us-gov"});
      c.String(r, at, "Region", 1, 16);
      c.StringMap(r, at, "Tags", 256);
    }
  }
  const json* fpf = c.Object(f, d, "FindingProviderFields");
  if (fpf) {
    const std::string at = d + ".FindingProviderFields";
    c.Integer(*fpf, at, "Confidence", 0, 100);
    c.Integer(*fpf, at, "Criticality", 0, 100);
    c.Types(*fpf, at);
    c.RelatedFindings(*fpf, at);
    c.Severity(*fpf, at, true);
  }
  // A severity the service can rank: Label or Normalized, at the top or from the provider.
  auto ranked = [](const json* parent) {
    if (!parent) return false;
    auto s = parent->find("Severity");
    return s != parent->end() && s->is_object() &&
           (s->contains("Label") || s->contains("Normalized"));
  };
  if (!ranked(&f) && !ranked(fpf)) {
    out.push_back(
        "data should have required property 'FindingProviderFields', data should match some "
        "schema in anyOf");
  }
  return out;
}

}  // namespace shmock

namespace shmock {

std::vector<std::string> BatchUpdateViolations(const nlohmann::json& in) {
  std::vector<std::string> out;
  Checker c(&out);
  const std::string d = "data";
  if (const nlohmann::json* n = c.Object(in, d, "Note")) {
    c.String(*n, d + ".Note", "Text", 1, 512, true);
    c.String(*n, d + ".Note", "UpdatedBy", 1, 512, true);
  }
  if (const nlohmann::json* s = c.Object(in, d, "Severity")) {
    c.Enum(*s, d + ".Severity", "Label", {"INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"});
    c.Integer(*s, d + ".Severity", "Normalized", 0, 100);
    c.Integer(*s, d + ".Severity", "Product", 0, 100);
  }
  c.Enum(in, d, "VerificationState",
         {"UNKNOWN", "TRUE_POSITIVE", "FALSE_POSITIVE", "BENIGN_POSITIVE"});
  c.Integer(in, d, "Confidence", 0, 100);
  c.Integer(in, d, "Criticality", 0, 100);
  c.Types(in, d);
  c.StringMap(in, d, "UserDefinedFields", 1024);
  if (const nlohmann::json* w = c.Object(in, d, "Workflow")) {
    c.Enum(*w, d + ".Workflow", "Status", {"NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"});
  }
  c.RelatedFindings(in, d);
  return out;
}

}  // namespace shmock
