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
//   per Region (every key starts with the Region)   HubRecords, RelationshipRecords,
//                                                    StandardsRecords
//                                                    FindingRecords, ProductSubscriptionRecords,
//                                                    InsightRecords
//   cross-Region                                     OrganizationRecords, SessionRecords,
//                                                    AggregatorRecords
// A new part of the state (findings, say) is one more interface here and one accessor of
// StoreTransaction; each implementation gives it one file (server/store/<part>_records.cc,
// tests/unit/memory_<part>_records.cc) and one migration (server/store/schema.cc). The parts
// already there do not change.
#ifndef SHMOCK_STORE_H_
#define SHMOCK_STORE_H_

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
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

// Standards and controls of one account in one Region: its standards subscriptions, the
// control associations a call has set (the others have their standard's default), and its
// security controls' custom parameters. Lists come in key order.
class StandardsRecords {
 public:
  virtual ~StandardsRecords() = default;
  // By standard id.
  virtual std::vector<StandardsSubscriptionRecord> Subscriptions(const std::string& region,
                                                                 const std::string& account_id) = 0;
  virtual void PutSubscription(const StandardsSubscriptionRecord& subscription) = 0;  // or replace
  virtual void DeleteSubscription(const std::string& region, const std::string& account_id,
                                  const std::string& standard_id) = 0;

  // By (standard id, control id).
  virtual std::vector<ControlAssociationRecord> Associations(const std::string& region,
                                                             const std::string& account_id) = 0;
  virtual void PutAssociation(const ControlAssociationRecord& association) = 0;  // or replace
  // Every association record of one standard.
  virtual void DeleteAssociations(const std::string& region, const std::string& account_id,
                                  const std::string& standard_id) = 0;

  virtual std::optional<SecurityControlRecord> FindControl(const std::string& region,
                                                           const std::string& account_id,
                                                           const std::string& control_id) = 0;
  virtual void PutControl(const SecurityControlRecord& control) = 0;  // insert or replace
  virtual void DeleteControl(const std::string& region, const std::string& account_id,
                             const std::string& control_id) = 0;

  // Everything of one account in one Region (its hub is disabled).
  virtual void DeleteAccount(const std::string& region, const std::string& account_id) = 0;

  // Every record in key order (Region, account, ...), for the snapshot.
  virtual std::vector<StandardsSubscriptionRecord> AllSubscriptions() = 0;
  virtual std::vector<ControlAssociationRecord> AllAssociations() = 0;
  virtual std::vector<SecurityControlRecord> AllControls() = 0;
};

// Findings: one record per finding, keyed by (Region, account, ProductArn, Id). The document is
// the ASFF finding as GetFindings answers it; everything else in the record is what the store
// needs to find, order and count findings without reading documents. The domain decides what
// those fields hold (docs/design.md, "Findings storage"); the store only keeps them.
struct FindingRecord {
  std::string region;
  std::string account_id;   // the finding's AwsAccountId: whose finding it is
  std::string product_arn;  // as the provider sent it
  std::string id;
  // Given by the store when the record is first put, and kept by every later Put: the finding's
  // place in the order of creation, unique in the store, and the tiebreak of the default order.
  // 0 before the first Put.
  int64_t number = 0;
  Millis updated_at = 0;      // UpdatedAt as an instant: the default order is (updated_at, number)
  std::string record_state;   // RecordState and Severity.Label, counted for the web view
  std::string severity_label;
  // (attribute, value) pairs an index serves: a scan's IndexCondition on an attribute finds the
  // records that list one of its values here. Each pair once. Put reads it; reads may leave it
  // empty.
  std::vector<std::pair<std::string, std::string>> index_values;
  nlohmann::json document;  // the finding as the service answers it
  nlohmann::json service;   // what the service keeps beside the document (an object, maybe empty)
};

// A condition an index serves: the record lists (attribute, v) for one of `values`.
struct IndexCondition {
  std::string attribute;
  std::vector<std::string> values;
};

// A position in the order of a scan, (updated_at, number); a scan resumes strictly after it.
struct FindingPosition {
  Millis updated_at = 0;
  int64_t number = 0;
};

// Selects findings for GetFindings, UpdateFindings and insights: the findings of the accounts
// in `view` that meet every condition, in the order of (updated_at, number), newest first unless
// `ascending`.
struct FindingScan {
  std::vector<std::pair<std::string, std::string>> view;  // (Region, account) pairs
  std::vector<IndexCondition> conditions;                 // AND-ed
  bool ascending = false;
  std::optional<FindingPosition> after;  // exclusive, in the scan's direction
};

// One entry of a finding's history: a create or an update, as GetFindingHistory answers it.
struct FindingHistoryEntry {
  int64_t finding = 0;   // FindingRecord::number
  Millis time = 0;       // UpdateTime
  int64_t sequence = 0;  // given by the store: orders entries with the same time
  nlohmann::json record;  // the FindingHistoryRecord as answered (without NextToken)
};

