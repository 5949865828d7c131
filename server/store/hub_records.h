// SqliteHubRecords: the hubs part of the state (store.h) in the table `hubs`, one row per
// (Region, account).
#ifndef SHMOCK_STORE_HUB_RECORDS_H_
#define SHMOCK_STORE_HUB_RECORDS_H_

#include "shmock/store.h"
#include "statements.h"

namespace shmock {

class SqliteHubRecords : public HubRecords {
 public:
  explicit SqliteHubRecords(Connection& connection) : connection_(connection) {}

  std::optional<Hub> Find(const std::string& region, const std::string& account_id) override;
  bool Exists(const std::string& region, const std::string& account_id) override;
  void Put(const Hub& hub) override;
  void Delete(const std::string& region, const std::string& account_id) override;
  std::vector<Hub> All() override;

 private:
  Connection& connection_;
};

}  // namespace shmock

#endif  // SHMOCK_STORE_HUB_RECORDS_H_
