// The database files SqliteStore opens: every schema version a build shipped is brought up to
// this build's, and a file that is not this project's, or is newer, is refused and left as it was.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "../../server/store/schema.h"
#include "shmock/sqlite_store.h"
#include "store_files.h"

namespace shmock {
namespace {

// --- Files written by earlier versions ---------------------------------------------------------
//
// One row per schema version a build shipped: the file that version wrote, as SQL (its schema as
// it shipped, copied here and never derived from schema.cc, so that an edit of a shipped
// migration shows; and rows in that version's columns), and what must be true of those rows once
// this build has opened the file. Every row is also checked for what holds of any file: it opens,
// it then has this build's version and application_id, and its tables, columns and indexes are
// those of a new file.
//
// A new migration N adds the row of version N-1: the file its predecessor wrote, with rows of the
// part of the state that version added.

// The pieces the shipped schemas are made of.
const std::string kHubsTable = R"sql(
  CREATE TABLE hubs (region TEXT NOT NULL, account_id TEXT NOT NULL,
    subscribed_at INTEGER NOT NULL, auto_enable_controls INTEGER NOT NULL,
    control_finding_generator TEXT NOT NULL, tags TEXT NOT NULL,
    PRIMARY KEY (region, account_id)) WITHOUT ROWID;)sql";
// The relationships table and its member index; `origin_column` is empty before version 3.
std::string RelationshipsTable(const std::string& origin_column) {
  return R"sql(
  CREATE TABLE relationships (region TEXT NOT NULL, administrator_id TEXT NOT NULL,
    member_id TEXT NOT NULL, email TEXT, status TEXT NOT NULL, invitation_id TEXT NOT NULL,
    invited_at INTEGER, updated_at INTEGER NOT NULL, invitation_deleted INTEGER NOT NULL,)sql" +
         origin_column + R"sql(
    PRIMARY KEY (region, administrator_id, member_id)) WITHOUT ROWID;
  CREATE INDEX relationships_by_member ON relationships (region, member_id, administrator_id);)sql";
}
const std::string kOriginColumn = "\n    origin TEXT NOT NULL DEFAULT 'Invitation',";
const std::string kPageIndexes = R"sql(
  CREATE INDEX relationships_by_administrator_status
    ON relationships (region, administrator_id, status, member_id);
  CREATE INDEX relationships_by_member_status
    ON relationships (region, member_id, status, administrator_id);)sql";
const std::string kOrganizationTables = R"sql(
  CREATE TABLE organization_accounts (account_id TEXT NOT NULL PRIMARY KEY,
    management INTEGER NOT NULL, suspended INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE delegated_administrators (region TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL, status TEXT NOT NULL, auto_enable INTEGER NOT NULL,
    auto_enable_standards TEXT NOT NULL, configuration_type TEXT NOT NULL) WITHOUT ROWID;)sql";
const std::string kEnabledIndexes = R"sql(
  CREATE INDEX relationships_enabled_by_administrator
    ON relationships (region, administrator_id, member_id, email, status, invitation_id,
                      invited_at, updated_at, invitation_deleted, origin)
    WHERE status = 'Enabled';
  CREATE INDEX relationships_enabled_by_member
    ON relationships (region, member_id, administrator_id)
    WHERE status = 'Enabled';)sql";

// Migration 5 as shipped.
const std::string kStandardsTables = R"sql(
         CREATE TABLE standards_subscriptions (region TEXT NOT NULL, account_id TEXT NOT NULL,
           standard_id TEXT NOT NULL, standards_input TEXT NOT NULL,
           requested_at INTEGER NOT NULL, deleting INTEGER NOT NULL, status_reason TEXT NOT NULL,
           PRIMARY KEY (region, account_id, standard_id)) WITHOUT ROWID;
         CREATE TABLE control_associations (region TEXT NOT NULL, account_id TEXT NOT NULL,
           standard_id TEXT NOT NULL, control_id TEXT NOT NULL, enabled INTEGER NOT NULL,
           updated_reason TEXT NOT NULL, updated_at INTEGER NOT NULL,
           PRIMARY KEY (region, account_id, standard_id, control_id)) WITHOUT ROWID;
         CREATE TABLE security_controls (region TEXT NOT NULL, account_id TEXT NOT NULL,
           control_id TEXT NOT NULL, parameters TEXT NOT NULL, last_update_reason TEXT NOT NULL,
           updated_at INTEGER NOT NULL,
           PRIMARY KEY (region, account_id, control_id)) WITHOUT ROWID;
)sql";
// Migration 6 as shipped.
const std::string kFindingTables = R"sql(
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
    )sql";
