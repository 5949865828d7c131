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
    // Findings and product subscriptions (issue 17; design.md "Findings storage"). A finding is
    // one row, its ASFF document as JSON text beside the columns its order and the web view's
    // counts read; `number` (the rowid) is its unique, stable tiebreak. Each indexed (attribute,
    // value) of a finding is a row of finding_values whose key ends with the default order, so
    // an EQUALS filter's findings come out newest first from one key range; finding_value_counts
    // tells a scan which condition has the fewest findings (value '' of attribute '': all of
    // the account's). findings.index_values lists a finding's rows, so a Put can remove them.
    R"sql(
      CREATE TABLE findings (
        number         INTEGER PRIMARY KEY,
        region         TEXT NOT NULL,
        account_id     TEXT NOT NULL,
        product_arn    TEXT NOT NULL,
        id             TEXT NOT NULL,
        updated_at     INTEGER NOT NULL,
        record_state   TEXT NOT NULL,
        severity_label TEXT NOT NULL,
        index_values   TEXT NOT NULL,
        document       TEXT NOT NULL,
        service        TEXT NOT NULL
      );
      CREATE UNIQUE INDEX findings_by_identifier ON findings (region, product_arn, id, account_id);
      CREATE INDEX findings_by_account ON findings (region, account_id, updated_at, number);
      CREATE INDEX findings_by_state ON findings (region, account_id, record_state, severity_label);
      CREATE TABLE finding_values (
        region     TEXT NOT NULL,
        account_id TEXT NOT NULL,
        attribute  TEXT NOT NULL,
        value      TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        number     INTEGER NOT NULL,
        PRIMARY KEY (region, account_id, attribute, value, updated_at, number)
      ) WITHOUT ROWID;
      CREATE TABLE finding_value_counts (
        region     TEXT NOT NULL,
        account_id TEXT NOT NULL,
        attribute  TEXT NOT NULL,
        value      TEXT NOT NULL,
        findings   INTEGER NOT NULL,
        PRIMARY KEY (region, account_id, attribute, value)
      ) WITHOUT ROWID;
      CREATE TABLE finding_history (
        sequence INTEGER PRIMARY KEY,
        finding  INTEGER NOT NULL,
        time     INTEGER NOT NULL,
        record   TEXT NOT NULL
      );
      CREATE INDEX finding_history_by_finding ON finding_history (finding, time, sequence);
      CREATE TABLE product_subscriptions (
        region     TEXT NOT NULL,
        account_id TEXT NOT NULL,
        product    TEXT NOT NULL,
        enabled    INTEGER NOT NULL,
        changed_at INTEGER NOT NULL,
        PRIMARY KEY (region, account_id, product)
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
