#include "shmock/findings.h"

#include <algorithm>
#include <map>
#include <set>

#include "accounts.h"
#include "product_catalogue.h"
#include "shmock/asff_timestamp.h"
#include "shmock/finding_filter.h"
#include "shmock/store.h"

namespace shmock {
namespace msg {
// The real AccessDenied text of BatchImportFindings (Appendix A.9); the principal is the
// account's root, the only identity the mock knows (decision 26).
std::string ImportDenied(const std::string& account, const std::string& product_arn) {
  return "User: arn:aws:iam::" + account +
         ":root is not authorized to perform: securityhub:BatchImportFindings on resource: " +
         product_arn;
}
const char kBatchSize[] = "Findings must hold between 1 and 100 findings";
const char kImportTooLarge[] = "The request is larger than 6 MB; send fewer findings per call";
const char kFindingFormat[] = "Finding does not adhere to Amazon Finding Format. ";
const char kFindingTooLarge[] = "Finding size exceeded 240 KB";
const char kBadNextToken[] = "The NextToken is not valid for this request";
const char kIdentifiers[] = "FindingIdentifiers must hold between 1 and 100 identifiers";
const char kNothingToUpdate[] =
    "At least one of Note, Severity, VerificationState, Confidence, Criticality, Types, "
    "UserDefinedFields, Workflow or RelatedFindings is required";
const char kMaxResults[] = "MaxResults must be between 1 and 100";
}  // namespace msg

namespace {

using nlohmann::json;

// The attributes whose EQUALS conditions an index serves (design.md, "Findings storage"): the
// ones dashboards, insights and playbooks filter on most.
const char* const kIndexedAttributes[] = {
    "SeverityLabel", "WorkflowStatus", "RecordState",   "ResourceType", "ProductArn",
    "ProductName",   "ComplianceStatus", "GeneratorId", "Type",         "VerificationState"};

// The five members a provider gives in FindingProviderFields and a customer may override at
// the top level with BatchUpdateFindings (decision 31).
const char* const kProviderMembers[] = {"Confidence", "Criticality", "RelatedFindings",
                                        "Severity", "Types"};

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

// The accounts whose findings the caller sees: its own, and its Enabled members' (decision 33).
std::vector<std::pair<std::string, std::string>> ViewOf(StoreTransaction& tx, const Caller& caller) {
  std::vector<std::pair<std::string, std::string>> view = {{caller.region, caller.account_id}};
  for (const Relationship& r : MembersOf(tx, caller.region, caller.account_id)) {
    if (r.status == MemberStatus::kEnabled) view.emplace_back(caller.region, r.member_id);
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

// Whether the caller may import findings of `product_arn` for `account` (decision 26).
Status MayImport(StoreTransaction& tx, const Caller& caller, const std::string& account,
                 const std::string& product_arn) {
  const Status denied = Status::AccessDenied(msg::ImportDenied(caller.account_id, product_arn));
  if (account != caller.account_id) return denied;
  ParsedProductArn arn;
  if (!ParseProductArn(product_arn, &arn) || arn.kind != "product" || arn.region != caller.region) {
    return denied;
  }
  if (IsDefaultProductOf(arn, caller.account_id)) return Status::OK();
  const CatalogueProduct* p = FindCatalogueProduct(arn.key());
  // AWS's own products import through the service (fixtures), never through this call.
  if (!p || p->company_id == "aws" || p->company_id == "amazon") return denied;
  if (!arn.account.empty() && arn.account != p->partner_account) return denied;
  if (!ImportEnabled(tx, caller.region, caller.account_id, *p)) return denied;
  return Status::OK();
}

// Workflow.Status NOTIFIED or RESOLVED back to NEW, when a finding the provider updates comes
// back to life (decision 30).
void ReopenWorkflow(json* doc) {
  if (!Has(*doc, "Workflow")) return;
  const std::string status = StringAt((*doc)["Workflow"], "Status");
  if (status == "NOTIFIED" || status == "RESOLVED") (*doc)["Workflow"]["Status"] = "NEW";
}

// Creates or updates the caller's finding `f` (already checked); false when an update was
// ignored because it is not newer than the stored finding.
void StoreImported(StoreTransaction& tx, const Caller& caller, const json& f, Millis now) {
  const std::string arn = f["ProductArn"], id = f["Id"];
  std::optional<FindingRecord> old = tx.findings().Find(caller.region, caller.account_id, arn, id);
  Millis updated = 0;
  ParseAsffTimestamp(f["UpdatedAt"].get<std::string>(), &updated);
  if (old && updated <= old->updated_at) return;  // decision 28: ignored, still a success

  json doc = f;
  json service = old ? old->service : json::object();
  doc["Region"] = caller.region;
  doc["ProcessedAt"] = FormatIso8601Millis(now);
  ParsedProductArn parsed;
  ParseProductArn(arn, &parsed);
  std::string name = "Default", company = "Personal";
  const bool own_product = IsDefaultProductOf(parsed, caller.account_id);
  if (const CatalogueProduct* p = FindCatalogueProduct(parsed.key())) {
    name = p->name;
    company = p->company;
  }
  // A custom integration (the default product) may name itself; a partner's names are the
  // catalogue's (decision 29).
  if (!own_product || !Has(doc, "ProductName")) doc["ProductName"] = name;
  if (!own_product || !Has(doc, "CompanyName")) doc["CompanyName"] = company;
  if (!Has(doc, "ProductFields")) doc["ProductFields"] = json::object();
  doc["ProductFields"]["aws/securityhub/ProductName"] = name;
  doc["ProductFields"]["aws/securityhub/CompanyName"] = company;
  doc["ProductFields"]["aws/securityhub/FindingId"] = arn + "/" + id;
  if (!Has(doc, "RecordState")) doc["RecordState"] = "ACTIVE";

  if (old) {
    const json& before = old->document;
    // The customer's members: BatchUpdateFindings owns them once the finding exists.
    for (const char* member :
         {"Note", "UserDefinedFields", "VerificationState", "Workflow", "WorkflowState"}) {
      CopyMember(before, member, &doc);
    }
    const bool revived = StringAt(before, "RecordState") == "ARCHIVED" &&
                         StringAt(doc, "RecordState") == "ACTIVE";
    const std::string was = Has(before, "Compliance") ? StringAt(before["Compliance"], "Status") : "";
    const std::string is = Has(doc, "Compliance") ? StringAt(doc["Compliance"], "Status") : "";
    const bool failing_again =
        was == "PASSED" && (is == "FAILED" || is == "WARNING" || is == "NOT_AVAILABLE");
    if (revived || failing_again) ReopenWorkflow(&doc);
  } else {
    if (!Has(doc, "Workflow") || !Has(doc["Workflow"], "Status")) doc["Workflow"]["Status"] = "NEW";
    if (!Has(doc, "WorkflowState")) doc["WorkflowState"] = "NEW";
  }
  ApplyProviderFields(&doc, old ? &old->document : nullptr, service);

  FindingRecord record = RecordOf(caller.region, std::move(doc), std::move(service));
  tx.findings().Put(&record);
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// The page keys of GetFindings: in the default order the last finding's position
// "d:<updated_at>:<number>"; under SortCriteria the last finding's key
// "s:" + [account, ProductArn, Id].
std::string DefaultKey(const FindingRecord& r) {
  return "d:" + std::to_string(r.updated_at) + ":" + std::to_string(r.number);
}
bool ParseDefaultKey(const std::string& key, FindingPosition* p) {
  if (key.rfind("d:", 0) != 0) return false;
  const size_t colon = key.find(':', 2);
  if (colon == std::string::npos) return false;
  try {
    size_t used = 0;
    p->updated_at = std::stoll(key.substr(2, colon - 2), &used);
    if (used != colon - 2) return false;
    const std::string number = key.substr(colon + 1);
    p->number = std::stoll(number, &used);
    return used == number.size();
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

Status Findings::BatchImportFindings(const Caller& caller, const json& findings,
                                     ImportResult* result) {
  *result = {};
  if (!findings.is_array() || findings.empty() || findings.size() > kMaxFindingsPerBatch) {
    return Status::InvalidInput(msg::kBatchSize);
  }
  std::vector<size_t> sizes;
  size_t total = 0;
  for (const json& f : findings) {
    sizes.push_back(f.dump(-1, ' ', false, json::error_handler_t::replace).size());
    total += sizes.back();
  }
  if (total > kMaxImportBytes) return Status::InvalidInput(msg::kImportTooLarge);
  const Millis now = clock_.NowMillis();
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    // Authorization is for the whole request: any finding naming what the caller may not
    // import refuses it (decision 26).
    for (const json& f : findings) {
      if (!f.is_object()) continue;
      auto account = f.find("AwsAccountId");
      auto product = f.find("ProductArn");
      if (account == f.end() || product == f.end() || !account->is_string() ||
          !product->is_string()) {
        continue;  // a shape error, reported per finding below
      }
      Status s = MayImport(tx, caller, *account, *product);
      if (!s.ok()) return s;
    }
    for (size_t i = 0; i < findings.size(); ++i) {
      const json& f = findings[i];
      const std::string id = f.is_object() ? StringAt(f, "Id") : "";
      if (sizes[i] > kMaxFindingBytes) {
        result->failed.push_back({id, "InvalidInput", msg::kFindingTooLarge});
        continue;
      }
      const std::vector<std::string> violations = AsffViolations(f);
      if (!violations.empty()) {
        result->failed.push_back(
            {id, "InvalidInput", msg::kFindingFormat + Join(violations) + "."});
        continue;
      }
      StoreImported(tx, caller, f, now);
      ++result->success_count;
    }
    return Status::OK();
  });
}

Status Findings::GetFindings(const Caller& caller, const FindingsQuery& query, FindingsPage* page) {
  *page = {};
  if (query.max_results < 1 || query.max_results > 100) return Status::InvalidInput(msg::kMaxResults);
  const Millis now = clock_.NowMillis();
  FindingFilter filter;
  Status s = FindingFilter::Parse(query.filters, now, &filter);
  if (!s.ok()) return s;
  std::vector<SortKey> keys;
  s = ParseSortCriteria(query.sort_criteria, &keys);
  if (!s.ok()) return s;
  const size_t max = static_cast<size_t>(query.max_results);
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    FindingScan scan;
    scan.view = ViewOf(tx, caller);
    for (const char* name : kIndexedAttributes) {
      if (auto values = filter.EqualsValues(name)) scan.conditions.push_back({name, *values});
    }
    if (keys.empty()) {
      // The default order is the store's: a page stops after max + 1 matches.
      if (!query.after.empty()) {
        FindingPosition p;
        if (!ParseDefaultKey(query.after, &p)) return Status::InvalidInput(msg::kBadNextToken);
        scan.after = p;
      }
      std::vector<FindingRecord> matches;
      tx.findings().Scan(scan, [&](FindingRecord&& r) {
        if (filter.Matches(r.document)) matches.push_back(std::move(r));
        return matches.size() <= max;
      });
      if (matches.size() > max) {
        matches.pop_back();
        page->next_after = DefaultKey(matches.back());
      }
      for (FindingRecord& r : matches) page->findings.push_back(std::move(r.document));
      return Status::OK();
    }
    // SortCriteria: every match, sorted, then the page after the last finding returned.
    std::vector<FindingRecord> matches;
    tx.findings().Scan(scan, [&](FindingRecord&& r) {
      if (filter.Matches(r.document)) matches.push_back(std::move(r));
      return true;
    });
    auto before = [&keys](const FindingRecord& a, const FindingRecord& b) {
      const int c = CompareFindings(a.document, b.document, keys);
      if (c != 0) return c < 0;
      return std::make_pair(a.updated_at, a.number) > std::make_pair(b.updated_at, b.number);
    };
    std::stable_sort(matches.begin(), matches.end(), before);
    size_t first = 0;
    if (!query.after.empty()) {
      if (query.after.rfind("s:", 0) != 0) return Status::InvalidInput(msg::kBadNextToken);
      const json key = json::parse(query.after.substr(2), nullptr, false);
      if (!key.is_array() || key.size() != 3 || !key[0].is_string() || !key[1].is_string() ||
          !key[2].is_string()) {
        return Status::InvalidInput(msg::kBadNextToken);
      }
      std::optional<FindingRecord> last = tx.findings().Find(caller.region, key[0], key[1], key[2]);
      if (!last) return Status::InvalidInput(msg::kBadNextToken);
      first = static_cast<size_t>(
          std::upper_bound(matches.begin(), matches.end(), *last, before) - matches.begin());
    }
    for (size_t i = first; i < matches.size(); ++i) {
      if (page->findings.size() == max) {
        const FindingRecord& r = matches[i - 1];
        page->next_after = "s:" + json::array({r.account_id, r.product_arn, r.id}).dump();
        break;
      }
      page->findings.push_back(std::move(matches[i].document));
    }
    return Status::OK();
  });
}

Status Findings::BatchUpdateFindings(const Caller& caller, const json& input,
                                     BatchUpdateResult* result) {
  *result = {};
  if (!input.is_object()) return Status::InvalidInput(msg::kIdentifiers);
  const json identifiers = input.value("FindingIdentifiers", json());
  if (!identifiers.is_array() || identifiers.empty() ||
      identifiers.size() > kMaxFindingsPerBatch) {
    return Status::InvalidInput(msg::kIdentifiers);
  }
  static const char* const kFields[] = {"Note",       "Severity",          "VerificationState",
                                        "Confidence", "Criticality",       "Types",
                                        "UserDefinedFields", "Workflow",   "RelatedFindings"};
  if (std::none_of(std::begin(kFields), std::end(kFields),
                   [&](const char* f) { return Has(input, f); })) {
    return Status::InvalidInput(msg::kNothingToUpdate);
  }
  const std::vector<std::string> violations = BatchUpdateViolations(input);
  if (!violations.empty()) return Status::InvalidInput(Join(violations));
  const Millis now = clock_.NowMillis();
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    const auto view = ViewOf(tx, caller);
    std::map<std::pair<std::string, std::string>, int> seen;
    for (const json& i : identifiers) {
      if (i.is_object()) ++seen[{StringAt(i, "ProductArn"), StringAt(i, "Id")}];
    }
    for (const json& i : identifiers) {
      FindingIdentifier identifier;
      if (i.is_object()) identifier = {StringAt(i, "Id"), StringAt(i, "ProductArn")};
      auto refuse = [&](const char* code, const char* message) {
        result->unprocessed.push_back({identifier, code, message});
      };
      if (identifier.id.empty() || identifier.product_arn.empty()) {
        refuse("InvalidInput", "Invalid Input");
        continue;
      }
      if (seen[{identifier.product_arn, identifier.id}] > 1) {
        refuse("DuplicatedFindingIdentifier", "Finding Identifier is duplicated");
        continue;
      }
      std::optional<FindingRecord> found;
      for (FindingRecord& r : tx.findings().FindByIdentifier(caller.region, identifier.product_arn,
                                                              identifier.id)) {
        const bool visible = std::any_of(view.begin(), view.end(), [&](const auto& owner) {
          return owner.second == r.account_id;
        });
        // The caller's own finding before a member's with the same identifier.
        if (visible && (!found || r.account_id == caller.account_id)) found = std::move(r);
      }
      if (!found) {
        refuse("FindingNotFound", "Finding Not Found");
        continue;
      }
      json doc = found->document;
      json service = found->service;
      if (Has(input, "Note")) {
        doc["Note"] = {{"Text", input["Note"]["Text"]},
                       {"UpdatedBy", input["Note"]["UpdatedBy"]},
                       {"UpdatedAt", FormatIso8601Millis(now)}};
      }
      if (Has(input, "Severity")) {
        json severity = Has(doc, "Severity") ? doc["Severity"] : json::object();
        severity.erase("Label");
        severity.erase("Normalized");
        for (const char* m : {"Label", "Normalized", "Product"}) {
          if (Has(input["Severity"], m)) severity[m] = input["Severity"][m];
        }
        CompleteSeverity(&severity);
        doc["Severity"] = std::move(severity);
      }
      for (const char* m : {"VerificationState", "Confidence", "Criticality", "Types",
                            "UserDefinedFields", "RelatedFindings"}) {
        if (Has(input, m)) doc[m] = input[m];
      }
      if (Has(input, "Workflow") && Has(input["Workflow"], "Status")) {
        doc["Workflow"]["Status"] = input["Workflow"]["Status"];
      }
      for (const char* m : kProviderMembers) {
        if (Has(input, m) && !Touched(service, m)) service["TouchedByBatchUpdate"].push_back(m);
      }
      doc["ProcessedAt"] = FormatIso8601Millis(now);
      if (doc.dump(-1, ' ', false, json::error_handler_t::replace).size() > kMaxFindingBytes) {
        refuse("FindingSizeExceeded", "Finding size exceeded 240 KB");
        continue;
      }
      FindingRecord record = RecordOf(caller.region, std::move(doc), std::move(service));
      tx.findings().Put(&record);
      result->processed.push_back(identifier);
    }
    return Status::OK();
  });
}

}  // namespace shmock
