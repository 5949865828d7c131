#include "aggregator_records.h"

#include <nlohmann/json.hpp>

namespace shmock {
namespace {

const char kColumns[] = "account_id, home_region, id, linking_mode, regions, created_at";

// The Regions are kept as a JSON array of strings: the list as the caller gave it, in order.
AggregatorRecord ReadAggregator(const Statement& st) {
  AggregatorRecord a;
  a.account_id = st.Text(0);
  a.home_region = st.Text(1);
  a.id = st.Text(2);
  a.linking_mode = st.Text(3);
  const nlohmann::json regions = nlohmann::json::parse(st.Text(4), nullptr, false);
  if (!regions.is_array()) throw StoreError("finding_aggregators.regions is not a JSON array");
  for (const auto& r : regions) {
    if (r.is_string()) a.regions.push_back(r.get<std::string>());
  }
  a.created_at = st.Int64(5);
  return a;
}

}  // namespace

std::optional<AggregatorRecord> SqliteAggregatorRecords::Find(const std::string& account_id) {
  static const Sql sql(std::string("SELECT ") + kColumns +
                       " FROM finding_aggregators WHERE account_id = ?");
  Statement st(connection_, sql);
  st.Bind(1, account_id);
  if (!st.Step()) return std::nullopt;
  return ReadAggregator(st);
}

void SqliteAggregatorRecords::Put(const AggregatorRecord& a) {
  static const Sql sql(std::string("INSERT OR REPLACE INTO finding_aggregators (") + kColumns +
                       ") VALUES (?, ?, ?, ?, ?, ?)");
  const std::string regions = nlohmann::json(a.regions).dump();
  Execute(connection_, sql, a.account_id, a.home_region, a.id, a.linking_mode, regions,
          static_cast<int64_t>(a.created_at));
}

void SqliteAggregatorRecords::Delete(const std::string& account_id) {
  static const Sql sql("DELETE FROM finding_aggregators WHERE account_id = ?");
  Execute(connection_, sql, account_id);
}

std::vector<AggregatorRecord> SqliteAggregatorRecords::All() {
  static const Sql sql(std::string("SELECT ") + kColumns +
                       " FROM finding_aggregators ORDER BY account_id");
  Statement st(connection_, sql);
  std::vector<AggregatorRecord> out;
  while (st.Step()) out.push_back(ReadAggregator(st));
  return out;
}

}  // namespace shmock
