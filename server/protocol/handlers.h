// Handlers: one named function per implemented Security Hub operation, for the operations
// table (operations.cc).
//
// Each reads the operation's input (already validated against the service model), calls the
// domain, and renders the output (render.h); nothing else. A refusal is the returned Status,
// which the Security Hub face renders as an AWS error.
#ifndef SHMOCK_PROTOCOL_HANDLERS_H_
#define SHMOCK_PROTOCOL_HANDLERS_H_

#include <nlohmann/json.hpp>
#include <string>

#include "shmock/operations.h"

namespace shmock {
namespace handlers {

// The signature every handler has (a Handler of operations.h points to one): each line
// `HandlerFunction Name;` below declares a function `Status Name(Services&, const Caller&,
// const nlohmann::json&, std::string*)`.
using HandlerFunction = Status(Services& services, const Caller& caller,
                               const nlohmann::json& input, std::string* body);

// Hub lifecycle
HandlerFunction EnableSecurityHub;
HandlerFunction DisableSecurityHub;
HandlerFunction DescribeHub;
HandlerFunction UpdateSecurityHubConfiguration;
// Administrator side
HandlerFunction CreateMembers;
HandlerFunction InviteMembers;
HandlerFunction ListMembers;
HandlerFunction GetMembers;
HandlerFunction DisassociateMembers;
HandlerFunction DeleteMembers;
// Member side
HandlerFunction ListInvitations;
HandlerFunction GetInvitationsCount;
HandlerFunction DeclineInvitations;
HandlerFunction DeleteInvitations;
HandlerFunction AcceptAdministratorInvitation;
HandlerFunction AcceptInvitation;
HandlerFunction GetAdministratorAccount;
HandlerFunction GetMasterAccount;
HandlerFunction DisassociateFromAdministratorAccount;
// Organizations
HandlerFunction EnableOrganizationAdminAccount;
HandlerFunction DisableOrganizationAdminAccount;
HandlerFunction ListOrganizationAdminAccounts;
HandlerFunction DescribeOrganizationConfiguration;
HandlerFunction UpdateOrganizationConfiguration;
// Standards and controls (standards_handlers.cc)
HandlerFunction DescribeStandards;
HandlerFunction BatchEnableStandards;
HandlerFunction BatchDisableStandards;
HandlerFunction GetEnabledStandards;
HandlerFunction DescribeStandardsControls;
HandlerFunction UpdateStandardsControl;
HandlerFunction ListSecurityControlDefinitions;
HandlerFunction GetSecurityControlDefinition;
HandlerFunction BatchGetSecurityControls;
HandlerFunction UpdateSecurityControl;
HandlerFunction ListStandardsControlAssociations;
HandlerFunction BatchGetStandardsControlAssociations;
HandlerFunction BatchUpdateStandardsControlAssociations;
// Findings and products (findings_handlers.cc)
HandlerFunction BatchImportFindings;
HandlerFunction GetFindings;
HandlerFunction BatchUpdateFindings;
HandlerFunction UpdateFindings;
HandlerFunction GetFindingHistory;
HandlerFunction DescribeProducts;
HandlerFunction EnableImportFindingsForProduct;
HandlerFunction DisableImportFindingsForProduct;
HandlerFunction ListEnabledProductsForImport;
// Insights (insights_handlers.cc)
HandlerFunction CreateInsight;
HandlerFunction GetInsights;
HandlerFunction UpdateInsight;
HandlerFunction DeleteInsight;
HandlerFunction GetInsightResults;
// The finding aggregator (aggregator_handlers.cc)
HandlerFunction CreateFindingAggregator;
HandlerFunction GetFindingAggregator;
HandlerFunction UpdateFindingAggregator;
HandlerFunction DeleteFindingAggregator;
HandlerFunction ListFindingAggregators;

}  // namespace handlers
}  // namespace shmock

#endif  // SHMOCK_PROTOCOL_HANDLERS_H_
