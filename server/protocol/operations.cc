#include "shmock/operations.h"

#include "protocol/handlers.h"
#include "protocol/service_model.h"

namespace shmock {

// The table. scripts/gen_service_model.py reads these rows (name first, one row a line), so
// keep each row's shape: {"Name", handlers::Function, Access::kRead or kWrite},
namespace {
using A = Access;
// A table, not a function: it grows a row an operation (check_sizes.py holds functions to 60
// lines, not data).
const OperationRow kRows[] = {
      // Hub lifecycle
      {"EnableSecurityHub", handlers::EnableSecurityHub, A::kWrite},
      {"DisableSecurityHub", handlers::DisableSecurityHub, A::kWrite},
      {"DescribeHub", handlers::DescribeHub, A::kRead},
      {"UpdateSecurityHubConfiguration", handlers::UpdateSecurityHubConfiguration, A::kWrite},
      // Administrator side
      {"CreateMembers", handlers::CreateMembers, A::kWrite},
      {"InviteMembers", handlers::InviteMembers, A::kWrite},
      {"ListMembers", handlers::ListMembers, A::kRead},
      {"GetMembers", handlers::GetMembers, A::kRead},  // a POST, and still a read
      {"DisassociateMembers", handlers::DisassociateMembers, A::kWrite},
      {"DeleteMembers", handlers::DeleteMembers, A::kWrite},
      // Member side
      {"ListInvitations", handlers::ListInvitations, A::kRead},
      {"GetInvitationsCount", handlers::GetInvitationsCount, A::kRead},
      {"DeclineInvitations", handlers::DeclineInvitations, A::kWrite},
      {"DeleteInvitations", handlers::DeleteInvitations, A::kWrite},
      {"AcceptAdministratorInvitation", handlers::AcceptAdministratorInvitation, A::kWrite},
      {"AcceptInvitation", handlers::AcceptInvitation, A::kWrite},
      {"GetAdministratorAccount", handlers::GetAdministratorAccount, A::kRead},
      {"GetMasterAccount", handlers::GetMasterAccount, A::kRead},
      {"DisassociateFromAdministratorAccount", handlers::DisassociateFromAdministratorAccount,
       A::kWrite},
      {"DisassociateFromMasterAccount", handlers::DisassociateFromAdministratorAccount, A::kWrite},
      // Organizations
      {"EnableOrganizationAdminAccount", handlers::EnableOrganizationAdminAccount, A::kWrite},
      {"DisableOrganizationAdminAccount", handlers::DisableOrganizationAdminAccount, A::kWrite},
      // Listing an administrator in DISABLE_IN_PROGRESS completes its removal: a write
      // (organizations.h), so never cached.
      {"ListOrganizationAdminAccounts", handlers::ListOrganizationAdminAccounts, A::kWrite},
      {"DescribeOrganizationConfiguration", handlers::DescribeOrganizationConfiguration, A::kRead},
      {"UpdateOrganizationConfiguration", handlers::UpdateOrganizationConfiguration, A::kWrite},
      // Standards and controls (standards_handlers.cc). A subscription's status changes with
      // time alone (decision 51), so the reads that show one are kWrite: never cached.
      {"DescribeStandards", handlers::DescribeStandards, A::kRead},
      {"BatchEnableStandards", handlers::BatchEnableStandards, A::kWrite},
      {"BatchDisableStandards", handlers::BatchDisableStandards, A::kWrite},
      {"GetEnabledStandards", handlers::GetEnabledStandards, A::kWrite},
      {"DescribeStandardsControls", handlers::DescribeStandardsControls, A::kWrite},
      {"UpdateStandardsControl", handlers::UpdateStandardsControl, A::kWrite},
      {"ListSecurityControlDefinitions", handlers::ListSecurityControlDefinitions, A::kRead},
      {"GetSecurityControlDefinition", handlers::GetSecurityControlDefinition, A::kRead},
      {"BatchGetSecurityControls", handlers::BatchGetSecurityControls, A::kWrite},
      {"UpdateSecurityControl", handlers::UpdateSecurityControl, A::kWrite},
      {"ListStandardsControlAssociations", handlers::ListStandardsControlAssociations, A::kWrite},
      {"BatchGetStandardsControlAssociations", handlers::BatchGetStandardsControlAssociations,
       A::kWrite},
      {"BatchUpdateStandardsControlAssociations", handlers::BatchUpdateStandardsControlAssociations,
       A::kWrite},
      // Findings
      {"BatchImportFindings", handlers::BatchImportFindings, A::kWrite},
      {"GetFindings", handlers::GetFindings, A::kRead},  // a POST, and still a read
      {"BatchUpdateFindings", handlers::BatchUpdateFindings, A::kWrite},
      {"UpdateFindings", handlers::UpdateFindings, A::kWrite},
      {"GetFindingHistory", handlers::GetFindingHistory, A::kRead},
      // Products
      {"DescribeProducts", handlers::DescribeProducts, A::kRead},
      {"EnableImportFindingsForProduct", handlers::EnableImportFindingsForProduct, A::kWrite},
      {"DisableImportFindingsForProduct", handlers::DisableImportFindingsForProduct, A::kWrite},
      {"ListEnabledProductsForImport", handlers::ListEnabledProductsForImport, A::kRead},
      // Insights (insights_handlers.cc)
      {"CreateInsight", handlers::CreateInsight, A::kWrite},
      {"GetInsights", handlers::GetInsights, A::kRead},  // a POST, and still a read
      {"UpdateInsight", handlers::UpdateInsight, A::kWrite},
      {"DeleteInsight", handlers::DeleteInsight, A::kWrite},
      {"GetInsightResults", handlers::GetInsightResults, A::kRead},
      {"CreateFindingAggregator", handlers::CreateFindingAggregator, A::kWrite},
      {"GetFindingAggregator", handlers::GetFindingAggregator, A::kRead},
      {"UpdateFindingAggregator", handlers::UpdateFindingAggregator, A::kWrite},
      {"DeleteFindingAggregator", handlers::DeleteFindingAggregator, A::kWrite},
      {"ListFindingAggregators", handlers::ListFindingAggregators, A::kRead},
};
}  // namespace

const std::vector<OperationRow>& Operations() {
  static const std::vector<OperationRow> rows(std::begin(kRows), std::end(kRows));
  return rows;
}

const OperationRow* FindOperation(std::string_view name) {
  for (const OperationRow& row : Operations()) {
    if (name == row.name) return &row;
  }
  return nullptr;
}

std::set<std::string> OperationNames() {
  std::set<std::string> names;
  for (const OperationRow& row : Operations()) names.insert(row.name);
  return names;
}

Status CheckOperations(const ServiceModel& model, const std::vector<OperationRow>& rows) {
  std::set<std::string> implemented, named;
  for (const OperationRow& row : rows) named.insert(row.name);
  std::string problems;
  for (const Operation& op : model.operations()) {
    if (!op.implemented()) continue;
    implemented.insert(op.name);
    if (!named.count(op.name)) problems += " " + op.name + " has no handler;";
  }
  for (const std::string& name : named) {
    if (!implemented.count(name)) {
      problems += " the handler " + name + " has no implemented operation in the model;";
    }
  }
  if (problems.empty()) return Status::OK();
  problems.pop_back();
  return Status::Internal("the service model and the operations table disagree:" + problems +
                          " (regenerate the model with scripts/gen_service_model.py)");
}

}  // namespace shmock
