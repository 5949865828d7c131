// Store: the port through which the domain services read and write state.
//
// The domain calls Store::Run once per API call; everything it does inside `body` is one
// transaction that commits when `body` returns OK and rolls back otherwise. Implementations:
// SqliteStore (sqlite_store.h) for the server, and a plain in-memory map in the unit tests
// (tests/unit/memory_store.h); VersionedStore (versioned_store.h) passes calls through and
// counts the writes. No exception leaves Run: the records' methods throw StoreError on a storage
// failure, and whatever `body` or the commit throws rolls the transaction back and comes out of
// Run as an Internal status, after which the store serves the next call as usual.
//
// A transaction is made of parts, one per part of the state, each an interface of its own:
//   per Region (every key starts with the Region)   HubRecords, RelationshipRecords
//   cross-Region                                     OrganizationRecords, SessionRecords
// A new part of the state (findings, say) is one more interface here and one accessor of
// StoreTransaction; each implementation gives it one file (server/store/<part>_records.cc,
// tests/unit/memory_<part>_records.cc) and one migration (server/store/schema.cc). The parts
// already there do not change.
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

// --- Per Region ----------------------------------------------------------------------------

// Hubs: Security Hub enabled for one account in one Region, keyed by (Region, account).
class HubRecords {
 public:
  virtual ~HubRecords() = default;
  virtual std::optional<Hub> Find(const std::string& region, const std::string& account_id) = 0;
  // Whether the account has a hub in the Region: Find without reading the hub.
  virtual bool Exists(const std::string& region, const std::string& account_id) = 0;
  virtual void Put(const Hub& hub) = 0;  // insert or replace
  virtual void Delete(const std::string& region, const std::string& account_id) = 0;
  // Every hub in key order (Region, then account): the state snapshot reads them all.
  virtual std::vector<Hub> All() = 0;
};

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

// Relationships: one per (Region, administrator, member), read from both sides.
class RelationshipRecords {
 public:
  virtual ~RelationshipRecords() = default;
  virtual std::optional<Relationship> Find(const std::string& region,
                                           const std::string& administrator_id,
                                           const std::string& member_id) = 0;
  virtual std::vector<Relationship> Query(const RelationshipQuery& query) = 0;
  virtual void Put(const Relationship& relationship) = 0;  // insert or replace
  virtual void Delete(const std::string& region, const std::string& administrator_id,
                      const std::string& member_id) = 0;
  // Every relationship in key order (Region, administrator, member), for the snapshot.
  virtual std::vector<Relationship> All() = 0;
};

// --- Cross-Region --------------------------------------------------------------------------

// The organization: its accounts, one of them the management account, and the delegated
// administrator of each Region (at most one per Region; keyed by Region, but one organization's
// designations, which the domain holds to the same account everywhere).
class OrganizationRecords {
 public:
  virtual ~OrganizationRecords() = default;
  virtual std::optional<OrganizationAccount> FindAccount(const std::string& account_id) = 0;
  virtual std::optional<OrganizationAccount> FindManagementAccount() = 0;
  virtual std::vector<OrganizationAccount> AllAccounts() = 0;  // by account id
  virtual void PutAccount(const OrganizationAccount& account) = 0;  // insert or replace
  virtual void DeleteAccount(const std::string& account_id) = 0;

  virtual std::optional<DelegatedAdministrator> FindDelegatedAdministrator(
      const std::string& region) = 0;
  virtual std::vector<DelegatedAdministrator> AllDelegatedAdministrators() = 0;  // by Region
  // Insert or replace.
  virtual void PutDelegatedAdministrator(const DelegatedAdministrator& admin) = 0;
  virtual void DeleteDelegatedAdministrator(const std::string& region) = 0;
};

// Role sessions: the temporary credentials STS AssumeRole issued, keyed by access key id.
class SessionRecords {
 public:
  virtual ~SessionRecords() = default;
  virtual std::optional<RoleSession> Find(const std::string& access_key_id) = 0;
  virtual void Put(const RoleSession& session) = 0;  // insert or replace
  // Every session by access key id, for the snapshot.
  virtual std::vector<RoleSession> All() = 0;
};

// --- The port ------------------------------------------------------------------------------

// One transaction: every part of the state, each through its own interface. A part is the
// transaction's for as long as the transaction runs.
class StoreTransaction {
 public:
  virtual ~StoreTransaction() = default;
  virtual HubRecords& hubs() = 0;
  virtual RelationshipRecords& relationships() = 0;
  virtual OrganizationRecords& organization() = 0;
  virtual SessionRecords& sessions() = 0;
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
