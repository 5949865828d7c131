// The findings part of the store port: the SQLite part answers every scan as the in-memory one
// does (the plain selection the port describes), through inserts, updates that move UpdatedAt
// and change indexed values, and scans in both directions from any position.
#include <gtest/gtest.h>

#include <random>

#include "memory_store.h"
#include "shmock/sqlite_store.h"
#include "shmock/store.h"

namespace shmock {
namespace {

using nlohmann::json;

const std::vector<std::string> kAccounts = {"111111111111", "222222222222", "333333333333"};
const std::vector<std::string> kLabels = {"LOW", "HIGH", "CRITICAL"};
const std::vector<std::string> kTypes = {"AwsS3Bucket", "AwsEc2Instance", "Other"};

FindingRecord RandomRecord(std::mt19937& rng, int id) {
  FindingRecord r;
  r.region = rng() % 5 ? "us-east-1" : "eu-west-1";
  r.account_id = kAccounts[rng() % kAccounts.size()];
  r.product_arn = "arn:aws:securityhub:" + r.region + ":" + r.account_id + ":product/" +
                  r.account_id + "/default";
  r.id = "f" + std::to_string(id);
  r.updated_at = 1000 + static_cast<Millis>(rng() % 20);  // many ties
  r.record_state = rng() % 3 ? "ACTIVE" : "ARCHIVED";
  r.severity_label = kLabels[rng() % kLabels.size()];
  r.index_values = {{"SeverityLabel", r.severity_label}, {"RecordState", r.record_state}};
  for (const std::string& type : kTypes) {
    if (rng() % 2) r.index_values.emplace_back("ResourceType", type);
  }
  r.document = {{"Id", r.id}, {"n", static_cast<int>(rng() % 1000)}};
  r.service = json::object();
  return r;
}

FindingScan RandomScan(std::mt19937& rng) {
  FindingScan scan;
  for (const std::string& a : kAccounts) {
    if (rng() % 3) scan.view.emplace_back(rng() % 4 ? "us-east-1" : "eu-west-1", a);
  }
  if (rng() % 2) scan.conditions.push_back({"SeverityLabel", {kLabels[rng() % 3]}});
  if (rng() % 2)
    scan.conditions.push_back({"ResourceType", {kTypes[rng() % 3], kTypes[rng() % 3]}});
  if (rng() % 3 == 0) scan.conditions.push_back({"RecordState", {"ACTIVE"}});
  scan.ascending = rng() % 2;
  if (rng() % 2)
    scan.after =
        FindingPosition{1000 + static_cast<Millis>(rng() % 20), static_cast<int64_t>(rng() % 60)};
  return scan;
}

// What a scan answers, as "id@updated_at" in order (at most `limit`, as a page would stop).
std::string ScanOf(Store& store, const FindingScan& scan, size_t limit) {
  std::string out;
  store.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    size_t n = 0;
    tx.findings().Scan(scan, [&](FindingRecord&& r) {
      out += r.id + "@" + std::to_string(r.updated_at) + " ";
      return ++n < limit;
    });
    return Status::OK();
  });
  return out;
}

