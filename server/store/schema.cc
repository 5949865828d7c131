#include "schema.h"

#include <algorithm>
#include <cstdio>
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
    // 5: standards and controls (behavior.md §16). One row per enabled standard of an account
    // in a Region; one per control association a call has set (the rest have their
    // standard's default); one per security control with custom parameters.
    R"sql(
      CREATE TABLE standards_subscriptions (
        region          TEXT NOT NULL,
        account_id      TEXT NOT NULL,
        standard_id     TEXT NOT NULL,
        standards_input TEXT NOT NULL,
        requested_at    INTEGER NOT NULL,
        deleting        INTEGER NOT NULL,
        status_reason   TEXT NOT NULL,
        PRIMARY KEY (region, account_id, standard_id)
      ) WITHOUT ROWID;
      CREATE TABLE control_associations (
        region         TEXT NOT NULL,
        account_id     TEXT NOT NULL,
        standard_id    TEXT NOT NULL,
        control_id     TEXT NOT NULL,
        enabled        INTEGER NOT NULL,
        updated_reason TEXT NOT NULL,
        updated_at     INTEGER NOT NULL,
        PRIMARY KEY (region, account_id, standard_id, control_id)
      ) WITHOUT ROWID;
      CREATE TABLE security_controls (
        region             TEXT NOT NULL,
        account_id         TEXT NOT NULL,
        control_id         TEXT NOT NULL,
        parameters         TEXT NOT NULL,
        last_update_reason TEXT NOT NULL,
        updated_at         INTEGER NOT NULL,
        PRIMARY KEY (region, account_id, control_id)
      ) WITHOUT ROWID;
    )sql",
    // 6: findings and product subscriptions (issue 17; design.md "Findings storage"). A finding is
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
    // 8: custom insights (behavior.md §14): one row per insight, its filters as JSON text; an
    // account's are listed by (created_at, id).
    R"sql(
      CREATE TABLE insights (
        region             TEXT NOT NULL,
        account_id         TEXT NOT NULL,
        id                 TEXT NOT NULL,
        name               TEXT NOT NULL,
        filters            TEXT NOT NULL,
        group_by_attribute TEXT NOT NULL,
        created_at         INTEGER NOT NULL,
        PRIMARY KEY (region, account_id, id)
      ) WITHOUT ROWID;
      CREATE INDEX insights_by_account ON insights (region, account_id, created_at, id);
    )sql",
    // 9: the finding aggregator (behavior.md §17): at most one per account, cross-Region; its
    // linked Regions as a JSON array of Region names.
    R"sql(
      CREATE TABLE finding_aggregators (
        account_id   TEXT NOT NULL PRIMARY KEY,
        home_region  TEXT NOT NULL,
        id           TEXT NOT NULL,
        linking_mode TEXT NOT NULL,
        regions      TEXT NOT NULL,
        created_at   INTEGER NOT NULL
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

int64_t PragmaValue(Connection& connection, const Sql& sql) {
  Statement st(connection, sql);
  return st.Step() ? st.Int64(0) : 0;
}
const Sql kUserVersion("PRAGMA user_version");
const Sql kApplicationIdPragma("PRAGMA application_id");
const Sql kCountTables(
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
    "ESCAPE '\\'");

// The tables of this project's schema at `version`, sorted: the migrations up to it, run on an
// empty in-memory database. How a file from before the application_id is recognised, whatever
// its version, so a migration added later needs nothing here.
std::vector<std::string> TablesAtVersion(int64_t version) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, nullptr);
  Connection connection(db);
  for (int64_t v = 0; v < version; ++v) connection.Exec(kMigrations[v]);
  std::vector<std::string> tables;
  static const Sql sql(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
      "ESCAPE '\\' ORDER BY name");
  Statement st(connection, sql);
  while (st.Step()) tables.push_back(st.Text(0));
  return tables;
}

// Table names from a file that may be anyone's, fit for one line of a message: control
// characters shown as '?', each name cut at 64 bytes, at most 10 names.
std::string NameTables(const std::vector<std::string>& tables) {
  constexpr size_t kNames = 10, kNameBytes = 64;
  std::string out;
  for (size_t i = 0; i < tables.size() && i < kNames; ++i) {
    if (i) out += ", ";
    std::string name = tables[i].substr(0, kNameBytes);
    for (char& c : name) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
    out += name;
  }
  if (tables.size() > kNames) out += " and " + std::to_string(tables.size() - kNames) + " more";
  return out;
}

std::string Hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

}  // namespace

int SchemaVersion() { return kSchemaVersion; }

Status Admit(const std::string& path, const DatabaseFileSummary& file, int64_t* from_version) {
  *from_version = 0;
  const bool ours = file.application_id == kApplicationId;
  if (ours && file.user_version > kSchemaVersion) {
    return Status::Internal("cannot use database '" + path + "': it has schema version " +
                            std::to_string(file.user_version) + ", newer than this build's " +
                            std::to_string(kSchemaVersion) +
                            ", so it was left as it is; run the securityhub-mock release that "
                            "wrote it, or use another database file");
  }
  if (!file.exists || (file.tables.empty() && (ours || file.application_id == 0))) {
    return Status::OK();  // a new or empty database: initialised from the first migration
  }
  if (ours) {
    *from_version = file.user_version;
    return Status::OK();
  }
  if (file.application_id == 0 && file.user_version >= 1 && file.user_version <= kSchemaVersion) {
    std::vector<std::string> tables = file.tables;
    std::sort(tables.begin(), tables.end());
    if (tables == TablesAtVersion(file.user_version)) {  // written before files carried the id
      *from_version = file.user_version;
      return Status::OK();
    }
  }
  const std::string what =
      file.tables.empty() ? "has no tables but the application_id " + Hex32(file.application_id) +
                                " of another program"
                          : "has tables " + NameTables(file.tables);
  return Status::Internal("database '" + path + "' " + what +
                          "; not a securityhub-mock database, so it was left as it is: give --db "
                          "a new file, or one this server wrote");
}

void Migrate(Connection& connection, int64_t from_version) {
  connection.InWriteTransaction([&] {
    const int64_t application_id = PragmaValue(connection, kApplicationIdPragma);
    const bool as_admitted =
        from_version == 0
            ? PragmaValue(connection, kCountTables) == 0
            : PragmaValue(connection, kUserVersion) == from_version &&
                  (application_id == 0 || application_id == kApplicationId);
    if (!as_admitted) {
      throw StoreError("another program changed the database while it was being opened");
    }
    for (int64_t version = from_version; version < kSchemaVersion; ++version) {
      connection.Exec(kMigrations[version]);
    }
    connection.Exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    connection.Exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  });
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
