// Fixtures: a JSON file of seed state the server loads at start (--fixtures), so a test or a
// demo begins with hubs, members and invitations already in place, and with access keys that
// stand for accounts (for clients whose keys are not 12-digit account ids).
//
//   {
//     "accessKeys": {"AKIAADMINEXAMPLE": "111111111111",
//                    "AKIAMEMBEREXAMPLE": {"accountId": "222222222222", "secretAccessKey": "s3cret"}},
//     "hubs":    [{"accountId": "111111111111", "region": "us-east-1"}],
//     "members": [{"region": "us-east-1", "administratorId": "111111111111",
//                  "accountId": "222222222222", "email": "m@example.com",
//                  "memberStatus": "Enabled"}]
//   }
//
// An access key is an account ID, or an object naming the account and the secret that signs
// for the key (checked with --strict-auth, identity.h). Every part is optional. `region` defaults to the server's default Region, `memberStatus` to
// Created. fixtures/example.json is a complete example.
#ifndef SHMOCK_FIXTURES_H_
#define SHMOCK_FIXTURES_H_

#include <map>
#include <string>
#include <vector>

#include "shmock/records.h"
#include "shmock/status.h"

namespace shmock {

struct Fixture {
  std::map<std::string, std::string> access_keys;  // key id -> account
  std::map<std::string, std::string> secret_keys;  // key id -> secret access key, where given
  std::vector<Hub> hubs;
  std::vector<Relationship> relationships;
};

// Parses fixture JSON. Errors name the offending entry, e.g. "members[2].memberStatus".
Status ParseFixture(const std::string& text, const std::string& default_region, Fixture* fixture);
Status ReadFixtureFile(const std::string& path, const std::string& default_region, Fixture* fixture);

}  // namespace shmock

#endif  // SHMOCK_FIXTURES_H_
