#include "protocol/service_model.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "base/utf8.h"

namespace shmock {
namespace {

using nlohmann::json;

// `path` split at '/', empty segments dropped. The views point into `path`: routing runs on
// every request, so it allocates no string per segment.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

// How well `path` fits the URI template: -1 for no match, else the number of literal segments
// matched, so /insights/results/{Arn+} beats /insights/{Arn+} for /insights/results/x.
int MatchScore(const std::vector<std::string>& t, const std::vector<std::string_view>& p) {
  int score = 0;
  size_t i = 0;
  for (; i < t.size(); ++i) {
    const std::string& seg = t[i];
    if (seg.size() > 2 && seg.front() == '{' && seg[seg.size() - 2] == '+') {
      return i < p.size() ? score : -1;  // greedy label: the rest of the path
    }
    if (i >= p.size()) return -1;
    if (seg.front() == '{') continue;
    if (seg != p[i]) return -1;
    ++score;
  }
  return i == p.size() ? score : -1;
}

// A string of nothing but \s characters (std::regex's, in the "C" locale), or empty.
bool IsBlank(const json& v) {
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

// A message names a value; it need not repeat a huge one.
std::string Shortened(const std::string& text) {
  constexpr size_t kMaxQuoted = 128;
  return text.size() > kMaxQuoted ? text.substr(0, kMaxQuoted) + "..." : text;
}

// A value as AWS's validation messages quote it.
std::string Quote(const json& v) {
  if (v.is_null()) return "null";
  return "'" + Shortened(v.is_string() ? v.get<std::string>()
                                       : v.dump(-1, ' ', false, json::error_handler_t::replace)) + "'";
}

std::string Violation(const json& v, const std::string& path, const std::string& constraint) {
  return "Value " + Quote(v) + " at '" + path + "' failed to satisfy constraint: Member must " +
         constraint;
}

// No Security Hub input nests deeper than a few levels. A body that does is refused before it
// is parsed, so nothing downstream (the JSON library's recursive writer among them) ever walks
// a pathological depth.
constexpr int kMaxJsonDepth = 32;
constexpr char kJsonWhitespace[] = " \t\r\n";

// What one pass over a body's brackets tells before it is parsed.
struct Brackets {
  bool too_deep = false;
  size_t value_end = std::string::npos;  // just past the bracket closing the outermost value
};

Brackets ScanBrackets(const std::string& body) {
  Brackets out;
  int depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        out.too_deep = true;
        return out;
      }
    } else if ((c == ']' || c == '}') && --depth == 0) {
      out.value_end = i + 1;
      return out;
    }
  }
  return out;
}

