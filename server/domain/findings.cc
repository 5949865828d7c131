// BatchImportFindings and fixtures: what an import checks, refuses and stores (decisions
// 25-31). The document rules shared with the other findings operations are in
// finding_documents.h; reads in findings_read.cc, customer updates in findings_update.cc.
#include <algorithm>

#include "accounts.h"
#include "finding_documents.h"
#include "product_catalogue.h"
#include "shmock/asff_timestamp.h"
#include "shmock/findings.h"
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
}  // namespace msg

using namespace findings_internal;  // NOLINT: this module's own helpers

namespace {


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

// The members the service fills on every accepted create or update (decision 29).
void FillServiceMembers(const Caller& caller, Millis now, json* doc) {
  const std::string arn = (*doc)["ProductArn"], id = (*doc)["Id"];
  (*doc)["Region"] = caller.region;
  (*doc)["ProcessedAt"] = FormatIso8601Millis(now);
  ParsedProductArn parsed;
  ParseProductArn(arn, &parsed);
  std::string name = "Default", company = "Personal";
  const bool own_product = IsDefaultProductOf(parsed, caller.account_id);
  if (const CatalogueProduct* p = FindCatalogueProduct(parsed.key())) {
    name = p->name;
    company = p->company;
  }
  // A custom integration (the default product) may name itself; a partner's names are the
  // catalogue's.
  if (!own_product || !Has(*doc, "ProductName")) (*doc)["ProductName"] = name;
  if (!own_product || !Has(*doc, "CompanyName")) (*doc)["CompanyName"] = company;
  if (!Has(*doc, "ProductFields")) (*doc)["ProductFields"] = json::object();
  (*doc)["ProductFields"]["aws/securityhub/ProductName"] = name;
  (*doc)["ProductFields"]["aws/securityhub/CompanyName"] = company;
  (*doc)["ProductFields"]["aws/securityhub/FindingId"] = arn + "/" + id;
  if (!Has(*doc, "RecordState")) (*doc)["RecordState"] = "ACTIVE";
}

// An update keeps the customer's members, reopens the workflow of a finding that comes back
// (decisions 28, 30), and drops a note UpdateFindings set (decision 38).
void KeepCustomerMembers(const json& before, json* doc, json* service) {
  for (const char* member :
       {"Note", "UserDefinedFields", "VerificationState", "Workflow", "WorkflowState"}) {
    CopyMember(before, member, doc);
  }
  const bool revived =
      StringAt(before, "RecordState") == "ARCHIVED" && StringAt(*doc, "RecordState") == "ACTIVE";
  const std::string was = Has(before, "Compliance") ? StringAt(before["Compliance"], "Status") : "";
  const std::string is = Has(*doc, "Compliance") ? StringAt((*doc)["Compliance"], "Status") : "";
  const bool failing_again =
      was == "PASSED" && (is == "FAILED" || is == "WARNING" || is == "NOT_AVAILABLE");
  if (revived || failing_again) ReopenWorkflow(doc);
  if (service->value("NoteFromUpdateFindings", false)) {
    const json note_before = service->value("NoteBefore", json());
    if (note_before.is_null()) {
      doc->erase("Note");
    } else {
      (*doc)["Note"] = note_before;
    }
    service->erase("NoteFromUpdateFindings");
    service->erase("NoteBefore");
  }
}

// Creates or updates the caller's finding `f` (already checked); an update not newer than the
// stored finding is ignored (decision 28).
void StoreImported(StoreTransaction& tx, const Caller& caller, const json& f, Millis now) {
  const std::string arn = f["ProductArn"], id = f["Id"];
  std::optional<FindingRecord> old = tx.findings().Find(caller.region, caller.account_id, arn, id);
  Millis updated = 0;
  ParseAsffTimestamp(f["UpdatedAt"].get<std::string>(), &updated);
  if (old && updated <= old->updated_at) return;

  json doc = f;
  json service = old ? old->service : json::object();
  FillServiceMembers(caller, now, &doc);
  if (old) {
    KeepCustomerMembers(old->document, &doc, &service);
  } else {
    if (!Has(doc, "Workflow") || !Has(doc["Workflow"], "Status")) doc["Workflow"]["Status"] = "NEW";
    if (!Has(doc, "WorkflowState")) doc["WorkflowState"] = "NEW";
  }
  ApplyProviderFields(&doc, old ? &old->document : nullptr, service);

  json updates = json::array();
  if (old) Diff(old->document, doc, "", &updates);
  FindingRecord record = RecordOf(caller.region, std::move(doc), std::move(service));
  tx.findings().Put(&record);
  AddHistory(tx, record, now, !old, "BATCH_IMPORT_FINDINGS", arn, std::move(updates));
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

Status Findings::Seed(const std::vector<json>& findings, const std::string& default_region,
                      size_t* refused) {
  const Millis now = clock_.NowMillis();
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    for (size_t i = 0; i < findings.size(); ++i) {
      json doc = findings[i];
      const std::vector<std::string> violations = AsffViolations(doc);
      if (!violations.empty()) {
        *refused = i;
        return Status::InvalidInput(Join(violations));
      }
      if (!Has(doc, "Region")) doc["Region"] = default_region;
      const std::string region = doc["Region"].is_string() ? doc["Region"].get<std::string>() : "";
      if (region.empty()) {
        *refused = i;
        return Status::InvalidInput("data.Region should be string");
      }
      ParsedProductArn parsed;
      const CatalogueProduct* p =
          ParseProductArn(doc["ProductArn"], &parsed) ? FindCatalogueProduct(parsed.key()) : nullptr;
      if (!Has(doc, "ProductName")) doc["ProductName"] = p ? p->name : "Default";
      if (!Has(doc, "CompanyName")) doc["CompanyName"] = p ? p->company : "Personal";
      if (!Has(doc, "RecordState")) doc["RecordState"] = "ACTIVE";
      if (!Has(doc, "Workflow") || !Has(doc["Workflow"], "Status")) doc["Workflow"]["Status"] = "NEW";
      if (!Has(doc, "WorkflowState")) doc["WorkflowState"] = "NEW";
      if (!Has(doc, "ProcessedAt")) doc["ProcessedAt"] = FormatIso8601Millis(now);
      ApplyProviderFields(&doc, nullptr, json::object());
      FindingRecord record = RecordOf(region, std::move(doc), json::object());
      tx.findings().Put(&record);
    }
    return Status::OK();
  });
}

}  // namespace shmock
