#include "shmock/faults.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "shmock/records.h"

namespace shmock {
namespace {

using nlohmann::json;

const char kExample[] =
    R"({"operation": "ListMembers", "count": 2, "error": {"status": 429, "code": "LimitExceededException", "message": "Rate exceeded"}})";

Status Bad(const std::string& what) { return Status::InvalidInput("Invalid fault rule: " + what); }


// The code is sent back in the x-amzn-ErrorType header, so it must be a plain token.
bool IsErrorCode(const std::string& s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != ':' && c != '-') return false;
  }
  return true;
}

// An integer member in [min, max]; JSON numbers with a fraction or out of range are refused.
Status IntegerMember(const json& doc, const char* key, const std::string& name, int64_t min,
                     int64_t max, int64_t* out) {
  const json& v = doc.at(key);
  const bool in_range = v.is_number_unsigned() ? v.get<uint64_t>() <= static_cast<uint64_t>(max)
                        : v.is_number_integer() && v.get<int64_t>() <= max;
  if (!in_range || v.get<int64_t>() < min) {
    return Bad("'" + name + "' must be an integer from " + std::to_string(min) + " to " +
               std::to_string(max) + ".");
  }
  *out = v.get<int64_t>();
  return Status::OK();
}

Status ParseError(const json& e, FaultError* error) {
  if (!e.is_object()) {
    return Bad("'error' must be an object such as {\"status\": 429, \"code\": \"LimitExceededException\", \"message\": \"Rate exceeded\"}.");
  }
  for (const auto& member : e.items()) {
    const std::string& key = member.key();
    if (key != "status" && key != "code" && key != "message") {
      return Bad("'error." + key + "' is not a member of an error; its members are status, code and message.");
    }
  }
  if (!e.contains("status")) return Bad("'error.status' is required: the HTTP status to answer, 400 to 599.");
  int64_t status = 0;
  Status s = IntegerMember(e, "status", "error.status", 400, 599, &status);
  if (!s.ok()) return s;
  error->status = static_cast<int>(status);
  if (!e.contains("code") || !e["code"].is_string() || !IsErrorCode(e["code"].get<std::string>())) {
    return Bad("'error.code' is required: the error code to answer, such as LimitExceededException "
               "(letters, digits and . _ : -, at most 128).");
  }
  error->code = e["code"].get<std::string>();
  if (e.contains("message")) {
    if (!e["message"].is_string()) return Bad("'error.message' must be a string (it may be empty).");
    error->message = e["message"].get<std::string>();
  }
  return Status::OK();
}

}  // namespace

Faults::Faults(std::set<std::string> operations, uint64_t seed)
    : operations_(std::move(operations)), random_(seed) {}

Status Faults::Parse(const std::string& rule_json, Rule* rule) const {
  json doc = json::parse(rule_json, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    return Bad(std::string("the body must be one JSON object, such as ") + kExample + ".");
  }
  static const std::set<std::string> kMembers = {"operation", "account", "region", "count",
                                                 "probability", "delayMs", "error"};
  for (const auto& member : doc.items()) {
    if (kMembers.count(member.key()) == 0) {
      return Bad("'" + member.key() + "' is not a member of a rule; its members are operation, "
                 "account, region, count, probability, delayMs and error.");
    }
  }
  Status s = ParseScope(doc, rule);
  if (s.ok()) s = ParseSelection(doc, rule);
  if (s.ok()) s = ParseEffects(doc, rule);
  return s;
}

// Which calls the rule matches: operation, account, region.
Status Faults::ParseScope(const json& doc, Rule* rule) const {
  if (!doc.contains("operation") || !doc["operation"].is_string()) {
    return Bad("'operation' is required: an operation name such as ListMembers, or \"*\" for every operation.");
  }
  rule->operation = doc["operation"].get<std::string>();
  if (rule->operation != "*" && operations_.count(rule->operation) == 0) {
    std::string names;
    for (const std::string& name : operations_) names += (names.empty() ? "" : ", ") + name;
    return Bad("'operation' is '" + rule->operation + "', which is not an operation securityhub-mock "
               "implements, so the rule would never apply. Use \"*\" or one of: " + names + ".");
  }
  if (doc.contains("account")) {
    if (!doc["account"].is_string() || !IsAccountId(doc["account"].get<std::string>())) {
      return Bad("'account' must be a 12-digit account ID as a string, such as \"111111111111\".");
    }
    rule->account = doc["account"].get<std::string>();
  }
  if (doc.contains("region")) {
    if (!doc["region"].is_string() || !IsRegionName(doc["region"].get<std::string>())) {
      return Bad("'region' must be a Region name such as \"us-east-1\".");
    }
    rule->region = doc["region"].get<std::string>();
  }
  return Status::OK();
}

