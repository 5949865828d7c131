#include "insight_records.h"

namespace shmock {
namespace {

const char kColumns[] = "region, account_id, id, name, filters, group_by_attribute, created_at";

InsightRecord ReadInsight(const Statement& st) {
  InsightRecord r;
  r.region = st.Text(0);
  r.account_id = st.Text(1);
  r.id = st.Text(2);
  r.name = st.Text(3);
  // Written by Put from a JSON value, so it parses; a damaged row reads as no filters rather
  // than throwing out of every read of the account.
  r.filters = nlohmann::json::parse(st.Text(4), nullptr, /*allow_exceptions=*/false);
  if (r.filters.is_discarded()) r.filters = nlohmann::json::object();
  r.group_by_attribute = st.Text(5);
  r.created_at = st.Int64(6);
  return r;
}

}  // namespace

std::optional<InsightRecord> SqliteInsightRecords::Find(const std::string& region,
                                                        const std::string& account_id,
                                                        const std::string& id) {
  static const Sql sql(std::string("SELECT ") + kColumns +
                       " FROM insights WHERE region = ? AND account_id = ? AND id = ?");
  Statement st(connection_, sql);
  st.BindAll(region, account_id, id);
  if (!st.Step()) return std::nullopt;
  return ReadInsight(st);
}

std::vector<InsightRecord> SqliteInsightRecords::OfAccount(const std::string& region,
                                                           const std::string& account_id) {
  static const Sql sql(std::string("SELECT ") + kColumns +
                       " FROM insights WHERE region = ? AND account_id = ? ORDER BY created_at, id");
  Statement st(connection_, sql);
  st.BindAll(region, account_id);
  std::vector<InsightRecord> out;
  while (st.Step()) out.push_back(ReadInsight(st));
  return out;
}

void SqliteInsightRecords::Put(const InsightRecord& r) {
  static const Sql sql(std::string("INSERT OR REPLACE INTO insights (") + kColumns +
                       ") VALUES (?, ?, ?, ?, ?, ?, ?)");
  const std::string filters =
      r.filters.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Execute(connection_, sql, r.region, r.account_id, r.id, r.name, filters, r.group_by_attribute,
          static_cast<int64_t>(r.created_at));
}

void SqliteInsightRecords::Delete(const std::string& region, const std::string& account_id,
                                  const std::string& id) {
  static const Sql sql("DELETE FROM insights WHERE region = ? AND account_id = ? AND id = ?");
  Execute(connection_, sql, region, account_id, id);
}

std::vector<InsightRecord> SqliteInsightRecords::All() {
  static const Sql sql(std::string("SELECT ") + kColumns +
                       " FROM insights ORDER BY region, account_id, created_at, id");
  Statement st(connection_, sql);
  std::vector<InsightRecord> out;
  while (st.Step()) out.push_back(ReadInsight(st));
  return out;
}

}  // namespace shmock