class FindingRecords {
 public:
  virtual ~FindingRecords() = default;
  virtual std::optional<FindingRecord> Find(const std::string& region,
                                            const std::string& account_id,
                                            const std::string& product_arn,
                                            const std::string& id) = 0;
  // Every account's finding with this (ProductArn, Id) in the Region, by account id.
  virtual std::vector<FindingRecord> FindByIdentifier(const std::string& region,
                                                      const std::string& product_arn,
                                                      const std::string& id) = 0;
  // Inserts, or replaces the record with the same key (keeping its number). Sets `number`.
  virtual void Put(FindingRecord* record) = 0;
  // Calls `visit` on each selected record in the scan's order until it returns false. The
  // store reads documents only of records that meet every condition.
  virtual void Scan(const FindingScan& scan,
                    const std::function<bool(FindingRecord&&)>& visit) = 0;
  // How many findings of the account have `record_state`, by severity label.
  virtual std::vector<std::pair<std::string, int64_t>> CountBySeverity(
      const std::string& region, const std::string& account_id,
      const std::string& record_state) = 0;
  // Every finding by Region, ProductArn, Id, then account, for the snapshot.
  virtual void All(const std::function<void(FindingRecord&&)>& visit) = 0;

  // History. Sets `entry->sequence`.
  virtual void AddHistory(FindingHistoryEntry* entry) = 0;
  // The finding's history with `from <= time <= to`, newest first (time, then sequence), after
  // `after` (exclusive: (time, sequence) of the last entry already returned), at most `limit`.
  virtual std::vector<FindingHistoryEntry> History(
      int64_t finding, Millis from, Millis to,
      const std::optional<std::pair<Millis, int64_t>>& after, size_t limit) = 0;
  virtual void ClearHistory(int64_t finding) = 0;  // every entry of the finding
  // Every history entry by finding, then (time, sequence), for the snapshot.
  virtual void AllHistory(const std::function<void(FindingHistoryEntry&&)>& visit) = 0;
};

// An account's choice about importing one product's findings, kept per Region. The domain
// knows which products are enabled without a record (products.h).
struct ProductSubscription {
  std::string region;
  std::string account_id;
  std::string product;  // "<company-id>/<product-id>"
  bool enabled = true;
  Millis changed_at = 0;
};

class ProductSubscriptionRecords {
 public:
  virtual ~ProductSubscriptionRecords() = default;
  virtual std::optional<ProductSubscription> Find(const std::string& region,
                                                  const std::string& account_id,
                                                  const std::string& product) = 0;
  virtual void Put(const ProductSubscription& subscription) = 0;  // insert or replace
  // The account's records in the Region, by product.
  virtual std::vector<ProductSubscription> OfAccount(const std::string& region,
                                                     const std::string& account_id) = 0;
  // Every record in key order (Region, account, product), for the snapshot.
  virtual std::vector<ProductSubscription> All() = 0;
};

// A custom insight (CreateInsight), kept per Region and account. The managed insights are
// built into the domain (insights.h) and never stored.
struct InsightRecord {
  std::string region;
  std::string account_id;  // the account that created it, the only one that sees it
  std::string id;          // the UUID that ends its ARN
  std::string name;
  nlohmann::json filters;  // AwsSecurityFindingFilters as the caller sent them, checked
  std::string group_by_attribute;
  Millis created_at = 0;   // with `id`, the order GetInsights lists an account's insights in
};

class InsightRecords {
 public:
  virtual ~InsightRecords() = default;
  virtual std::optional<InsightRecord> Find(const std::string& region, const std::string& account_id,
                                            const std::string& id) = 0;
  // The account's insights in the Region, by (created_at, id).
  virtual std::vector<InsightRecord> OfAccount(const std::string& region,
                                               const std::string& account_id) = 0;
  virtual void Put(const InsightRecord& insight) = 0;  // insert or replace
  virtual void Delete(const std::string& region, const std::string& account_id,
                      const std::string& id) = 0;
  // Every insight in key order (Region, account, created_at, id), for the snapshot.
  virtual std::vector<InsightRecord> All() = 0;
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

// The finding aggregator of an account (cross-Region aggregation, behavior.md §17): at most
// one per account, kept with the Region it was created in (its home Region).
struct AggregatorRecord {
  std::string account_id;
  std::string home_region;
  std::string id;            // the UUID at the end of its ARN
  std::string linking_mode;  // ALL_REGIONS, ALL_REGIONS_EXCEPT_SPECIFIED, SPECIFIED_REGIONS, NO_REGIONS
  std::vector<std::string> regions;  // the Regions the mode names, as the caller listed them
  Millis created_at = 0;
};
class AggregatorRecords {
 public:
  virtual ~AggregatorRecords() = default;
  virtual std::optional<AggregatorRecord> Find(const std::string& account_id) = 0;
  virtual void Put(const AggregatorRecord& aggregator) = 0;  // insert or replace
  virtual void Delete(const std::string& account_id) = 0;
  // Every aggregator by account id, for the snapshot.
  virtual std::vector<AggregatorRecord> All() = 0;
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
  virtual StandardsRecords& standards() = 0;
  virtual FindingRecords& findings() = 0;
  virtual ProductSubscriptionRecords& product_subscriptions() = 0;
  virtual SessionRecords& sessions() = 0;
  virtual InsightRecords& insights() = 0;
  virtual AggregatorRecords& aggregators() = 0;
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