// Which of the matching calls it applies to: the next `count`, or each with a `probability`.
Status Faults::ParseSelection(const json& doc, Rule* rule) {
  if (doc.contains("count") == doc.contains("probability")) {
    return Bad("give exactly one of 'count' (how many matching calls the rule applies to) and "
               "'probability' (the chance, above 0 and at most 1, that it applies to each matching call).");
  }
  if (doc.contains("count")) {
    int64_t count = 0;
    Status s = IntegerMember(doc, "count", "count", 1, kMaxCount, &count);
    if (!s.ok()) return s;
    rule->count = rule->remaining = count;
    return Status::OK();
  }
  const json& p = doc["probability"];
  if (!p.is_number() || !(p.get<double>() > 0.0 && p.get<double>() <= 1.0)) {
    return Bad("'probability' must be a number above 0 and at most 1.");
  }
  rule->probability = p.get<double>();
  return Status::OK();
}

// What it does to them, in order: `delayMs`, then `error`.
Status Faults::ParseEffects(const json& doc, Rule* rule) {
  if (doc.contains("delayMs")) {
    int64_t delay = 0;
    Status s = IntegerMember(doc, "delayMs", "delayMs", 0, kMaxDelayMs, &delay);
    if (!s.ok()) return s;
    FaultEffect effect;
    effect.kind = FaultEffect::Kind::kDelay;
    effect.delay_ms = static_cast<int>(delay);
    rule->effects.push_back(effect);
  }
  if (doc.contains("error")) {
    FaultEffect effect;
    effect.kind = FaultEffect::Kind::kError;
    Status s = ParseError(doc["error"], &effect.error);
    if (!s.ok()) return s;
    rule->effects.push_back(effect);
  }
  if (rule->effects.empty()) {
    return Bad("a rule needs 'error' (answer an error instead of running the call), 'delayMs' "
               "(wait before running it), or both.");
  }
  return Status::OK();
}

Status Faults::Arm(const std::string& rule_json, std::string* stored) {
  Rule rule;
  Status s = Parse(rule_json, &rule);
  if (!s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  if (rules_.size() >= kMaxRules) {
    return Bad("at most " + std::to_string(kMaxRules) +
               " rules can be armed at once; DELETE /_mock/faults clears them.");
  }
  rule.id = next_id_++;
  rules_.push_back(rule);
  armed_ = true;
  *stored = Render(rule);
  return Status::OK();
}

std::string Faults::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string body = "{\"rules\":[";
  for (size_t i = 0; i < rules_.size(); ++i) body += (i ? "," : "") + Render(rules_[i]);
  return body + "]}";
}

void Faults::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.clear();
  armed_ = false;
}

FaultDecision Faults::Decide(const std::string& operation, const std::string& account,
                             const std::string& region) {
  FaultDecision decision;
  if (!armed_.load(std::memory_order_acquire)) return decision;
  std::lock_guard<std::mutex> lock(mu_);
  bool decided = false;
  for (Rule& rule : rules_) {
    if (rule.operation != "*" && rule.operation != operation) continue;
    if (rule.account && *rule.account != account) continue;
    if (rule.region && *rule.region != region) continue;
    ++rule.matched;
    if (decided) continue;
    if (rule.count) {
      if (rule.remaining == 0) continue;
      --rule.remaining;
    } else if (std::uniform_real_distribution<double>(0.0, 1.0)(random_) >= *rule.probability) {
      continue;
    }
    ++rule.applied;
    decided = true;
    decision.effects = rule.effects;
  }
  return decision;
}

std::string Faults::Render(const Rule& rule) {
  nlohmann::ordered_json j;
  j["id"] = "fault-" + std::to_string(rule.id);
  j["operation"] = rule.operation;
  if (rule.account) j["account"] = *rule.account;
  if (rule.region) j["region"] = *rule.region;
  if (rule.count) {
    j["count"] = *rule.count;
    j["remaining"] = rule.remaining;
  }
  if (rule.probability) j["probability"] = *rule.probability;
  for (const FaultEffect& effect : rule.effects) {
    switch (effect.kind) {
      case FaultEffect::Kind::kDelay:
        j["delayMs"] = effect.delay_ms;
        break;
      case FaultEffect::Kind::kError:
        j["error"] = {{"status", effect.error.status}, {"code", effect.error.code}, {"message", effect.error.message}};
        break;
    }
  }
  j["matched"] = rule.matched;
  j["applied"] = rule.applied;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace shmock