// An optional '-' and 1 to 18 digits: what a query string may carry for an integer member,
// short enough that std::stoll cannot overflow.
bool IsQueryInteger(const std::string& raw) {
  const size_t digits = raw.size() - (raw.empty() || raw[0] != '-' ? 0 : 1);
  return digits >= 1 && digits <= 18 &&
         std::all_of(raw.end() - digits, raw.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The values of the {labels} of `uri_segments` in `path` (a route of the operation): a
// {Name+} label takes the rest of the path, '/' included, as the SDKs send an ARN there.
std::map<std::string, std::string> Labels(const std::vector<std::string>& uri_segments,
                                          std::string_view path) {
  std::map<std::string, std::string> labels;
  const auto p = Segments(path);
  for (size_t i = 0; i < uri_segments.size() && i < p.size(); ++i) {
    const std::string& seg = uri_segments[i];
    if (seg.size() < 3 || seg.front() != '{') continue;
    const bool greedy = seg[seg.size() - 2] == '+';
    const std::string name = seg.substr(1, seg.size() - (greedy ? 3 : 2));
    labels[name] = greedy ? std::string(path.substr(p[i].data() - path.data())) : std::string(p[i]);
  }
  return labels;
}

}  // namespace

ServiceModel::ServiceModel(std::set<std::string> unbounded_lists, const char* model_json,
                           std::set<std::string> blank_means_absent,
                           std::set<std::string> domain_checked)
    : unbounded_lists_(std::move(unbounded_lists)),
      blank_means_absent_(std::move(blank_means_absent)),
      domain_checked_(std::move(domain_checked)) {
  json model = json::parse(model_json);
  for (const auto& op : model["operations"]) {
    const std::string uri = op["uri"];
    const auto segments = Segments(uri);
    operations_.push_back({op["name"], op["method"], uri, op.value("input", ""),
                           std::vector<std::string>(segments.begin(), segments.end())});
  }
  shapes_ = std::move(model["shapes"]);
  for (const auto& [name, shape] : shapes_.items()) {
    if (!shape.contains("pattern")) continue;
    Status s = Pattern::Compile(shape["pattern"].get<std::string>(), &patterns_[name]);
    // A model this build cannot check fully must not serve: fail at start-up, loudly.
    if (!s.ok()) throw std::logic_error(s.message());
  }
}

const Operation* ServiceModel::Route(const std::string& method, const std::string& path) const {
  const auto segments = Segments(path);
  const Operation* best = nullptr;
  int best_score = -1;
  for (const Operation& op : operations_) {
    if (op.method != method) continue;
    int score = MatchScore(op.uri_segments, segments);
    if (score > best_score) best = &op, best_score = score;
  }
  return best;
}

const Operation* ServiceModel::RouteAnyMethod(const std::string& path) const {
  const auto segments = Segments(path);
  for (const Operation& op : operations_) {
    if (MatchScore(op.uri_segments, segments) >= 0) return &op;
  }
  return nullptr;
}

Status ServiceModel::QueryValue(const std::string& shape_name, const std::string& member,
                                const std::string& raw, json* value) const {
  const std::string type = shapes_.at(shape_name).value("type", "string");
  if (type == "integer" || type == "long") {
    if (!IsQueryInteger(raw)) {
      return Status::InvalidInput("1 validation error detected: " +
                                  Violation(raw, member, "be an integer"));
    }
    *value = std::stoll(raw);
  } else if (type == "boolean") {
    if (raw != "true" && raw != "false") {
      return Status::InvalidInput("1 validation error detected: " +
                                  Violation(raw, member, "be true or false"));
    }
    *value = raw == "true";
  } else {
    *value = raw;
  }
  return Status::OK();
}

Status ServiceModel::ParseInput(const Operation& op, const std::string& path,
                                const std::multimap<std::string, std::string>& query,
                                const std::string& body, json* input) const {
  *input = json::object();
  if (body.find_first_not_of(kJsonWhitespace) != std::string::npos) {
    const Brackets brackets = ScanBrackets(body);
    if (brackets.too_deep) {
      return Status::InvalidInput("The request body nests JSON deeper than " +
                                  std::to_string(kMaxJsonDepth) + " levels.");
    }
    // Checked here because the JSON reader takes a NUL byte for the end of its input: it would
    // read `{...}\0anything` as `{...}` and let the call act on a body it never fully read.
    const size_t trailing = brackets.value_end == std::string::npos
                                ? std::string::npos
                                : body.find_first_not_of(kJsonWhitespace, brackets.value_end);
    if (trailing != std::string::npos) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(body[trailing]));
      return Status::InvalidInput("The request body has data after its JSON value, starting at byte " +
                                  std::to_string(trailing) + " (" + byte +
                                  "); nothing but whitespace may follow the value.");
    }
    json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) {
      return Status::InvalidInput("The request body is not valid JSON.");
    }
    if (!parsed.is_object()) {
      return Status::InvalidInput("The request body must be a JSON object, not " +
                                  std::string(parsed.type_name()) + ".");
    }
    *input = std::move(parsed);
  }
  const json& shape = shapes_.at(op.input_shape);
  const json members = shape.value("members", json::object());
  const std::map<std::string, std::string> labels = Labels(op.uri_segments, path);
  for (const auto& [name, ref] : members.items()) {
    if (!ref.contains("location")) continue;
    input->erase(name);  // a member bound to the path or query string is never read from the body
    const std::string location = ref["location"];
    const std::string where = ref.value("locationName", name);
    const std::string* raw = nullptr;
    if (location == "uri" && labels.count(where)) raw = &labels.at(where);
    auto it = query.find(where);
    if (location == "querystring" && it != query.end()) raw = &it->second;
    if (raw == nullptr) continue;
    json value;
    Status s = QueryValue(ref["shape"], name, *raw, &value);
    if (!s.ok()) return s;
    (*input)[name] = std::move(value);
  }
  std::vector<std::string> errors;
  Validate(op.input_shape, *input, "", &errors);
  if (errors.empty()) return Status::OK();
  std::string message = std::to_string(errors.size()) + " validation error" +
                        (errors.size() > 1 ? "s" : "") + " detected: ";
  for (size_t i = 0; i < errors.size(); ++i) message += (i ? "; " : "") + errors[i];
  return Status::InvalidInput(message);
}

void ServiceModel::Validate(const std::string& shape_name, const json& value,
                            const std::string& path, std::vector<std::string>* errors) const {
  if (domain_checked_.count(shape_name)) return;
  const Value v{shape_name, shapes_.at(shape_name), value, path};
  const std::string type = v.shape.value("type", "string");
  if (type == "structure") {
    ValidateStructure(v, errors);
  } else if (type == "list") {
    ValidateList(v, errors);
  } else if (type == "map") {
    ValidateMap(v, errors);
  } else if (type == "string") {
    ValidateString(v, errors);
  } else if (type == "integer" || type == "long") {
    ValidateInteger(v, errors);
  } else if (type == "boolean") {
    if (!value.is_boolean()) errors->push_back(Violation(value, path, "be a boolean"));
  }
}

