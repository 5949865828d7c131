#include "finding_documents.h"

#include <algorithm>
#include <set>

#include "accounts.h"
#include "aggregation.h"
#include "shmock/asff_timestamp.h"

namespace shmock {
namespace findings_internal {
namespace {

// The attributes whose EQUALS conditions an index serves (design.md, "Findings storage"): the
// ones dashboards, insights and playbooks filter on most.
const char* const kIndexedAttributes[] = {
    "SeverityLabel", "WorkflowStatus", "RecordState",   "ResourceType", "ProductArn",
    "ProductName",   "ComplianceStatus", "GeneratorId", "Type",         "VerificationState"};

// Severity.Normalized <-> Severity.Label, the table of the model's Severity shape.
const char* LabelOf(int64_t normalized) {
  if (normalized <= 0) return "INFORMATIONAL";
  if (normalized < 40) return "LOW";
  if (normalized < 70) return "MEDIUM";
  if (normalized < 90) return "HIGH";
  return "CRITICAL";
}
int NormalizedOf(const std::string& label) {
  if (label == "LOW") return 1;
  if (label == "MEDIUM") return 40;
  if (label == "HIGH") return 70;
  if (label == "CRITICAL") return 90;
  return 0;
}
}  // namespace

// Gives a severity both Label and Normalized, deriving only the missing one.
void CompleteSeverity(json* severity) {
  if (!severity->is_object()) return;
  const bool has_label = severity->contains("Label") && (*severity)["Label"].is_string();
  const bool has_normalized =
      severity->contains("Normalized") && (*severity)["Normalized"].is_number_integer();
  if (has_label && !has_normalized) {
    (*severity)["Normalized"] = NormalizedOf((*severity)["Label"]);
  } else if (has_normalized && !has_label) {
    (*severity)["Label"] = LabelOf((*severity)["Normalized"].get<int64_t>());
  }
}

bool Has(const json& object, const char* member) {
  auto it = object.find(member);
  return it != object.end() && !it->is_null();
}
std::string StringAt(const json& object, const char* member) {
  auto it = object.find(member);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}
// `to[member]` = `from[member]`, or no member when `from` has none.
void CopyMember(const json& from, const char* member, json* to) {
  if (Has(from, member)) {
    (*to)[member] = from[member];
  } else {
    to->erase(member);
  }
}

// The accounts whose findings the caller sees: its own, and its Enabled members' (decision 33);
// in its aggregator's home Region also those of every linked Region: its own where it has a hub,
// and of the accounts that are its Enabled members in that Region (decision 63).
std::vector<std::pair<std::string, std::string>> ViewOf(StoreTransaction& tx, const Caller& caller) {
  std::vector<std::pair<std::string, std::string>> view = {{caller.region, caller.account_id}};
  auto add_members = [&](const std::string& region) {
    for (const Relationship& r : MembersOf(tx, region, caller.account_id)) {
      if (r.status == MemberStatus::kEnabled) view.emplace_back(region, r.member_id);
    }
  };
  add_members(caller.region);
  std::optional<Aggregation> aggregation = AggregationOf(tx, caller.account_id);
  if (!aggregation || aggregation->home_region != caller.region) return view;
  for (const std::string& region : aggregation->linked_regions) {
    if (tx.hubs().Exists(region, caller.account_id)) view.emplace_back(region, caller.account_id);
    add_members(region);
  }
  return view;
}

// The record the store keeps of `doc`: its key, order, counts and index values.
FindingRecord RecordOf(const std::string& region, json doc, json service) {
  FindingRecord r;
  r.region = region;
  r.account_id = StringAt(doc, "AwsAccountId");
  r.product_arn = StringAt(doc, "ProductArn");
  r.id = StringAt(doc, "Id");
  ParseAsffTimestamp(StringAt(doc, "UpdatedAt"), &r.updated_at);
  r.record_state = StringAt(doc, "RecordState");
  if (Has(doc, "Severity")) r.severity_label = StringAt(doc["Severity"], "Label");
  std::vector<const json*> values;
  for (const char* name : kIndexedAttributes) {
    const FindingAttribute* attribute = FindFindingAttribute(name);
    values.clear();
    AttributeValues(doc, *attribute, &values);
    std::set<std::string> seen;
    for (const json* v : values) {
      if (v->is_string() && seen.insert(v->get<std::string>()).second) {
        r.index_values.emplace_back(name, v->get<std::string>());
      }
    }
  }
  r.document = std::move(doc);
  r.service = std::move(service);
  return r;
}

bool Touched(const json& service, const char* member) {
  auto it = service.find("TouchedByBatchUpdate");
  if (it == service.end() || !it->is_array()) return false;
  return std::find(it->begin(), it->end(), member) != it->end();
}

// FindingProviderFields and the five top-level members they feed (decision 31): on create the
// provider's value wins; on update a provider value replaces the top-level one unless
// BatchUpdateFindings changed that member since.
void ApplyProviderFields(json* doc, const json* old_doc, const json& service) {
  const json given = Has(*doc, "FindingProviderFields") ? (*doc)["FindingProviderFields"]
                                                        : json::object();
  const json old_fpf = old_doc && Has(*old_doc, "FindingProviderFields")
                           ? (*old_doc)["FindingProviderFields"]
                           : json::object();
  json fpf = json::object();
  for (const char* x : kProviderMembers) {
    const bool in_fpf = Has(given, x);
    const bool at_top = Has(*doc, x);
    auto provider_copy = [&](const json& top) {  // FPF's value taken from a top-level one
      if (std::string(x) != "Severity") return top;
      json s = json::object();
      if (Has(top, "Label")) s["Label"] = top["Label"];
      if (Has(top, "Normalized") && !Has(top, "Label")) s["Label"] = LabelOf(top["Normalized"]);
      if (Has(top, "Original")) s["Original"] = top["Original"];
      return s;
    };
    if (!old_doc) {
      if (in_fpf) {
        fpf[x] = given[x];
        (*doc)[x] = given[x];
      } else if (at_top) {
        fpf[x] = provider_copy((*doc)[x]);
      }
      continue;
    }
    const bool kept_by_customer = Touched(service, x);
    if (in_fpf || at_top) {
      fpf[x] = in_fpf ? given[x] : provider_copy((*doc)[x]);
      if (kept_by_customer) {
        CopyMember(*old_doc, x, doc);
      } else if (!at_top) {
        (*doc)[x] = given[x];
      }
    } else {
      if (Has(old_fpf, x)) fpf[x] = old_fpf[x];
      CopyMember(*old_doc, x, doc);
    }
  }
  if (fpf.empty()) {
    doc->erase("FindingProviderFields");
  } else {
    (*doc)["FindingProviderFields"] = std::move(fpf);
  }
  if (Has(*doc, "Severity")) CompleteSeverity(&(*doc)["Severity"]);
}

// Workflow.Status NOTIFIED or RESOLVED back to NEW, when a finding the provider updates comes
// back to life (decision 30).
void ReopenWorkflow(json* doc) {
  if (!Has(*doc, "Workflow")) return;
  const std::string status = StringAt((*doc)["Workflow"], "Status");
  if (status == "NOTIFIED" || status == "RESOLVED") (*doc)["Workflow"]["Status"] = "NEW";
}

// --- History (decision 39) --------------------------------------------------------------------

// A changed value as a history record shows it: a string as itself, anything else as JSON.
std::string HistoryValue(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// The changes from `before` to `after` as Updates entries, one per changed leaf; objects are
// walked member by member (dotted paths), lists compared whole.
void Diff(const json& before, const json& after, const std::string& path, json* updates) {
  if (before.is_object() && after.is_object()) {
    std::set<std::string> names;
    for (auto it = before.begin(); it != before.end(); ++it) names.insert(it.key());
    for (auto it = after.begin(); it != after.end(); ++it) names.insert(it.key());
    for (const std::string& name : names) {
      const std::string at = path.empty() ? name : path + "." + name;
      const bool was = before.contains(name), is = after.contains(name);
      if (was && is) {
        Diff(before[name], after[name], at, updates);
        continue;
      }
      json change = {{"UpdatedField", at}};
      if (was) change["OldValue"] = HistoryValue(before[name]);
      if (is) change["NewValue"] = HistoryValue(after[name]);
      updates->push_back(std::move(change));
    }
    return;
  }
  if (before == after) return;
  updates->push_back(
      {{"UpdatedField", path}, {"OldValue", HistoryValue(before)}, {"NewValue", HistoryValue(after)}});
}

void AddHistory(StoreTransaction& tx, const FindingRecord& record, Millis now, bool created,
                const char* source, const std::string& identity, json updates) {
  FindingHistoryEntry e;
  e.finding = record.number;
  e.time = now;
  e.record = {{"FindingIdentifier", {{"Id", record.id}, {"ProductArn", record.product_arn}}},
              {"UpdateTime", FormatIso8601Millis(now)},
              {"FindingCreated", created},
              {"UpdateSource", {{"Type", source}, {"Identity", identity}}},
              {"Updates", std::move(updates)}};
  tx.findings().AddHistory(&e);
}

// The finding with this identifier in the caller's view (the caller's own first), if any.
std::optional<FindingRecord> FindVisible(
    StoreTransaction& tx, const Caller& caller,
    const std::vector<std::pair<std::string, std::string>>& view, const FindingIdentifier& identifier) {
  std::optional<FindingRecord> found;
  std::set<std::string> regions;  // the caller's own Region first, then the linked ones
  for (const auto& owner : view) {
    if (!regions.insert(owner.first).second) continue;
    for (FindingRecord& r :
         tx.findings().FindByIdentifier(owner.first, identifier.product_arn, identifier.id)) {
      const bool visible = std::find(view.begin(), view.end(),
                                     std::make_pair(r.region, r.account_id)) != view.end();
      const bool own = r.account_id == caller.account_id && r.region == caller.region;
      if (visible && (!found || own)) found = std::move(r);
    }
  }
  return found;
}

// The identity a customer's change is recorded with: the account's root, the only principal
// the mock knows.
std::string PrincipalOf(const Caller& caller) { return "arn:aws:iam::" + caller.account_id + ":root"; }

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::vector<IndexCondition> IndexConditionsOf(const FindingFilter& filter) {
  std::vector<IndexCondition> conditions;
  for (const char* name : kIndexedAttributes) {
    if (auto values = filter.EqualsValues(name)) conditions.push_back({name, *values});
  }
  return conditions;
}

std::string PositionKey(const char* prefix, int64_t a, int64_t b) {
  return std::string(prefix) + std::to_string(a) + ":" + std::to_string(b);
}

bool ParsePositionKey(const std::string& key, const char* prefix, int64_t* a, int64_t* b) {
  const size_t start = std::char_traits<char>::length(prefix);
  if (key.compare(0, start, prefix) != 0) return false;
  const size_t colon = key.find(':', start);
  if (colon == std::string::npos) return false;
  try {
    size_t used = 0;
    *a = std::stoll(key.substr(start, colon - start), &used);
    if (used != colon - start) return false;
    const std::string second = key.substr(colon + 1);
    *b = std::stoll(second, &used);
    return used == second.size();
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace findings_internal
}  // namespace shmock
