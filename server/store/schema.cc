#include "schema.h"

#include <string>
#include <vector>

#include "shmock/store.h"

namespace shmock {
namespace {

// Each entry moves the schema from version i to i+1. Append; never edit a shipped entry.
const char* const kMigrations[] = {
    R"sql(
      CREATE TABLE hubs (
        region                    TEXT NOT NULL,
        account_id                TEXT NOT NULL,
        subscribed_at             INTEGER NOT NULL,
        auto_enable_controls      INTEGER NOT NULL,
        control_finding_generator TEXT NOT NULL,
        tags                      TEXT NOT NULL,
        PRIMARY KEY (region, account_id)
      ) WITHOUT ROWID;
      CREATE TABLE relationships (
        region             TEXT NOT NULL,
        administrator_id   TEXT NOT NULL,
        member_id          TEXT NOT NULL,
        email              TEXT,
        status             TEXT NOT NULL,
        invitation_id      TEXT NOT NULL,
        invited_at         INTEGER,
        updated_at         INTEGER NOT NULL,
        invitation_deleted INTEGER NOT NULL,
        PRIMARY KEY (region, administrator_id, member_id)
      ) WITHOUT ROWID;
      CREATE INDEX relationships_by_member ON relationships (region, member_id, administrator_id);
    )sql",
    // The default pages: an administrator's ListMembers (OnlyAssociated=true) and a member's
    // enabled administrator read only Enabled relationships; without these, SQLite walks every
    // relationship of the account to find them, so the page cost grew with the member count.
    R"sql(
      CREATE INDEX relationships_by_administrator_status
        ON relationships (region, administrator_id, status, member_id);
      CREATE INDEX relationships_by_member_status
        ON relationships (region, member_id, status, administrator_id);
    )sql",
    // Organizations (issue 8): how a relationship was made, the organization's accounts
    // (cross-Region) and each Region's delegated administrator with its configuration.
    R"sql(
      ALTER TABLE relationships ADD COLUMN origin TEXT NOT NULL DEFAULT 'Invitation';
      CREATE TABLE organization_accounts (
        account_id TEXT NOT NULL PRIMARY KEY,
        management INTEGER NOT NULL,
        suspended  INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE delegated_administrators (
        region                TEXT NOT NULL PRIMARY KEY,
        account_id            TEXT NOT NULL,
        status                TEXT NOT NULL,
        auto_enable           INTEGER NOT NULL,
        auto_enable_standards TEXT NOT NULL,
        configuration_type    TEXT NOT NULL
      ) WITHOUT ROWID;
    )sql",
    // The status indexes of migration 2 held every relationship, so each row CreateMembers
    // wrote went into four b-trees instead of two (a batch of 50 on a file database: 3.6M
    // instructions, from 2.7M). Only Enabled relationships are read through them (the default
    // pages): indexes of those alone cost nothing to create, invite or delete members. The
    // administrator's holds every column, so its page reads no table row; a column added to
    // relationships must be added to it (by a new migration), or that page reads rows again.
    R"sql(
      DROP INDEX relationships_by_administrator_status;
      DROP INDEX relationships_by_member_status;
      CREATE INDEX relationships_enabled_by_administrator
        ON relationships (region, administrator_id, member_id, email, status, invitation_id,
                          invited_at, updated_at, invitation_deleted, origin)
        WHERE status = 'Enabled';
      CREATE INDEX relationships_enabled_by_member
        ON relationships (region, member_id, administrator_id)
        WHERE status = 'Enabled';
    )sql",
    // 5 and 6 are reserved for the findings and insights parts (the parallel branches); each
    // branch that lands replaces its placeholder with its tables. An empty migration only moves
    // user_version.
    "",  // 5: findings and product subscriptions
    "",  // 6: insights
    // 7: role sessions (behavior.md §15): the temporary credentials STS AssumeRole issued, one
    // row per access key id, which every signed call with an ASIA key looks up.
    R"sql(
      CREATE TABLE role_sessions (
        access_key_id     TEXT NOT NULL PRIMARY KEY,
        secret_access_key TEXT NOT NULL,
        session_token     TEXT NOT NULL,
        role_arn          TEXT NOT NULL,
        account_id        TEXT NOT NULL,
        role_name         TEXT NOT NULL,
        role_session_name TEXT NOT NULL,
        role_id           TEXT NOT NULL,
        expiration        INTEGER NOT NULL,
        chained           INTEGER NOT NULL
      ) WITHOUT ROWID;
    )sql",
};
constexpr int kSchemaVersion = sizeof(kMigrations) / sizeof(kMigrations[0]);

// `name` as an SQL identifier.
std::string QuoteName(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';  // doubled
    quoted += c;
  }
  return quoted + "\"";
}

void SetUserVersion(Connection& connection, int version) {
  connection.Exec("PRAGMA user_version = " + std::to_string(version));
}

int UserVersion(Connection& connection) {
  static const Sql sql("PRAGMA user_version");
  Statement st(connection, sql);
  return st.Step() ? static_cast<int>(st.Int64(0)) : 0;
}

}  // namespace

void Migrate(Connection& connection) {
  int version = UserVersion(connection);
  if (version > kSchemaVersion) {
    throw StoreError("the database has schema version " + std::to_string(version) +
                     ", newer than this build's " + std::to_string(kSchemaVersion));
  }
  for (; version < kSchemaVersion; ++version) {
    connection.InWriteTransaction([&] {
      connection.Exec(kMigrations[version]);
      SetUserVersion(connection, version + 1);
    });
  }
}

void ProveWritable(Connection& connection) {
  connection.InWriteTransaction([&] { SetUserVersion(connection, UserVersion(connection)); });
}

void DeleteAllRows(Connection& connection) {
  std::vector<std::string> tables;
  {
    static const Sql sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
        "'sqlite\\_%' ESCAPE '\\'");
    Statement st(connection, sql);
    while (st.Step()) tables.push_back(st.Text(0));
  }
  for (const std::string& table : tables) connection.Exec("DELETE FROM " + QuoteName(table));
}

}  // namespace shmock
