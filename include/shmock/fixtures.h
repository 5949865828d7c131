// Fixtures: a JSON file of seed state the server loads at start (--fixtures), so a test or a
// demo begins with hubs, members and invitations already in place, and with access keys that
// stand for accounts (for clients whose keys are not 12-digit account ids).
//
//   {
//     "accessKeys": {"AKIAADMINEXAMPLE": "111111111111"},
//     "hubs":    [{"accountId": "111111111111", "region": "us-east-1"}],
//     "members": [{"region": "us-east-1", "administratorId": "111111111111",
//                  "accountId": "222222222222", "email": "m@example.com",
//                  "memberStatus": "Enabled"}],
//     "organization": {"managementAccountId": "100000000001",
//                      "accounts": ["111111111111", "222222222222"],
//                      "suspendedAccounts": ["333333333333"]}
//   }
//
// Every part is optional; without "organization" no organization exists, and the organization
// operations answer as AWS does for an account outside one. An organization needs
// "managementAccountId"; its accounts and suspended accounts are lists of account ids (the
// management account and suspended accounts are members of the organization too). `region` defaults to the server's default Region, `memberStatus` to
// Created. fixtures/example.json is a complete example.
#ifndef SHMOCK_FIXTURES_H_
#define SHMOCK_FIXTURES_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shmock/records.h"
#include "shmock/status.h"

namespace shmock {

struct Fixture {
  std::map<std::string, std::string> access_keys;
  std::vector<Hub> hubs;
  std::vector<Relationship> relationships;
  std::optional<OrganizationSeed> organization;
};

// Parses fixture JSON. Errors name the offending entry, e.g. "members[2].memberStatus".
Status ParseFixture(const std::string& text, const std::string& default_region, Fixture* fixture);
Status ReadFixtureFile(const std::string& path, const std::string& default_region, Fixture* fixture);

}  // namespace shmock

#endif  // SHMOCK_FIXTURES_H_
