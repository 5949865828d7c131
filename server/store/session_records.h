// SqliteSessionRecords: the role sessions part of the state (store.h), cross-Region, in the
// table `role_sessions` (migration 7): one row per temporary access key AssumeRole issued.
#ifndef SHMOCK_STORE_SESSION_RECORDS_H_
#define SHMOCK_STORE_SESSION_RECORDS_H_

#include "shmock/store.h"
#include "statements.h"

namespace shmock {

class SqliteSessionRecords : public SessionRecords {
 public:
  explicit SqliteSessionRecords(Connection& connection) : connection_(connection) {}

  std::optional<RoleSession> Find(const std::string& access_key_id) override;
  void Put(const RoleSession& session) override;
  std::vector<RoleSession> All() override;

 private:
  Connection& connection_;
};

}  // namespace shmock

#endif  // SHMOCK_STORE_SESSION_RECORDS_H_