// Migration 7 as shipped.
const std::string kSessionTables = R"sql(
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
    )sql";
const std::string kInsightTables = R"sql(
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
    )sql";

const std::string kAggregatorTables = R"sql(
      CREATE TABLE finding_aggregators (
        account_id   TEXT NOT NULL PRIMARY KEY,
        home_region  TEXT NOT NULL,
        id           TEXT NOT NULL,
        linking_mode TEXT NOT NULL,
        regions      TEXT NOT NULL,
        created_at   INTEGER NOT NULL
      ) WITHOUT ROWID;
    )sql";

// The one relationship the version 1 and 2 rows write, in the columns of those versions.
const char kHistoricRelationship[] = R"sql(
  INSERT INTO relationships VALUES ('us-east-1', '111111111111', '222222222222',
    'm@example.com', 'Enabled', '0123456789abcdef0123456789abcdef', 5, 6, 0);)sql";

// Reads the historic relationship through the opened store, an invitation's, with no organization.
void ExpectTheHistoricRelationship(Store& store) {
  std::optional<Relationship> r;
  bool organization = true;
  ASSERT_TRUE(store.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    r = tx.relationships().Find("us-east-1", "111111111111", "222222222222");
    organization = tx.organization().FindManagementAccount().has_value();
    return Status::OK();
  }).ok());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, MemberStatus::kEnabled);
  EXPECT_EQ(r->email, "m@example.com");
  EXPECT_EQ(r->invitation_id, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(r->invited_at, 5);
  EXPECT_EQ(r->updated_at, 6);
  EXPECT_EQ(r->origin, MembershipOrigin::kInvitation);  // migration 3 added the column
  EXPECT_FALSE(organization);
}

struct WrittenBy {
  int version;
  std::string sql;  // the file as that version's build wrote it
  std::function<void(Store&, RawConnection&)> check;  // once this build has opened it
};

