// MemoryStore: a plain in-memory Store for testing the domain without SQLite.
//
// It follows the store port's split (store.h): each part of the state is a class over its own
// maps, in a file of its own (memory_<part>_records.cc). A transaction works on the live parts;
// Run restores a copy of all of them, taken at its start, on rollback.
#ifndef SHMOCK_TESTS_MEMORY_STORE_H_
#define SHMOCK_TESTS_MEMORY_STORE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>

#include "shmock/store.h"

namespace shmock {

class MemoryHubRecords : public HubRecords {
 public:
  std::optional<Hub> Find(const std::string& region, const std::string& account_id) override;
  bool Exists(const std::string& region, const std::string& account_id) override;
  void Put(const Hub& hub) override;
  void Delete(const std::string& region, const std::string& account_id) override;
  std::vector<Hub> All() override;

 private:
  std::map<std::pair<std::string, std::string>, Hub> hubs_;  // by (Region, account)
};

class MemoryRelationshipRecords : public RelationshipRecords {
 public:
  std::optional<Relationship> Find(const std::string& region, const std::string& administrator_id,
                                   const std::string& member_id) override;
  std::vector<Relationship> Query(const RelationshipQuery& query) override;
  void Put(const Relationship& relationship) override;
  void Delete(const std::string& region, const std::string& administrator_id,
              const std::string& member_id) override;
  std::vector<Relationship> All() override;

 private:
  // By (Region, administrator, member).
  std::map<std::tuple<std::string, std::string, std::string>, Relationship> relationships_;
};

class MemoryOrganizationRecords : public OrganizationRecords {
 public:
  std::optional<OrganizationAccount> FindAccount(const std::string& account_id) override;
  std::optional<OrganizationAccount> FindManagementAccount() override;
  std::vector<OrganizationAccount> AllAccounts() override;
  void PutAccount(const OrganizationAccount& account) override;
  void DeleteAccount(const std::string& account_id) override;

  std::optional<DelegatedAdministrator> FindDelegatedAdministrator(
      const std::string& region) override;
  std::vector<DelegatedAdministrator> AllDelegatedAdministrators() override;
  void PutDelegatedAdministrator(const DelegatedAdministrator& admin) override;
  void DeleteDelegatedAdministrator(const std::string& region) override;

 private:
  std::map<std::string, OrganizationAccount> accounts_;                     // cross-Region
  std::map<std::string, DelegatedAdministrator> delegated_administrators_;  // by Region
};

class MemoryStandardsRecords : public StandardsRecords {
 public:
  std::vector<StandardsSubscriptionRecord> Subscriptions(const std::string& region,
                                                         const std::string& account_id) override;
  void PutSubscription(const StandardsSubscriptionRecord& subscription) override;
  void DeleteSubscription(const std::string& region, const std::string& account_id,
                          const std::string& standard_id) override;
  std::vector<ControlAssociationRecord> Associations(const std::string& region,
                                                     const std::string& account_id) override;
  void PutAssociation(const ControlAssociationRecord& association) override;
  void DeleteAssociations(const std::string& region, const std::string& account_id,
                          const std::string& standard_id) override;
  std::optional<SecurityControlRecord> FindControl(const std::string& region,
                                                   const std::string& account_id,
                                                   const std::string& control_id) override;
  void PutControl(const SecurityControlRecord& control) override;
  void DeleteControl(const std::string& region, const std::string& account_id,
                     const std::string& control_id) override;
  void DeleteAccount(const std::string& region, const std::string& account_id) override;
  std::vector<StandardsSubscriptionRecord> AllSubscriptions() override;
  std::vector<ControlAssociationRecord> AllAssociations() override;
  std::vector<SecurityControlRecord> AllControls() override;

 private:
  using Key3 = std::tuple<std::string, std::string, std::string>;
  using Key4 = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key3, StandardsSubscriptionRecord> subscriptions_;  // (Region, account, standard)
  std::map<Key4, ControlAssociationRecord> associations_;  // (Region, account, standard, control)
  std::map<Key3, SecurityControlRecord> controls_;              // (Region, account, control)
};

class MemoryFindingRecords : public FindingRecords {
 public:
  std::optional<FindingRecord> Find(const std::string& region, const std::string& account_id,
                                    const std::string& product_arn, const std::string& id) override;
  std::vector<FindingRecord> FindByIdentifier(const std::string& region,
                                              const std::string& product_arn,
                                              const std::string& id) override;
  void Put(FindingRecord* record) override;
  void Scan(const FindingScan& scan, const std::function<bool(FindingRecord&&)>& visit) override;
  std::vector<std::pair<std::string, int64_t>> CountBySeverity(
      const std::string& region, const std::string& account_id,
      const std::string& record_state) override;
  void All(const std::function<void(FindingRecord&&)>& visit) override;
  void AddHistory(FindingHistoryEntry* entry) override;
  std::vector<FindingHistoryEntry> History(int64_t finding, Millis from, Millis to,
                                           const std::optional<std::pair<Millis, int64_t>>& after,
                                           size_t limit) override;
  void ClearHistory(int64_t finding) override;
  void AllHistory(const std::function<void(FindingHistoryEntry&&)>& visit) override;

