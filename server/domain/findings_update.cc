// BatchUpdateFindings and the legacy UpdateFindings: the customer's changes to findings in
// its view (decisions 32, 38).
#include <algorithm>
#include <map>

#include "accounts.h"
#include "finding_documents.h"
#include "shmock/findings.h"
#include "shmock/store.h"

namespace shmock {
namespace msg {
const char kIdentifiers[] = "FindingIdentifiers must hold between 1 and 100 identifiers";
const char kNothingToUpdate[] =
    "At least one of Note, Severity, VerificationState, Confidence, Criticality, Types, "
    "UserDefinedFields, Workflow or RelatedFindings is required";
const char kNothingToChange[] = "UpdateFindings needs a Note or a RecordState to set";
const char kRecordState[] = "RecordState must be ACTIVE or ARCHIVED";
const char kNoMatch[] = "No finding in your view matches the filters";
}  // namespace msg

using namespace findings_internal;  // NOLINT: this module's own helpers

namespace {

// The request-level checks of BatchUpdateFindings: identifiers, at least one field, the
// fields' values.
Status CheckBatchUpdate(const json& input) {
  if (!input.is_object()) return Status::InvalidInput(msg::kIdentifiers);
  const json& identifiers = input.contains("FindingIdentifiers") ? input["FindingIdentifiers"] : json();
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
  return Status::OK();
}

// BatchUpdateFindings' fields applied to one finding's document; `service` learns which
// provider members the customer now owns.
void ApplyBatchUpdate(const json& input, Millis now, json* doc, json* service) {
  if (Has(input, "Note")) {
    (*doc)["Note"] = {{"Text", input["Note"]["Text"]},
                      {"UpdatedBy", input["Note"]["UpdatedBy"]},
                      {"UpdatedAt", FormatIso8601Millis(now)}};
    service->erase("NoteFromUpdateFindings");
    service->erase("NoteBefore");
  }
  if (Has(input, "Severity")) {
    json severity = Has(*doc, "Severity") ? (*doc)["Severity"] : json::object();
    severity.erase("Label");
    severity.erase("Normalized");
    for (const char* m : {"Label", "Normalized", "Product"}) {
      if (Has(input["Severity"], m)) severity[m] = input["Severity"][m];
    }
    CompleteSeverity(&severity);
    (*doc)["Severity"] = std::move(severity);
  }
  for (const char* m : {"VerificationState", "Confidence", "Criticality", "Types",
                        "UserDefinedFields", "RelatedFindings"}) {
    if (Has(input, m)) (*doc)[m] = input[m];
  }
  if (Has(input, "Workflow") && Has(input["Workflow"], "Status")) {
    (*doc)["Workflow"]["Status"] = input["Workflow"]["Status"];
  }
  for (const char* m : kProviderMembers) {
    if (Has(input, m) && !Touched(*service, m)) (*service)["TouchedByBatchUpdate"].push_back(m);
  }
  (*doc)["ProcessedAt"] = FormatIso8601Millis(now);
}

}  // namespace

Status Findings::BatchUpdateFindings(const Caller& caller, const json& input,
                                     BatchUpdateResult* result) {
  *result = {};
  Status s = CheckBatchUpdate(input);
  if (!s.ok()) return s;
  const json& identifiers = input["FindingIdentifiers"];
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
      std::optional<FindingRecord> found = FindVisible(tx, caller, view, identifier);
      if (!found) {
        refuse("FindingNotFound", "Finding Not Found");
        continue;
      }
      json doc = found->document, service = found->service;
      ApplyBatchUpdate(input, now, &doc, &service);
      if (doc.dump(-1, ' ', false, json::error_handler_t::replace).size() > kMaxFindingBytes) {
        refuse("FindingSizeExceeded", "Finding size exceeded 240 KB");
        continue;
      }
      json updates = json::array();
      Diff(found->document, doc, "", &updates);
      // The finding stays in its own Region, also when changed from the aggregation's home
      // Region (decision 64).
      FindingRecord record = RecordOf(found->region, std::move(doc), std::move(service));
      tx.findings().Put(&record);
      AddHistory(tx, record, now, false, "BATCH_UPDATE_FINDINGS", PrincipalOf(caller),
                 std::move(updates));
      result->processed.push_back(identifier);
    }
    return Status::OK();
  });
}

Status Findings::UpdateFindings(const Caller& caller, const json& filters, const json& note,
                                const std::string& record_state) {
  if (note.is_null() && record_state.empty()) return Status::InvalidInput(msg::kNothingToChange);
  if (!record_state.empty() && record_state != "ACTIVE" && record_state != "ARCHIVED") {
    return Status::InvalidInput(msg::kRecordState);
  }
  if (!note.is_null()) {
    const std::vector<std::string> violations = BatchUpdateViolations({{"Note", note}});
    if (!violations.empty()) return Status::InvalidInput(Join(violations));
  }
  const Millis now = clock_.NowMillis();
  FindingFilter filter;
  Status s = FindingFilter::Parse(filters, now, &filter);
  if (!s.ok()) return s;
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    FindingScan scan;
    scan.view = ViewOf(tx, caller);
    scan.conditions = IndexConditionsOf(filter);
    std::vector<FindingRecord> matches;  // every match first: the writes must not move the scan
    tx.findings().Scan(scan, [&](FindingRecord&& r) {
      if (filter.Matches(r.document)) matches.push_back(std::move(r));
      return true;
    });
    if (matches.empty()) return Status::NotFound(msg::kNoMatch);
    for (FindingRecord& r : matches) {
      json doc = std::move(r.document);
      json service = std::move(r.service);
      if (!note.is_null()) {
        if (!service.value("NoteFromUpdateFindings", false)) {
          service["NoteFromUpdateFindings"] = true;
          service["NoteBefore"] = Has(doc, "Note") ? doc["Note"] : json();
        }
        doc["Note"] = {{"Text", note["Text"]},
                       {"UpdatedBy", note["UpdatedBy"]},
                       {"UpdatedAt", FormatIso8601Millis(now)}};
      }
      if (!record_state.empty()) {
        const bool revived = StringAt(doc, "RecordState") == "ARCHIVED" && record_state == "ACTIVE";
        doc["RecordState"] = record_state;
        if (revived) ReopenWorkflow(&doc);
      }
      FindingRecord record = RecordOf(r.region, std::move(doc), std::move(service));
      tx.findings().Put(&record);
    }
    return Status::OK();
  });
}

}  // namespace shmock
