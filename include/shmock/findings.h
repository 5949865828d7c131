// Findings: importing ASFF findings (BatchImportFindings), reading them across the membership
// (GetFindings) and working them (BatchUpdateFindings). Rules and sources: behavior.md §13
// (decisions 25-39), Appendix A.9.
//
// A finding stays in the account whose AwsAccountId it carries. A caller's view is its own
// findings and those of every member whose relationship with it is Enabled in the Region, read
// at each call: the moment a relationship leaves Enabled, its findings leave the view. The
// finding is its ASFF JSON document (as the filter language reads it, finding_filter.h); the
// module fills the fields the service owns and keeps the provider's and the customer's apart
// as the User Guide describes. No HTTP, no SQL; each call is one store transaction.
#ifndef SHMOCK_FINDINGS_H_
#define SHMOCK_FINDINGS_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "shmock/clock.h"
#include "shmock/records.h"
#include "shmock/status.h"

namespace shmock {

class Store;

// Limits of BatchImportFindings and BatchUpdateFindings (the model and the User Guide).
inline constexpr size_t kMaxFindingsPerBatch = 100;
inline constexpr size_t kMaxFindingBytes = 240 * 1024;
inline constexpr size_t kMaxImportBytes = 6 * 1024 * 1024;

struct FailedFinding {
  std::string id;  // the finding's Id as sent ("" when it had none)
  std::string error_code;
  std::string error_message;
};

struct ImportResult {
  int success_count = 0;
  std::vector<FailedFinding> failed;
};

struct FindingsQuery {
  nlohmann::json filters;        // AwsSecurityFindingFilters, or null
  nlohmann::json sort_criteria;  // SortCriteria, or null
  int max_results = 100;
  std::string after;  // the previous page's next_after; empty for the first page
};

struct FindingsPage {
  std::vector<nlohmann::json> findings;
  std::string next_after;  // empty on the last page
};

struct FindingIdentifier {
  std::string id;
  std::string product_arn;
};

struct UnprocessedFinding {
  FindingIdentifier identifier;
  std::string error_code;
  std::string error_message;
};

struct BatchUpdateResult {
  std::vector<FindingIdentifier> processed;
  std::vector<UnprocessedFinding> unprocessed;
};

struct FindingHistoryQuery {
  FindingIdentifier identifier;
  std::optional<std::string> start_time;  // ASFF timestamps, as sent
  std::optional<std::string> end_time;
  int max_results = 100;
  std::string after;  // the previous page's next_after; empty for the first page
};

struct FindingHistoryPage {
  std::vector<nlohmann::json> records;  // FindingHistoryRecord, newest first
  std::string next_after;
};

// The web view's counts (behavior.md §9): ACTIVE findings by severity label ("" for a finding
// without one), of the account alone and of its whole view (itself and its Enabled members in
// the Region, decision 33), with the accounts that view holds.
struct ActiveFindingCounts {
  std::map<std::string, int64_t> account;
  std::map<std::string, int64_t> view;
  std::vector<std::string> view_accounts;  // the account first, then its Enabled members
};

class Findings {
 public:
  Findings(Store& store, Clock& clock) : store_(store), clock_(clock) {}

  // `findings` is the request's Findings list. The whole request is refused (nothing stored)
  // for a list of 0 or over 100 findings or over 6 MB (InvalidInput), and when any finding
  // names another account, another Region, or a product the caller may not import
  // (AccessDenied). Otherwise each finding is checked on its own: a bad one is a FailedFinding,
  // the good ones are created or updated.
  Status BatchImportFindings(const Caller& caller, const nlohmann::json& findings,
                             ImportResult* result);
  // A page of the findings in the caller's view that match `query.filters`, in the order of
  // its SortCriteria (default: newest UpdatedAt first). InvalidInput for a bad filter, sort
  // or `after`.
  Status GetFindings(const Caller& caller, const FindingsQuery& query, FindingsPage* page);
  // `input` is BatchUpdateFindingsRequest. InvalidInput for 0 or over 100 identifiers or no
  // field to update; each identifier the caller cannot see is an UnprocessedFinding.
  Status BatchUpdateFindings(const Caller& caller, const nlohmann::json& input,
                             BatchUpdateResult* result);

  // Legacy UpdateFindings: `note` ({Text, UpdatedBy}, or null) and/or `record_state` ("" for
  // none) on every finding in the caller's view that matches `filters` (required). Written
  // to no history; a later provider update undoes it (decision 38). InvalidInput without
  // either change; ResourceNotFound when no finding matches.
  Status UpdateFindings(const Caller& caller, const nlohmann::json& filters,
                        const nlohmann::json& note, const std::string& record_state);
  // The history of one finding in the caller's view, newest first, within [start, end]
  // (default: from its creation to now). A finding the caller cannot see has no records.
  Status GetFindingHistory(const Caller& caller, const FindingHistoryQuery& query,
                           FindingHistoryPage* page);

  // The counts of ACTIVE findings in `caller`'s account and view; an account without a hub has
  // none (no refusal: the web view asks about every account it draws).
  Status CountActive(const Caller& caller, ActiveFindingCounts* out);

  // Fixtures: stores each finding as given (any product, AWS's own included), its Region
  // defaulting to `default_region` and the service's members filled where missing (decision
  // 37), replacing a stored finding with the same key. All or nothing: InvalidInput for the
  // first finding that is not well formed, `*refused` its index.
  Status Seed(const std::vector<nlohmann::json>& findings, const std::string& default_region,
              size_t* refused);

 private:
  Store& store_;
  Clock& clock_;
};

// The checks of one finding's shape (ASFF), as the FailedFindings message words them:
// "data.Resources[0].Type should NOT be shorter than 1 characters", joined by ", ". Empty when
// the finding is well formed. findings_validate.cc.
std::vector<std::string> AsffViolations(const nlohmann::json& finding);
// The same checks of BatchUpdateFindings' update fields.
std::vector<std::string> BatchUpdateViolations(const nlohmann::json& input);

}  // namespace shmock

#endif  // SHMOCK_FINDINGS_H_
