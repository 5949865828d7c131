// SqliteAggregatorRecords: the finding aggregators part of the state (store.h), cross-Region,
// in the table `finding_aggregators` (migration 9): one row per account that has one.
#ifndef SHMOCK_STORE_AGGREGATOR_RECORDS_H_
#define SHMOCK_STORE_AGGREGATOR_RECORDS_H_

#include "shmock/store.h"
#include "statements.h"

namespace shmock {

class SqliteAggregatorRecords : public AggregatorRecords {
 public:
  explicit SqliteAggregatorRecords(Connection& connection) : connection_(connection) {}

  std::optional<AggregatorRecord> Find(const std::string& account_id) override;
  void Put(const AggregatorRecord& aggregator) override;
  void Delete(const std::string& account_id) override;
  std::vector<AggregatorRecord> All() override;

 private:
  Connection& connection_;
};

}  // namespace shmock

#endif  // SHMOCK_STORE_AGGREGATOR_RECORDS_H_
