// Store: the port through which the domain services (membership, organizations) read and
// write state.
//
// The domain calls Store::Run once per API call; everything it does inside `body` is one
// transaction that commits when `body` returns OK and rolls back otherwise. Implementations:
// SqliteStore (sqlite_store.h) for the server, and a plain in-memory map in the unit tests.
// No exception leaves Run: the transaction methods throw StoreError on a storage failure, and
// whatever `body` or the commit throws rolls the transaction back and comes out of Run as an
// Internal status, after which the store serves the next call as usual.
#ifndef SHMOCK_STORE_H_
#define SHMOCK_STORE_H_

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "shmock/records.h"
#include "shmock/status.h"

namespace shmock {

// Selects relationships of one administrator or of one member, ordered by the other party's
// account id, for keyset pagination.
struct RelationshipQuery {
  std::string region;
  std::optional<std::string> administrator_id;  // exactly one of these two is set
  std::optional<std::string> member_id;
  std::vector<MemberStatus> statuses;  // empty: any status
  bool open_invitations_only = false;  // Relationship::has_open_invitation()
  std::string after;                   // exclusive lower bound on the other party's id
  int limit = 0;                       // 0: no limit
};

class StoreTransaction {
 public:
  virtual ~StoreTransaction() = default;
  virtual std::optional<Hub> FindHub(const std::string& region, const std::string& account_id) = 0;
  // Whether the account has a hub in the Region: FindHub without reading the hub.
  virtual bool HubExists(const std::string& region, const std::string& account_id) = 0;
  virtual void PutHub(const Hub& hub) = 0;
  virtual void DeleteHub(const std::string& region, const std::string& account_id) = 0;

  virtual std::optional<Relationship> FindRelationship(const std::string& region,
                                                       const std::string& administrator_id,
                                                       const std::string& member_id) = 0;
  virtual void PutRelationship(const Relationship& relationship) = 0;  // insert or replace
  virtual void DeleteRelationship(const std::string& region, const std::string& administrator_id,
                                  const std::string& member_id) = 0;
  virtual std::vector<Relationship> FindRelationships(const RelationshipQuery& query) = 0;

  // The organization (cross-Region): its accounts, one of them the management account.
  virtual std::optional<OrganizationAccount> FindOrganizationAccount(const std::string& account_id) = 0;
  virtual std::optional<OrganizationAccount> FindManagementAccount() = 0;
  virtual std::vector<OrganizationAccount> AllOrganizationAccounts() = 0;  // by account id
  virtual void PutOrganizationAccount(const OrganizationAccount& account) = 0;  // insert or replace
  virtual void DeleteOrganizationAccount(const std::string& account_id) = 0;

  // The delegated administrator of each Region (at most one per Region).
  virtual std::optional<DelegatedAdministrator> FindDelegatedAdministrator(const std::string& region) = 0;
  virtual std::vector<DelegatedAdministrator> FindDelegatedAdministrators() = 0;  // every Region
  virtual void PutDelegatedAdministrator(const DelegatedAdministrator& admin) = 0;  // insert or replace
  virtual void DeleteDelegatedAdministrator(const std::string& region) = 0;

  // Every record, in key order (Region, then account ids): the state snapshot reads them all.
  virtual std::vector<Hub> AllHubs() = 0;
  virtual std::vector<Relationship> AllRelationships() = 0;
};

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Store {
 public:
  enum class Access { kRead, kWrite };
  virtual ~Store() = default;
  virtual Status Run(Access access, const std::function<Status(StoreTransaction&)>& body) = 0;
  // Drops all state (the control endpoint /_mock/reset).
  virtual Status Reset() = 0;
};

}  // namespace shmock

#endif  // SHMOCK_STORE_H_