bool ServiceModel::Bounded(const Value& v, size_t length, const char* what,
                           std::vector<std::string>* errors) const {
  if (v.shape.contains("min") && length < v.shape["min"].get<size_t>()) {
    errors->push_back(Violation(v.value, v.path, std::string("have ") + what +
                                " greater than or equal to " + v.shape["min"].dump()));
  }
  if (v.shape.contains("max") && length > v.shape["max"].get<size_t>() &&
      !unbounded_lists_.count(v.shape_name)) {
    errors->push_back(Violation(v.value, v.path, std::string("have ") + what +
                                " less than or equal to " + v.shape["max"].dump()));
    return false;
  }
  return true;
}

void ServiceModel::ValidateStructure(const Value& v, std::vector<std::string>* errors) const {
  static const json kNone = json::object();
  const json& value = v.value;
  const std::string& path = v.path;
  if (!value.is_object()) return errors->push_back(Violation(value, path, "be a structure (JSON object)"));
  for (const auto& required : v.shape.value("required", json::array())) {
    if (!value.contains(required.get<std::string>()) || value[required.get<std::string>()].is_null()) {
      errors->push_back(Violation(nullptr, path.empty() ? required.get<std::string>()
                                                        : path + "." + required.get<std::string>(),
                                  "not be null"));
    }
  }
  const json& members = v.shape.contains("members") ? v.shape["members"] : kNone;
  for (const auto& [name, ref] : members.items()) {
    if (!value.contains(name) || value[name].is_null()) continue;
    if (blank_means_absent_.count(name) && IsBlank(value[name])) continue;
    Validate(ref["shape"], value[name], path.empty() ? name : path + "." + name, errors);
  }
  // Members the model does not know are ignored, as AWS does.
}

void ServiceModel::ValidateList(const Value& v, std::vector<std::string>* errors) const {
  if (!v.value.is_array()) return errors->push_back(Violation(v.value, v.path, "be a list (JSON array)"));
  Bounded(v, v.value.size(), "length", errors);
  for (size_t i = 0; i < v.value.size(); ++i) {
    Validate(v.shape["member"]["shape"], v.value[i], v.path + "[" + std::to_string(i) + "]", errors);
  }
}

void ServiceModel::ValidateMap(const Value& v, std::vector<std::string>* errors) const {
  if (!v.value.is_object()) return errors->push_back(Violation(v.value, v.path, "be a map (JSON object)"));
  Bounded(v, v.value.size(), "length", errors);
  for (const auto& [k, value] : v.value.items()) {
    Validate(v.shape["key"]["shape"], k, v.path + " key '" + Shortened(k) + "'", errors);
    Validate(v.shape["value"]["shape"], value, v.path + "['" + Shortened(k) + "']", errors);
  }
}

void ServiceModel::ValidateString(const Value& v, std::vector<std::string>* errors) const {
  if (!v.value.is_string()) return errors->push_back(Violation(v.value, v.path, "be a string"));
  const std::string& s = v.value.get_ref<const std::string&>();
  // A value over its max is not matched against the pattern: the bound comes first.
  const bool within_max = Bounded(v, Utf8Length(s), "length", errors);
  auto pattern = patterns_.find(v.shape_name);
  if (within_max && pattern != patterns_.end() && !pattern->second.Matches(s)) {
    errors->push_back(Violation(v.value, v.path, "satisfy regular expression pattern: " +
                                pattern->second.source()));
  }
  if (v.shape.contains("enum")) {
    bool found = false;
    std::string set;
    for (const auto& e : v.shape["enum"]) {
      found = found || e == v.value;
      set += (set.empty() ? "" : ", ") + e.get<std::string>();
    }
    if (!found) errors->push_back(Violation(v.value, v.path, "satisfy enum value set: [" + set + "]"));
  }
}

void ServiceModel::ValidateInteger(const Value& v, std::vector<std::string>* errors) const {
  if (!v.value.is_number_integer()) return errors->push_back(Violation(v.value, v.path, "be an integer"));
  long long n = v.value.get<long long>();
  if (v.shape.contains("min") && n < v.shape["min"].get<long long>()) {
    errors->push_back(Violation(v.value, v.path, "have value greater than or equal to " + v.shape["min"].dump()));
  }
  if (v.shape.contains("max") && n > v.shape["max"].get<long long>()) {
    errors->push_back(Violation(v.value, v.path, "have value less than or equal to " + v.shape["max"].dump()));
  }
}

}  // namespace shmock
