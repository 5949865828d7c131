// SqliteRelationshipRecords: the relationships part of the state (store.h) in the table
// `relationships`, one row per (Region, administrator, member), with an index on (Region,
// member, administrator) for the member's views and two partial indexes of the Enabled
// relationships for the default pages (schema.cc, migration 4).
#ifndef SHMOCK_STORE_RELATIONSHIP_RECORDS_H_
#define SHMOCK_STORE_RELATIONSHIP_RECORDS_H_

#include "shmock/store.h"
#include "statements.h"

namespace shmock {

class SqliteRelationshipRecords : public RelationshipRecords {
 public:
  explicit SqliteRelationshipRecords(Connection& connection) : connection_(connection) {}

  std::optional<Relationship> Find(const std::string& region, const std::string& administrator_id,
                                   const std::string& member_id) override;
  // Picks its SQL by the shape of the query (relationship_records.cc, RelationshipQueryShape).
  std::vector<Relationship> Query(const RelationshipQuery& query) override;
  void Put(const Relationship& relationship) override;
  void Delete(const std::string& region, const std::string& administrator_id,
              const std::string& member_id) override;
  std::vector<Relationship> All() override;

 private:
  Connection& connection_;
};

}  // namespace shmock

#endif  // SHMOCK_STORE_RELATIONSHIP_RECORDS_H_