const WrittenBy kShippedVersions[] = {
    // Before organizations: hubs and relationships.
    {1, kHubsTable + RelationshipsTable("") + kHistoricRelationship + "PRAGMA user_version = 1;",
     [](Store& store, RawConnection&) { ExpectTheHistoricRelationship(store); }},
    // With the page indexes; the organization migration comes after it (3), not in its place.
    {2,
     kHubsTable + RelationshipsTable("") + kPageIndexes + kHistoricRelationship +
         "PRAGMA user_version = 2;",
     [](Store& store, RawConnection&) { ExpectTheHistoricRelationship(store); }},
    // With organizations and the status indexes, which held every relationship: migration 4
    // replaces them by indexes of the Enabled relationships alone, and the default pages read
    // from those.
    {3,
     kHubsTable + RelationshipsTable(kOriginColumn) + kPageIndexes + kOrganizationTables +
         // The administrator's members in every status, in reverse order of account id; the
         // first member is Enabled under another administrator too.
         R"sql(
         INSERT INTO relationships VALUES
           ('us-east-1', '111111111111', '200000000007', NULL, 'Created', '', NULL, 6, 0, 'Invitation'),
           ('us-east-1', '111111111111', '200000000006', NULL, 'Invited', 'a', 5, 6, 0, 'Invitation'),
           ('us-east-1', '111111111111', '200000000005', NULL, 'Enabled', 'b', 5, 6, 0, 'Invitation'),
           ('us-east-1', '111111111111', '200000000004', NULL, 'Removed', 'c', 5, 6, 0, 'Invitation'),
           ('us-east-1', '111111111111', '200000000003', NULL, 'Resigned', 'd', 5, 6, 0, 'Invitation'),
           ('us-east-1', '111111111111', '200000000002', NULL, 'Deleted', 'e', 5, 6, 1, 'Invitation'),
           ('us-east-1', '111111111111', '200000000001', NULL, 'AccountSuspended', 'f', 5, 6, 0, 'Invitation'),
           ('us-east-1', '333333333333', '200000000001', 'm@example.com', 'Enabled', 'g', 7, 8, 0, 'Invitation');
         PRAGMA user_version = 3;)sql",
     [](Store& store, RawConnection& raw) {
       std::vector<Relationship> admin_enabled, member_enabled, admin_all;
       ASSERT_TRUE(store.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
         RelationshipQuery q;
         q.region = "us-east-1";
         q.administrator_id = "111111111111";
         admin_all = tx.relationships().Query(q);
         q.statuses = {MemberStatus::kEnabled};
         admin_enabled = tx.relationships().Query(q);
         RelationshipQuery m;
         m.region = "us-east-1";
         m.member_id = "200000000005";
         m.statuses = {MemberStatus::kEnabled};
         member_enabled = tx.relationships().Query(m);
         return Status::OK();
       }).ok());
       EXPECT_EQ(admin_all.size(), kMemberStatusCount);
       ASSERT_EQ(admin_enabled.size(), 1u);
       EXPECT_EQ(admin_enabled[0].member_id, "200000000005");
       EXPECT_EQ(admin_enabled[0].invitation_id, "b");
       ASSERT_EQ(member_enabled.size(), 1u);
       EXPECT_EQ(member_enabled[0].administrator_id, "111111111111");
       // Each new index holds the two Enabled relationships, and nothing else.
       for (const char* index : {"relationships_enabled_by_administrator",
                                 "relationships_enabled_by_member"}) {
         EXPECT_EQ(raw.Column(std::string("SELECT count(*) FROM relationships INDEXED BY ") +
                              index + " WHERE status = 'Enabled'"),
                   std::vector<std::string>{"2"})
             << index;
       }
     }},
    // The last version written before files carried the application_id: every part of the
    // state, each read back whole.
    {4,
     kHubsTable + RelationshipsTable(kOriginColumn) + kOrganizationTables + kEnabledIndexes +
         R"sql(
         INSERT INTO hubs VALUES ('eu-west-1', '111111111111', 1634902308385, 0,
           'STANDARD_CONTROL', '{"team":"blue"}');
         INSERT INTO relationships VALUES ('eu-west-1', '111111111111', '222222222222', NULL,
           'Enabled', '', NULL, 9, 0, 'Organization');
         INSERT INTO organization_accounts VALUES ('111111111111', 1, 0), ('222222222222', 0, 1);
         INSERT INTO delegated_administrators VALUES ('eu-west-1', '111111111111', 'ENABLED', 1,
           'NONE', 'CENTRAL');
         PRAGMA user_version = 4;)sql",
     [](Store& store, RawConnection&) {
       std::optional<Hub> hub;
       std::optional<Relationship> r;
       std::vector<OrganizationAccount> accounts;
       std::optional<DelegatedAdministrator> admin;
       ASSERT_TRUE(store.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
         hub = tx.hubs().Find("eu-west-1", "111111111111");
         r = tx.relationships().Find("eu-west-1", "111111111111", "222222222222");
         accounts = tx.organization().AllAccounts();
         admin = tx.organization().FindDelegatedAdministrator("eu-west-1");
         return Status::OK();
       }).ok());
       ASSERT_TRUE(hub.has_value());
       EXPECT_EQ(hub->subscribed_at, 1634902308385);
       EXPECT_FALSE(hub->auto_enable_controls);
       EXPECT_EQ(hub->control_finding_generator, "STANDARD_CONTROL");
       EXPECT_EQ(hub->tags, (std::map<std::string, std::string>{{"team", "blue"}}));
       ASSERT_TRUE(r.has_value());
       EXPECT_EQ(r->status, MemberStatus::kEnabled);
       EXPECT_EQ(r->origin, MembershipOrigin::kOrganization);
       EXPECT_FALSE(r->email.has_value());
       ASSERT_EQ(accounts.size(), 2u);
       EXPECT_TRUE(accounts[0].management);
       EXPECT_TRUE(accounts[1].suspended);
       ASSERT_TRUE(admin.has_value());
       EXPECT_EQ(admin->account_id, "111111111111");
       EXPECT_TRUE(admin->configuration.auto_enable);
       EXPECT_EQ(admin->configuration.auto_enable_standards, AutoEnableStandards::kNone);
       EXPECT_EQ(admin->configuration.configuration_type, ConfigurationType::kCentral);
     }},
    // With the application_id and standards and controls: a subscription with its input, a
    // control disabled in it, a security control's custom parameter.
    {5,
     kHubsTable + RelationshipsTable(kOriginColumn) + kOrganizationTables + kEnabledIndexes +
         kStandardsTables + R"sql(
         INSERT INTO standards_subscriptions VALUES ('us-east-1', '111111111111',
           'standards/pci-dss/v/3.2.1', '{"team":"blue"}', 11, 0, '');
         INSERT INTO control_associations VALUES ('us-east-1', '111111111111',
           'standards/pci-dss/v/3.2.1', 'S3.1', 0, 'not used here', 12);
         INSERT INTO security_controls VALUES ('us-east-1', '111111111111', 'IAM.7',
           '{"MaxPasswordAge":{"Integer":60}}', 'policy', 13);
         PRAGMA application_id = 1397247307;
         PRAGMA user_version = 5;)sql",
     [](Store& store, RawConnection&) {
       std::vector<StandardsSubscriptionRecord> subscriptions;
       std::vector<ControlAssociationRecord> associations;
       std::optional<SecurityControlRecord> control;
       ASSERT_TRUE(store.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
         subscriptions = tx.standards().Subscriptions("us-east-1", "111111111111");
         associations = tx.standards().Associations("us-east-1", "111111111111");
         control = tx.standards().FindControl("us-east-1", "111111111111", "IAM.7");
         return Status::OK();
       }).ok());
       ASSERT_EQ(subscriptions.size(), 1u);
       EXPECT_EQ(subscriptions[0].standard_id, "standards/pci-dss/v/3.2.1");
       EXPECT_EQ(subscriptions[0].standards_input,
                 (std::map<std::string, std::string>{{"team", "blue"}}));
       EXPECT_EQ(subscriptions[0].requested_at, 11);
       ASSERT_EQ(associations.size(), 1u);
       EXPECT_EQ(associations[0].control_id, "S3.1");
       EXPECT_FALSE(associations[0].enabled);
       EXPECT_EQ(associations[0].updated_reason, "not used here");
       ASSERT_TRUE(control.has_value());
       EXPECT_EQ(control->parameters.size(), 1u);
       EXPECT_EQ(control->last_update_reason, "policy");
     }},    // With findings: a finding with its history entry, and a product subscription.
    {6,
     kHubsTable + RelationshipsTable(kOriginColumn) + kOrganizationTables + kEnabledIndexes +
         kStandardsTables + kFindingTables + R"sql(
         INSERT INTO findings VALUES (1, 'us-east-1', '222222222222',
           'arn:aws:securityhub:us-east-1:222222222222:product/222222222222/default', 'f1', 14,
           'ACTIVE', 'HIGH', '[]', '{"Id":"f1","Title":"kept"}', '{}');
         INSERT INTO finding_history VALUES (1, 1, 14, '{"UpdateSource":{"Type":"BATCH_IMPORT_FINDINGS"}}');
         INSERT INTO product_subscriptions VALUES ('us-east-1', '222222222222', 'prowler/prowler', 1, 15);
         PRAGMA application_id = 1397247307;
         PRAGMA user_version = 6;)sql",
     [](Store& store, RawConnection&) {
       std::optional<FindingRecord> finding;
       std::optional<ProductSubscription> subscription;
       std::vector<FindingHistoryEntry> history;
       ASSERT_TRUE(store.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
         finding = tx.findings().Find(
             "us-east-1", "222222222222",
             "arn:aws:securityhub:us-east-1:222222222222:product/222222222222/default", "f1");
         subscription =
             tx.product_subscriptions().Find("us-east-1", "222222222222", "prowler/prowler");
         if (finding) history = tx.findings().History(finding->number, 0, 100, std::nullopt, 10);
         return Status::OK();
       }).ok());
       ASSERT_TRUE(finding.has_value());
       EXPECT_EQ(finding->document.value("Title", ""), "kept");
       EXPECT_EQ(finding->updated_at, 14);
       EXPECT_EQ(history.size(), 1u);
       ASSERT_TRUE(subscription.has_value());
       EXPECT_TRUE(subscription->enabled);
     }},    // With role sessions: one AssumeRole issued, chained.
    {7,
     kHubsTable + RelationshipsTable(kOriginColumn) + kOrganizationTables + kEnabledIndexes +
         kStandardsTables + kFindingTables + kSessionTables + R"sql(
         INSERT INTO role_sessions VALUES ('ASIAAAAAAAAAAAAAAAAA', 'secret', 'token',
           'arn:aws:iam::222222222222:role/Admin', '222222222222', 'Admin', 's1',
           'AROAAAAAAAAAAAAAAAAAA', 16, 1);
         PRAGMA application_id = 1397247307;
         PRAGMA user_version = 7;)sql",
     [](Store& store, RawConnection&) {
       std::optional<RoleSession> session;
       ASSERT_TRUE(store.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
         session = tx.sessions().Find("ASIAAAAAAAAAAAAAAAAA");
         return Status::OK();
       }).ok());
       ASSERT_TRUE(session.has_value());
       EXPECT_EQ(session->secret_access_key, "secret");
       EXPECT_EQ(session->account_id, "222222222222");
       EXPECT_EQ(session->expiration, 16);
       EXPECT_TRUE(session->chained);
     }},
    // With a custom insight.
    {8,
     kHubsTable + RelationshipsTable(kOriginColumn) + kOrganizationTables + kEnabledIndexes +
         kStandardsTables + kFindingTables + kSessionTables + kInsightTables + R"sql(
         INSERT INTO insights VALUES ('us-east-1', '111111111111', 'u-1', 'kept',
           '{"SeverityLabel":[{"Comparison":"EQUALS","Value":"HIGH"}]}', 'ResourceId', 17);
         PRAGMA application_id = 1397247307;
         PRAGMA user_version = 8;)sql",
     [](Store& store, RawConnection&) {
       std::vector<InsightRecord> insights;
       ASSERT_TRUE(store.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
         insights = tx.insights().OfAccount("us-east-1", "111111111111");
         return Status::OK();
       }).ok());
       ASSERT_EQ(insights.size(), 1u);
       EXPECT_EQ(insights[0].name, "kept");
       EXPECT_EQ(insights[0].filters["SeverityLabel"][0]["Value"], "HIGH");
       EXPECT_EQ(insights[0].group_by_attribute, "ResourceId");
       EXPECT_EQ(insights[0].created_at, 17);
     }},
    // With the finding aggregator: one account's, linking one Region.
    {9,
     kHubsTable + RelationshipsTable(kOriginColumn) + kOrganizationTables + kEnabledIndexes +
         kStandardsTables + kFindingTables + kSessionTables + kInsightTables + kAggregatorTables + R"sql(
         INSERT INTO finding_aggregators VALUES ('111111111111', 'us-east-1',
           '123e4567-e89b-12d3-a456-426652340000', 'SPECIFIED_REGIONS', '["eu-west-1"]', 17);
         PRAGMA application_id = 1397247307;
         PRAGMA user_version = 9;)sql",
     [](Store& store, RawConnection&) {
       std::optional<AggregatorRecord> aggregator;
       ASSERT_TRUE(store.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
         aggregator = tx.aggregators().Find("111111111111");
         return Status::OK();
       }).ok());
       ASSERT_TRUE(aggregator.has_value());
       EXPECT_EQ(aggregator->home_region, "us-east-1");
       EXPECT_EQ(aggregator->id, "123e4567-e89b-12d3-a456-426652340000");
       EXPECT_EQ(aggregator->linking_mode, "SPECIFIED_REGIONS");
       EXPECT_EQ(aggregator->regions, std::vector<std::string>{"eu-west-1"});
       EXPECT_EQ(aggregator->created_at, 17);
     }},
};