 private:
  // By (Region, ProductArn, Id, account): the order of All and of FindByIdentifier.
  std::map<std::tuple<std::string, std::string, std::string, std::string>, FindingRecord> findings_;
  int64_t next_number_ = 1;
  std::vector<FindingHistoryEntry> history_;  // in the order added
  int64_t next_sequence_ = 1;
};

class MemoryProductSubscriptionRecords : public ProductSubscriptionRecords {
 public:
  std::optional<ProductSubscription> Find(const std::string& region, const std::string& account_id,
                                          const std::string& product) override;
  void Put(const ProductSubscription& subscription) override;
  std::vector<ProductSubscription> OfAccount(const std::string& region,
                                             const std::string& account_id) override;
  std::vector<ProductSubscription> All() override;

 private:
  // By (Region, account, product).
  std::map<std::tuple<std::string, std::string, std::string>, ProductSubscription> subscriptions_;
};

class MemorySessionRecords : public SessionRecords {
 public:
  std::optional<RoleSession> Find(const std::string& access_key_id) override;
  void Put(const RoleSession& session) override;
  std::vector<RoleSession> All() override;

 private:
  std::map<std::string, RoleSession> sessions_;  // by access key id
};

class MemoryInsightRecords : public InsightRecords {
 public:
  std::optional<InsightRecord> Find(const std::string& region, const std::string& account_id,
                                    const std::string& id) override;
  std::vector<InsightRecord> OfAccount(const std::string& region,
                                       const std::string& account_id) override;
  void Put(const InsightRecord& insight) override;
  void Delete(const std::string& region, const std::string& account_id,
              const std::string& id) override;
  std::vector<InsightRecord> All() override;

 private:
  // By (Region, account, created_at, id): the order of OfAccount and All.
  std::map<std::tuple<std::string, std::string, Millis, std::string>, InsightRecord> insights_;
};

class MemoryAggregatorRecords : public AggregatorRecords {
 public:
  std::optional<AggregatorRecord> Find(const std::string& account_id) override;
  void Put(const AggregatorRecord& aggregator) override;
  void Delete(const std::string& account_id) override;
  std::vector<AggregatorRecord> All() override;

 private:
  std::map<std::string, AggregatorRecord> aggregators_;  // by account id
};

class MemoryStore : public Store {
 public:
  Status Run(Access access, const std::function<Status(StoreTransaction&)>& body) override;
  Status Reset() override;

 private:
  // The whole state, which is also the transaction every body gets: a copy of it is a snapshot.
  class State : public StoreTransaction {
   public:
    HubRecords& hubs() override { return hubs_; }
    RelationshipRecords& relationships() override { return relationships_; }
    OrganizationRecords& organization() override { return organization_; }
    StandardsRecords& standards() override { return standards_; }
    FindingRecords& findings() override { return findings_; }
    ProductSubscriptionRecords& product_subscriptions() override { return subscriptions_; }
    SessionRecords& sessions() override { return sessions_; }
    InsightRecords& insights() override { return insights_; }
    AggregatorRecords& aggregators() override { return aggregators_; }

   private:
    MemoryHubRecords hubs_;
    MemoryRelationshipRecords relationships_;
    MemoryOrganizationRecords organization_;
    MemoryStandardsRecords standards_;
    MemoryFindingRecords findings_;
    MemoryProductSubscriptionRecords subscriptions_;
    MemorySessionRecords sessions_;
    MemoryInsightRecords insights_;
    MemoryAggregatorRecords aggregators_;
  };

  std::mutex mu_;
  State state_;
};

// The store a test parameterized on both stores runs on: "memory" (a MemoryStore) or "sqlite"
// (a SqliteStore on ":memory:"); null when SQLite cannot open one.
std::unique_ptr<Store> NewTestStore(const std::string& kind);

// A clock the test moves by hand.
class FakeClock : public Clock {
 public:
  explicit FakeClock(Millis start = 1634902308385) : now_(start) {}  // 2021-10-22T11:31:48.385Z
  Millis NowMillis() override { return now_; }
  void Advance(Millis ms) { now_ += ms; }

 private:
  Millis now_;
};

}  // namespace shmock

#endif  // SHMOCK_TESTS_MEMORY_STORE_H_
