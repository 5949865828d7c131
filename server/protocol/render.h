// Render: every Security Hub response body the mock writes, in one place.
//
// Each function returns the complete JSON body of one output shape, with members named and
// ordered as AWS sends them (docs/behavior.md §4.4), timestamps as ISO 8601 with milliseconds
// (§4.3), and every batch output carrying UnprocessedAccounts even when empty (decision 14).
// Strings echoed from requests may be invalid UTF-8; they are written with U+FFFD in place of
// the bad bytes rather than failing.
#ifndef SHMOCK_PROTOCOL_RENDER_H_
#define SHMOCK_PROTOCOL_RENDER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shmock/aggregator.h"
#include "shmock/controls.h"
#include "shmock/findings.h"
#include "shmock/insights.h"
#include "shmock/membership.h"
#include "shmock/organizations.h"
#include "shmock/products.h"
#include "shmock/standards.h"

namespace shmock {
namespace render {

// An operation with an empty output structure.
std::string Empty();
// {"Code": ..., "Message": ...}: the body of every error.
std::string Error(const char* code, const std::string& message);

// DescribeHub.
std::string HubDescription(const Hub& hub);
// CreateMembers, InviteMembers, DeleteMembers, DeclineInvitations, DeleteInvitations.
std::string UnprocessedOnly(const UnprocessedAccounts& unprocessed);
// ListMembers: the administrator's view of each relationship (shape Member). `next_token` is
// left out when empty (the last page).
std::string MemberPage(const std::vector<Relationship>& members, const std::string& next_token);
// GetMembers.
std::string MembersAndUnprocessed(const std::vector<Relationship>& members,
                                  const UnprocessedAccounts& unprocessed);
// ListInvitations: the member's view of each relationship (shape Invitation).
std::string InvitationPage(const std::vector<Relationship>& invitations,
                           const std::string& next_token);
std::string InvitationsCount(int64_t count);
// GetAdministratorAccount ("Administrator") and GetMasterAccount ("Master"): `{}` when the
// caller has no administrator (decision 11).
std::string AdministratorOf(const char* member_name, const std::optional<Relationship>& administrator);

// EnableOrganizationAdminAccount.
std::string EnabledAdminAccount(const std::string& admin_account_id, const std::string& feature);
// ListOrganizationAdminAccounts: {"AdminAccounts": [{"AccountId", "Status"}], "NextToken"?}.
std::string AdminAccountPage(const std::vector<DelegatedAdministrator>& admins,
                             const std::string& next_token);
// DescribeOrganizationConfiguration: OrganizationConfiguration is always there (decision 19).
std::string OrganizationConfigurationOf(const OrganizationConfiguration& configuration);

// --- Standards and controls (render_standards.cc; behavior.md §16). `next_token` is left out
// when empty (the last page).

// DescribeStandards.
std::string StandardPage(const std::vector<StandardSummary>& standards,
                         const std::string& next_token);
// BatchEnableStandards, BatchDisableStandards (no token) and GetEnabledStandards.
std::string Subscriptions(const std::vector<StandardsSubscription>& subscriptions,
                          const std::string& next_token);
// DescribeStandardsControls.
std::string StandardsControlPage(const std::vector<StandardsControl>& controls,
                                 const std::string& next_token);
// ListSecurityControlDefinitions and GetSecurityControlDefinition.
std::string ControlDefinitionPage(const std::vector<const ControlDefinition*>& definitions,
                                  const std::string& next_token);
std::string ControlDefinitionOf(const ControlDefinition& definition);
// BatchGetSecurityControls: UnprocessedIds always present.
std::string SecurityControls(const std::vector<SecurityControl>& controls,
                             const std::vector<UnprocessedControl>& unprocessed);
// ListStandardsControlAssociations.
std::string AssociationSummaryPage(const std::vector<ControlAssociation>& associations,
                                   const std::string& next_token);
// BatchGetStandardsControlAssociations: UnprocessedAssociations always present.
std::string AssociationDetails(const std::vector<ControlAssociation>& associations,
                               const std::vector<UnprocessedAssociation>& unprocessed);
// BatchUpdateStandardsControlAssociations.
std::string UnprocessedAssociationUpdates(
    const std::vector<UnprocessedAssociationUpdate>& unprocessed);
// Findings and products (render_findings.cc). A `next_token` is left out when empty.
// BatchImportFindings: {"FailedCount", "SuccessCount", "FailedFindings": [...]}, all three always.
std::string ImportResultOf(const ImportResult& result);
// GetFindings: {"Findings": [...], "NextToken"?}, each finding its stored document.
std::string FindingPage(const std::vector<nlohmann::json>& findings, const std::string& next_token);
// BatchUpdateFindings: {"ProcessedFindings": [...], "UnprocessedFindings": [...]}, both always.
std::string BatchUpdateResultOf(const BatchUpdateResult& result);
// GetFindingHistory: {"Records": [...], "NextToken"?}.
std::string FindingHistory(const std::vector<nlohmann::json>& records, const std::string& next_token);
// DescribeProducts: {"Products": [...], "NextToken"?}.
std::string ProductPage(const std::vector<ProductView>& products, const std::string& next_token);
// EnableImportFindingsForProduct.
std::string ProductSubscriptionArn(const std::string& arn);
// ListEnabledProductsForImport: {"ProductSubscriptions": [...], "NextToken"?}.
std::string ProductSubscriptionPage(const std::vector<std::string>& arns,
                                    const std::string& next_token);
// Insights (render_insights.cc). CreateInsight and DeleteInsight: {"InsightArn"}.
std::string InsightArn(const std::string& arn);
// GetInsights: {"Insights": [{InsightArn, Name, Filters, GroupByAttribute}], "NextToken"?}.
std::string InsightPage(const std::vector<InsightView>& insights, const std::string& next_token);
// GetInsightResults: {"InsightResults": {InsightArn, GroupByAttribute, ResultValues: [...]}}.
std::string InsightResults(const InsightResultsView& results);

// The finding aggregator (render.cc; behavior.md §17).
// CreateFindingAggregator, GetFindingAggregator, UpdateFindingAggregator: Regions left out when
// the mode names none.
std::string FindingAggregatorOf(const FindingAggregatorView& aggregator);
// ListFindingAggregators: {"FindingAggregators": [{"FindingAggregatorArn"}]}, always present.
std::string FindingAggregatorList(const std::vector<std::string>& arns);

}  // namespace render
}  // namespace shmock

#endif  // SHMOCK_PROTOCOL_RENDER_H_