TEST(FindingStore, SqliteScansAnswerAsTheMemoryStoreDoes) {
  auto memory = NewTestStore("memory");
  auto sqlite = NewTestStore("sqlite");
  ASSERT_TRUE(sqlite);
  std::mt19937 rng(17);
  std::vector<FindingRecord> records;
  for (int i = 0; i < 60; ++i) records.push_back(RandomRecord(rng, i));
  for (Store* store : {memory.get(), sqlite.get()}) {
    ASSERT_TRUE(store
                    ->Run(Store::Access::kWrite,
                          [&](StoreTransaction& tx) {
                            for (FindingRecord r : records) tx.findings().Put(&r);
                            return Status::OK();
                          })
                    .ok());
  }
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 300; ++i) {
      const FindingScan scan = RandomScan(rng);
      const size_t limit = 1 + rng() % 30;
      ASSERT_EQ(ScanOf(*sqlite, scan, limit), ScanOf(*memory, scan, limit))
          << "round " << round << " scan " << i;
    }
    // Updates: new UpdatedAt and indexed values for a third of the findings, same keys.
    for (FindingRecord& r : records) {
      if (rng() % 3) continue;
      FindingRecord changed = RandomRecord(rng, std::stoi(r.id.substr(1)));
      changed.region = r.region;
      changed.account_id = r.account_id;
      changed.product_arn = r.product_arn;
      if (rng() % 2) changed.updated_at = r.updated_at;  // indexed values alone change
      r = changed;
    }
    for (Store* store : {memory.get(), sqlite.get()}) {
      ASSERT_TRUE(store
                      ->Run(Store::Access::kWrite,
                            [&](StoreTransaction& tx) {
                              for (FindingRecord r : records) tx.findings().Put(&r);
                              return Status::OK();
                            })
                      .ok());
    }
  }
}

TEST(FindingStore, APutKeepsTheNumberAndFindByIdentifierOrdersByAccount) {
  for (const char* kind : {"memory", "sqlite"}) {
    auto store = NewTestStore(kind);
    ASSERT_TRUE(
        store
            ->Run(
                Store::Access::kWrite,
                [&](StoreTransaction& tx) {
                  FindingRecord a;
                  a.region = "us-east-1";
                  a.product_arn = "arn:p";
                  a.id = "same";
                  a.document = json::object();
                  a.account_id = "333333333333";
                  tx.findings().Put(&a);
                  FindingRecord b = a;
                  b.account_id = "111111111111";
                  b.number = 0;
                  tx.findings().Put(&b);
                  const int64_t number = a.number;
                  a.updated_at = 5;
                  tx.findings().Put(&a);
                  EXPECT_EQ(a.number, number) << kind;
                  EXPECT_NE(b.number, number) << kind;
                  auto found = tx.findings().FindByIdentifier("us-east-1", "arn:p", "same");
                  EXPECT_EQ(found.size(), 2u) << kind;
                  EXPECT_EQ(found.at(0).account_id, "111111111111") << kind;
                  EXPECT_EQ(
                      tx.findings().Find("us-east-1", "333333333333", "arn:p", "same")->updated_at,
                      5)
                      << kind;
                  return Status::OK();
                })
            .ok());
  }
}

TEST(FindingStore, HistoryWindowsAndPagesAlike) {
  for (const char* kind : {"memory", "sqlite"}) {
    auto store = NewTestStore(kind);
    ASSERT_TRUE(
        store
            ->Run(Store::Access::kWrite,
                  [&](StoreTransaction& tx) {
                    for (int i = 0; i < 6; ++i) {
                      FindingHistoryEntry e;
                      e.finding = i % 2 ? 7 : 8;
                      e.time = 100 + i / 2;  // pairs share a time
                      e.record = {{"i", i}};
                      tx.findings().AddHistory(&e);
                    }
                    auto page = tx.findings().History(7, 100, 102, std::nullopt, 2);
                    EXPECT_EQ(page.size(), 2u) << kind;
                    EXPECT_EQ(page.at(0).record["i"], 5) << kind;
                    EXPECT_EQ(page.at(1).record["i"], 3) << kind;
                    auto rest = tx.findings().History(
                        7, 100, 102, std::make_pair(page[1].time, page[1].sequence), 10);
                    EXPECT_EQ(rest.size(), 1u) << kind;
                    EXPECT_EQ(tx.findings().History(7, 101, 101, std::nullopt, 10).size(), 1u)
                        << kind;
                    tx.findings().ClearHistory(7);
                    EXPECT_TRUE(tx.findings().History(7, 0, 1000, std::nullopt, 10).empty())
                        << kind;
                    return Status::OK();
                  })
            .ok());
  }
}

}  // namespace
}  // namespace shmock
