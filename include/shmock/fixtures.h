// Fixtures: the server's state as a JSON document. One format, three uses: seed state loaded at
// start (--fixtures), a document loaded into a running server (POST /_mock/fixtures), and the
// snapshot GET /_mock/state answers. A snapshot loads back into the same state.
//
//   {
//     "accessKeys": {"AKIAADMINEXAMPLE": "111111111111",
//                    "AKIAMEMBEREXAMPLE": {"accountId": "222222222222",
//                                          "secretAccessKey": "wJalr..."}},
//     "hubs":    [{"accountId": "111111111111", "region": "us-east-1",
//                  "subscribedAt": "2021-10-22T11:31:48.385Z", "autoEnableControls": true,
//                  "controlFindingGenerator": "SECURITY_CONTROL", "tags": {"team": "sec"}}],
//     "members": [{"region": "us-east-1", "administratorId": "111111111111",
//                  "accountId": "222222222222", "email": "m@example.com",
//                  "memberStatus": "Enabled", "invitationId": "<32 lowercase hex>",
//                  "invitedAt": "2021-10-22T11:31:48.385Z", "updatedAt": "2021-10-22T11:31:48.385Z",
//                  "invitationDeleted": false}],
//     "organization": {"managementAccountId": "100000000001",
//                      "accounts": ["111111111111", "222222222222"],
//                      "suspendedAccounts": ["333333333333"],
//                      "delegatedAdministrators": [{"region": "us-east-1",
//                          "accountId": "111111111111", "autoEnable": true,
//                          "autoEnableStandards": "DEFAULT", "configurationType": "LOCAL"}]}
//   (a member entry may add "origin": "Organization": an organization member, which may be
//   AccountSuspended and carries no invitation)
//     "findings": [{"SchemaVersion": "2018-10-08", "Id": "...", "ProductArn": "...",
//                   "AwsAccountId": "222222222222", ... an ASFF finding}]
//   (checked and filled in by Findings::Seed; behavior.md decision 37)
//     "sessions": [{"accessKeyId": "ASIA...", "secretAccessKey": "...", "sessionToken": "...",
//                   "roleArn": "arn:aws:iam::222222222222:role/Admin", "roleSessionName": "s1",
//                   "roleId": "AROA...", "expiration": "2021-10-22T12:31:48.000Z",
//                   "chained": false}]
//   (role sessions AssumeRole issued, secrets included: the credentials are the mock's own, and
//   a restored session must still sign under --strict-auth; roleId defaults to the role's)
//     "insights": [{"accountId": "111111111111", "region": "us-east-1",
//                   "insightArn": "arn:aws:securityhub:us-east-1:111111111111:insight/111111111111/custom/<id>",
//                   "name": "...", "filters": {...}, "groupByAttribute": "SeverityLabel",
//                   "createdAt": "2021-10-22T11:31:48.385Z"}]
//   (custom insights; insightArn (default: a new id) and createdAt (default: the load time)
//   optional; filters and groupByAttribute checked as CreateInsight checks them)
//     "aggregators": [{"accountId": "111111111111", "homeRegion": "us-east-1", "id": "<uuid>",
//                      "regionLinkingMode": "SPECIFIED_REGIONS", "regions": ["eu-west-1"],
//                      "createdAt": "2021-10-22T11:31:48.385Z"}]
//   (finding aggregators, one per account, checked as CreateFindingAggregator checks them;
//   homeRegion defaults to the server's Region, id to a new UUID)
//   }
//
// An access key is an account ID, or an object naming the account and the secret that signs
// for the key (checked with --strict-auth, identity.h; never written back out).
// Every part is optional, and so is every member of an entry but its account ids. Without
// "organization" no organization exists and the organization operations answer as AWS does for
// an account outside one; with it, "managementAccountId" is required (the management account
// and the suspended accounts are members of the organization too). Defaults:
// `region` the server's default Region; `memberStatus` Created; `subscribedAt` the load time;
// `autoEnableControls` true; `controlFindingGenerator` SECURITY_CONTROL; past Created, a new
// `invitationId` and `invitedAt` the load time; `updatedAt` the invitation time.
// Timestamps are ISO 8601 UTC, with or without milliseconds. An unknown member is an error
// (a misspelt one would otherwise be ignored). fixtures/*.json are complete examples.
//
// Errors name the place by its JSON pointer (RFC 6901) and say what is wrong:
//   /members/2/memberStatus: 'ENABLED' is not one of Created, Invited, ...
// A document that is not JSON gets the byte offset of the error.
#ifndef SHMOCK_FIXTURES_H_
#define SHMOCK_FIXTURES_H_

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "shmock/access_keys.h"
#include "shmock/insights.h"
#include "shmock/records.h"
#include "shmock/store.h"
#include "shmock/status.h"

namespace shmock {

// The whole format. A part added to the state is a member here and, in fixtures.cc, one entry
// of kParts: its name, a parse and a dump function.
struct Fixture {
  std::map<std::string, AccessKey> access_keys;
  std::vector<Hub> hubs;
  std::vector<Relationship> relationships;  // "members"
  std::optional<OrganizationSeed> organization;
  // "findings": ASFF findings as GetFindings answers them (findings.h, Findings::Seed), each
  // in its "Region" (default: the server's) and its AwsAccountId's account.
  std::vector<nlohmann::json> findings;
  std::vector<RoleSession> sessions;  // what Sessions::Seed completes
  std::vector<InsightSeed> insights;  // custom insights (fixture_insights.h, Insights::Seed)
  std::vector<AggregatorRecord> aggregators;  // what Aggregators::Seed checks and completes
};

// Parses a fixture document; an InvalidInput status on any error, `*fixture` then unspecified.
Status ParseFixture(const std::string& text, const std::string& default_region, Fixture* fixture);
// ParseFixture on a file's contents; errors start with the path.
Status ReadFixtureFile(const std::string& path, const std::string& default_region, Fixture* fixture);

// Writes every field of every record, one entry per line, so ParseFixture reads back the same
// records. Secret access keys are never written: a key is dumped as the account it stands for.
std::string DumpFixture(const Fixture& fixture);

// The JSON pointer of relationships[index] in a fixture document ("/members/<index>").
std::string RelationshipPointer(size_t index);

}  // namespace shmock

#endif  // SHMOCK_FIXTURES_H_
