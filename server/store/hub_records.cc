#include "hub_records.h"

#include <nlohmann/json.hpp>

namespace shmock {
namespace {

const char kHubColumns[] =
    "region, account_id, subscribed_at, auto_enable_controls, control_finding_generator, tags";

Hub ReadHub(const Statement& st) {
  Hub hub;
  hub.region = st.Text(0);
  hub.account_id = st.Text(1);
  hub.subscribed_at = st.Int64(2);
  hub.auto_enable_controls = st.Flag(3);
  hub.control_finding_generator = st.Text(4);
  auto tags = nlohmann::json::parse(st.Text(5), nullptr, /*allow_exceptions=*/false);
  if (tags.is_object()) hub.tags = tags.get<std::map<std::string, std::string>>();
  return hub;
}

}  // namespace

std::optional<Hub> SqliteHubRecords::Find(const std::string& region,
                                          const std::string& account_id) {
  static const Sql sql(std::string("SELECT ") + kHubColumns +
                       " FROM hubs WHERE region = ? AND account_id = ?");
  Statement st(connection_, sql);
  st.BindAll(region, account_id);
  if (!st.Step()) return std::nullopt;
  return ReadHub(st);
}

bool SqliteHubRecords::Exists(const std::string& region, const std::string& account_id) {
  static const Sql sql("SELECT 1 FROM hubs WHERE region = ? AND account_id = ?");
  Statement st(connection_, sql);
  st.BindAll(region, account_id);
  return st.Step();
}

void SqliteHubRecords::Put(const Hub& hub) {
  static const Sql sql(std::string("INSERT OR REPLACE INTO hubs (") + kHubColumns +
                       ") VALUES (?, ?, ?, ?, ?, ?)");
  const std::string tags = nlohmann::json(hub.tags).dump();
  Execute(connection_, sql, hub.region, hub.account_id, hub.subscribed_at, hub.auto_enable_controls,
          hub.control_finding_generator, tags);
}

void SqliteHubRecords::Delete(const std::string& region, const std::string& account_id) {
  static const Sql sql("DELETE FROM hubs WHERE region = ? AND account_id = ?");
  Execute(connection_, sql, region, account_id);
}

std::vector<Hub> SqliteHubRecords::All() {
  static const Sql sql(std::string("SELECT ") + kHubColumns +
                       " FROM hubs ORDER BY region, account_id");
  Statement st(connection_, sql);
  std::vector<Hub> out;
  while (st.Step()) out.push_back(ReadHub(st));
  return out;
}

}  // namespace shmock
