// SqliteFindingRecords: the findings part of the state (store.h) in the tables of migration 6:
// `findings` (one row per finding, the document as JSON text and the columns the order and the
// web view's counts read), `finding_values` (one row per indexed (attribute, value) of a
// finding, keyed so that a value's findings come out in the default order), its counts
// `finding_value_counts` (which tell a scan which condition to walk), and `finding_history`.
// SqliteProductSubscriptionRecords: `product_subscriptions`, one row per (Region, account,
// product). How a scan runs: finding_records.cc and docs/design.md ("Findings storage").
#ifndef SHMOCK_STORE_FINDING_RECORDS_H_
#define SHMOCK_STORE_FINDING_RECORDS_H_

#include "shmock/store.h"
#include "statements.h"

namespace shmock {

class SqliteFindingRecords : public FindingRecords {
 public:
  explicit SqliteFindingRecords(Connection& connection) : connection_(connection) {}

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
  Connection& connection_;
};

class SqliteProductSubscriptionRecords : public ProductSubscriptionRecords {
 public:
  explicit SqliteProductSubscriptionRecords(Connection& connection) : connection_(connection) {}

  std::optional<ProductSubscription> Find(const std::string& region, const std::string& account_id,
                                          const std::string& product) override;
  void Put(const ProductSubscription& subscription) override;
  std::vector<ProductSubscription> OfAccount(const std::string& region,
                                             const std::string& account_id) override;
  std::vector<ProductSubscription> All() override;

 private:
  Connection& connection_;
};

}  // namespace shmock

#endif  // SHMOCK_STORE_FINDING_RECORDS_H_
