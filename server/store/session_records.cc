#include "session_records.h"

namespace shmock {
namespace {

const char kColumns[] =
    "access_key_id, secret_access_key, session_token, role_arn, account_id, role_name, "
    "role_session_name, role_id, expiration, chained";

RoleSession ReadSession(const Statement& st) {
  RoleSession s;
  s.access_key_id = st.Text(0);
  s.secret_access_key = st.Text(1);
  s.session_token = st.Text(2);
  s.role_arn = st.Text(3);
  s.account_id = st.Text(4);
  s.role_name = st.Text(5);
  s.role_session_name = st.Text(6);
  s.role_id = st.Text(7);
  s.expiration = st.Int64(8);
  s.chained = st.Flag(9);
  return s;
}

}  // namespace

std::optional<RoleSession> SqliteSessionRecords::Find(const std::string& access_key_id) {
  static const Sql sql(std::string("SELECT ") + kColumns + " FROM role_sessions WHERE access_key_id = ?");
  Statement st(connection_, sql);
  st.Bind(1, access_key_id);
  if (!st.Step()) return std::nullopt;
  return ReadSession(st);
}

void SqliteSessionRecords::Put(const RoleSession& s) {
  static const Sql sql(std::string("INSERT OR REPLACE INTO role_sessions (") + kColumns +
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Execute(connection_, sql, s.access_key_id, s.secret_access_key, s.session_token, s.role_arn,
          s.account_id, s.role_name, s.role_session_name, s.role_id,
          static_cast<int64_t>(s.expiration), s.chained);
}

std::vector<RoleSession> SqliteSessionRecords::All() {
  static const Sql sql(std::string("SELECT ") + kColumns + " FROM role_sessions ORDER BY access_key_id");
  Statement st(connection_, sql);
  std::vector<RoleSession> out;
  while (st.Step()) out.push_back(ReadSession(st));
  return out;
}

}  // namespace shmock
