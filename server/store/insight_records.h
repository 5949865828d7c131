// SqliteInsightRecords: the custom insights part of the state (store.h), per Region, in the
// table `insights` (migration 8): one row per insight, its filters as JSON text.
#ifndef SHMOCK_STORE_INSIGHT_RECORDS_H_
#define SHMOCK_STORE_INSIGHT_RECORDS_H_

#include "shmock/store.h"
#include "statements.h"

namespace shmock {

class SqliteInsightRecords : public InsightRecords {
 public:
  explicit SqliteInsightRecords(Connection& connection) : connection_(connection) {}

  std::optional<InsightRecord> Find(const std::string& region, const std::string& account_id,
                                    const std::string& id) override;
  std::vector<InsightRecord> OfAccount(const std::string& region,
                                       const std::string& account_id) override;
  void Put(const InsightRecord& insight) override;
  void Delete(const std::string& region, const std::string& account_id,
              const std::string& id) override;
  std::vector<InsightRecord> All() override;

 private:
  Connection& connection_;
};

}  // namespace shmock

#endif  // SHMOCK_STORE_INSIGHT_RECORDS_H_