// The schema of a file as SQLite describes it: each table with its columns, each index with
// its table, columns, and whether it is unique or partial. Text of the CREATE statements is left
// out: ALTER TABLE and the copies above spell the same schema differently.
std::vector<std::string> SchemaShape(RawConnection& raw) {
  std::vector<std::string> shape;
  for (const std::string& table : raw.Column(
           "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
    std::string line = "table " + table + ":";
    for (const std::string& column : raw.Column(
             "SELECT name || ' ' || type || ' notnull=' || \"notnull\" || ' default=' || "
             "ifnull(dflt_value, '-') || ' pk=' || pk FROM pragma_table_info('" + table +
             "') ORDER BY name")) {
      line += " [" + column + "]";
    }
    shape.push_back(line);
    for (const std::string& index : raw.Column(
             "SELECT name || ' unique=' || \"unique\" || ' partial=' || partial FROM "
             "pragma_index_list('" + table + "') ORDER BY name")) {
      const std::string name = index.substr(0, index.find(' '));
      std::string columns;
      for (const std::string& c : raw.Column("SELECT ifnull(name, '<rowid>') FROM "
                                             "pragma_index_xinfo('" + name + "') WHERE key = 1 "
                                             "ORDER BY seqno")) {
        columns += " " + c;
      }
      shape.push_back("index " + index + " on " + table + ":" + columns);
    }
  }
  return shape;
}

TEST(Schema, EveryShippedVersionOpensWithItsRowsKeptAndTheSchemaOfANewFile) {
  ASSERT_EQ(std::size(kShippedVersions), static_cast<size_t>(SchemaVersion()))
      << "each migration adds the row of the version before it";
  TempDir dir;
  std::vector<std::string> new_shape;
  {
    std::unique_ptr<SqliteStore> store;
    ASSERT_TRUE(SqliteStore::Open(dir.File("new.db"), &store).ok());
    RawConnection raw(dir.File("new.db"));
    new_shape = SchemaShape(raw);
  }
  for (const WrittenBy& file : kShippedVersions) {
    SCOPED_TRACE("a file written by version " + std::to_string(file.version));
    const std::string db = dir.File("v" + std::to_string(file.version) + ".db");
    RawConnection(db).Exec(file.sql);
    for (int open = 0; open < 2; ++open) {  // migrated, then opened again as it is
      std::unique_ptr<SqliteStore> store;
      Status s = SqliteStore::Open(db, &store);
      ASSERT_TRUE(s.ok()) << s.message();
      RawConnection raw(db);
      EXPECT_EQ(raw.Column("PRAGMA user_version"),
                std::vector<std::string>{std::to_string(SchemaVersion())});
      EXPECT_EQ(raw.Column("PRAGMA application_id"),
                std::vector<std::string>{std::to_string(kApplicationId)});
      EXPECT_EQ(SchemaShape(raw), new_shape);
      file.check(*store, raw);
    }
  }
}

// --- What a file must be to be opened -----------------------------------------------------------

// Opens `db` expecting a refusal with `message`, and checks that nothing in its directory changed
// (the file, its -wal and -shm, its lock file) and that no file was made there.
void ExpectRefusedUnchanged(const TempDir& dir, const std::string& db, const std::string& message) {
  const auto before = DirectoryContents(dir.path());
  std::unique_ptr<SqliteStore> store;
  Status s = SqliteStore::Open(db, &store);
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_EQ(s.message(), message);
  EXPECT_EQ(store, nullptr);
  EXPECT_EQ(DirectoryContents(dir.path()), before) << "a refused file was changed";
}

std::string NotOurs(const std::string& db, const std::string& what) {
  return "database '" + db + "' " + what +
         "; not a securityhub-mock database, so it was left as it is: give --db a new file, or "
         "one this server wrote";
}

TEST(Schema, AnotherProgramsDatabaseIsRefusedByItsTablesAndLeftAsItWas) {
  TempDir dir;
  const std::string db = dir.File("shop.db");
  RawConnection(db).Exec(
      "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT);"
      "CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('Ada');");
  ExpectRefusedUnchanged(dir, db, NotOurs(db, "has tables invoices, customers"));

  // The same in WAL mode, as its program left it when it was killed, with a lock file of ours
  // from an earlier attempt: a stale pid in it stays as it was.
  {
    RawConnection raw(db);
    raw.Exec("PRAGMA journal_mode = WAL; INSERT INTO customers VALUES ('Grace');");
    raw.CloseAsIfKilled();
  }
  std::ofstream(db + ".lock") << "999999\n";
  ASSERT_TRUE(std::filesystem::exists(db + "-wal"));
  ExpectRefusedUnchanged(dir, db, NotOurs(db, "has tables invoices, customers"));
}

TEST(Schema, ThisProjectsTablesBesideAnotherOneAreNotThisProjectsFile) {
  TempDir dir;
  const std::string db = dir.File("mixed.db");
  RawConnection(db).Exec(kHubsTable + RelationshipsTable("") +
                         "CREATE TABLE notes (x); PRAGMA user_version = 1;");
  ExpectRefusedUnchanged(dir, db, NotOurs(db, "has tables hubs, relationships, notes"));
  // The tables of version 1 under the number of version 3.
  const std::string other = dir.File("renumbered.db");
  RawConnection(other).Exec(kHubsTable + RelationshipsTable("") + "PRAGMA user_version = 3;");
  ExpectRefusedUnchanged(dir, other, NotOurs(other, "has tables hubs, relationships"));
}

TEST(Schema, AnEmptyDatabaseMarkedByAnotherProgramIsRefused) {
  TempDir dir;
  const std::string db = dir.File("marked.db");
  RawConnection(db).Exec("PRAGMA application_id = 305419896");  // 0x12345678
  ExpectRefusedUnchanged(dir, db,
                         NotOurs(db, "has no tables but the application_id 0x12345678 of another "
                                     "program"));
}

// Names from a file that may be anyone's stay on one line and within bounds.
TEST(Schema, ManyTablesAreNamedOnOneLine) {
  TempDir dir;
  const std::string db = dir.File("many.db");
  std::string sql = "CREATE TABLE \"line\nbreak\" (x);";
  for (int i = 1; i < 12; ++i) sql += "CREATE TABLE t" + std::to_string(i) + " (x);";
  RawConnection(db).Exec(sql);
  ExpectRefusedUnchanged(dir, db,
                         NotOurs(db, "has tables line?break, t1, t2, t3, t4, t5, t6, t7, t8, t9 "
                                     "and 2 more"));
}

// A file a later build wrote, left by a crash with its last writes in the -wal file only.
TEST(Schema, ANewerSchemaIsRefusedAndLeftAsItWasWalAndLockFileIncluded) {
  TempDir dir;
  const std::string db = dir.File("state.db");
  {
    std::unique_ptr<SqliteStore> store;
    ASSERT_TRUE(SqliteStore::Open(db, &store).ok());
  }
  const int newer = SchemaVersion() + 1;
  {
    RawConnection raw(db);
    raw.Exec("CREATE TABLE added_later (x); PRAGMA user_version = " + std::to_string(newer));
    raw.CloseAsIfKilled();
  }
  ASSERT_TRUE(std::filesystem::exists(db + "-wal"));
  const std::string message = "cannot use database '" + db + "': it has schema version " +
                              std::to_string(newer) + ", newer than this build's " +
                              std::to_string(SchemaVersion()) +
                              ", so it was left as it is; run the securityhub-mock release that "
                              "wrote it, or use another database file";
  ExpectRefusedUnchanged(dir, db, message);  // its lock file holds the pid of this process
  std::ofstream(db + ".lock", std::ios::trunc) << "999999\n";  // a server that died since
  ExpectRefusedUnchanged(dir, db, message);
  std::filesystem::remove(db + ".lock");
  ExpectRefusedUnchanged(dir, db, message);  // and none is left behind
}

TEST(Schema, AFileWithoutTablesIsInitialisedWhateverItsUserVersion) {
  TempDir dir;
  std::ofstream(dir.File("empty.db")).close();  // zero bytes: SQLite's empty database
  RawConnection(dir.File("numbered.db")).Exec("PRAGMA user_version = 7");
  for (const std::string name : {"empty.db", "numbered.db", "new.db"}) {
    std::unique_ptr<SqliteStore> store;
    Status s = SqliteStore::Open(dir.File(name), &store);
    ASSERT_TRUE(s.ok()) << name << ": " << s.message();
    ASSERT_TRUE(store->Run(Store::Access::kWrite, [](StoreTransaction& tx) {
      Hub hub;
      hub.region = "us-east-1";
      hub.account_id = "111111111111";
      tx.hubs().Put(hub);
      return Status::OK();
    }).ok()) << name;
    RawConnection raw(dir.File(name));
    EXPECT_EQ(raw.Column("PRAGMA user_version"),
              std::vector<std::string>{std::to_string(SchemaVersion())}) << name;
    EXPECT_EQ(raw.Column("PRAGMA application_id"),
              std::vector<std::string>{std::to_string(kApplicationId)}) << name;
  }
}

// A snapshot of an in-memory database is a file like any other this project writes.
TEST(Schema, AnInMemoryDatabaseCarriesTheApplicationIdIntoItsSnapshot) {
  TempDir dir;
  std::unique_ptr<SqliteStore> store;
  ASSERT_TRUE(SqliteStore::Open(":memory:", &store).ok());
  ASSERT_TRUE(store->Snapshot(dir.File("copy.db")).ok());
  RawConnection raw(dir.File("copy.db"));
  EXPECT_EQ(raw.Column("PRAGMA application_id"),
            std::vector<std::string>{std::to_string(kApplicationId)});
  EXPECT_EQ(raw.Column("PRAGMA user_version"),
            std::vector<std::string>{std::to_string(SchemaVersion())});
}

}  // namespace
}  // namespace shmock
