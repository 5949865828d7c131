// What the findings module does to a finding's document and to its records, shared by its
// three sources (findings.cc: import and fixtures; findings_read.cc: GetFindings and history;
// findings_update.cc: BatchUpdateFindings and UpdateFindings). Internal to server/domain/.
#ifndef SHMOCK_DOMAIN_FINDING_DOCUMENTS_H_
#define SHMOCK_DOMAIN_FINDING_DOCUMENTS_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shmock/finding_filter.h"
#include "shmock/findings.h"
#include "shmock/records.h"
#include "shmock/store.h"

namespace shmock {
namespace findings_internal {

using nlohmann::json;

// The five members a provider gives in FindingProviderFields and a customer may override at
// the top level with BatchUpdateFindings (decision 31).
inline constexpr const char* kProviderMembers[] = {"Confidence", "Criticality", "RelatedFindings",
                                                   "Severity", "Types"};

bool Has(const json& object, const char* member);  // present and not null
std::string StringAt(const json& object, const char* member);  // "" unless a string
// `to[member]` = `from[member]`, or no member when `from` has none.
void CopyMember(const json& from, const char* member, json* to);
std::string Join(const std::vector<std::string>& parts);  // ", " between

// Gives a severity both Label and Normalized, deriving only the missing one (the model's table).
void CompleteSeverity(json* severity);
// Whether BatchUpdateFindings has changed `member` (one of kProviderMembers) of the finding.
bool Touched(const json& service, const char* member);
// FindingProviderFields and the top-level members they feed (decision 31); `old_doc` null on
// create. Completes the top-level Severity.
void ApplyProviderFields(json* doc, const json* old_doc, const json& service);
// Workflow.Status NOTIFIED or RESOLVED back to NEW (decision 30).
void ReopenWorkflow(json* doc);

// The (Region, account) pairs whose findings the caller sees: its own and its Enabled members'
// (decision 33), and in its aggregator's home Region those of the linked Regions (decision 63).
std::vector<std::pair<std::string, std::string>> ViewOf(StoreTransaction& tx, const Caller& caller);
// The finding with this identifier in `view` (the caller's own in its Region first), if any.
std::optional<FindingRecord> FindVisible(
    StoreTransaction& tx, const Caller& caller,
    const std::vector<std::pair<std::string, std::string>>& view, const FindingIdentifier& identifier);
// The record the store keeps of `doc`: its key, order, counts and index values.
FindingRecord RecordOf(const std::string& region, json doc, json service);
// The conditions of `filter` an index serves, for a scan.
std::vector<IndexCondition> IndexConditionsOf(const FindingFilter& filter);

// History (decision 39): the changes from `before` to `after` as Updates entries, and one
// record written for `record`'s change at `now`.
void Diff(const json& before, const json& after, const std::string& path, json* updates);
void AddHistory(StoreTransaction& tx, const FindingRecord& record, Millis now, bool created,
                const char* source, const std::string& identity, json updates);
// The identity a customer's change is recorded with: the account's root, the only principal
// the mock knows.
std::string PrincipalOf(const Caller& caller);

// Page keys: "d:<a>:<b>" (two integers), the position of the last finding in the default
// order, or, with another prefix, of the last history entry.
std::string PositionKey(const char* prefix, int64_t a, int64_t b);
bool ParsePositionKey(const std::string& key, const char* prefix, int64_t* a, int64_t* b);

}  // namespace findings_internal
}  // namespace shmock

#endif  // SHMOCK_DOMAIN_FINDING_DOCUMENTS_H_
