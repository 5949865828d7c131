// SqliteStandardsRecords: the standards part of the state (store.h) in three tables of
// migration 5: `standards_subscriptions`, `control_associations` and `security_controls`, each
// keyed by (Region, account, ...).
#ifndef SHMOCK_STORE_STANDARDS_RECORDS_H_
#define SHMOCK_STORE_STANDARDS_RECORDS_H_

#include "shmock/store.h"
#include "statements.h"

namespace shmock {

class SqliteStandardsRecords : public StandardsRecords {
 public:
  explicit SqliteStandardsRecords(Connection& connection) : connection_(connection) {}

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
  Connection& connection_;
};

}  // namespace shmock

#endif  // SHMOCK_STORE_STANDARDS_RECORDS_H_
