// ReadCache: exact invalidation. Readers on several threads go through a Dispatcher whose
// Security Hub face has the cache while writers change the state; every body a cached read returned must be the uncached
// path's body at a version the read overlapped.
#include "shmock/read_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "shmock/dispatcher.h"
#include "shmock/organizations.h"
#include "shmock/sqlite_store.h"
#include "shmock/versioned_store.h"

namespace shmock {
namespace {

using nlohmann::json;

// A call as the HTTP adapter hands it over: the query both decoded and as sent (the cache keys
// on the latter). The values here need no percent-encoding.
HttpCall Call(const std::string& account, const std::string& method, const std::string& path,
              const std::string& body, std::multimap<std::string, std::string> query = {}) {
  std::string raw_query;
  for (const auto& [name, value] : query) raw_query += (raw_query.empty() ? "" : "&") + name + "=" + value;
  HttpCall call{method, path, std::move(query), raw_query,
                {{"authorization", "AWS4-HMAC-SHA256 Credential=" + account +
                                       "/20261129/us-east-1/securityhub/aws4_request, "
                                       "SignedHeaders=host, Signature=00"}},
                body, "00000000-0000-4000-8000-000000000000"};
  call.raw_path = path;
  return call;
}

class ReadCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(SqliteStore::Open(":memory:", &sqlite_).ok());
    versioned_ = std::make_unique<VersionedStore>(*sqlite_);
    hubs_ = std::make_unique<Hubs>(*versioned_, clock_);
    membership_ = std::make_unique<Membership>(*versioned_, clock_);
    organizations_ = std::make_unique<Organizations>(*versioned_, clock_);
    standards_ = std::make_unique<Standards>(*versioned_, clock_);
    controls_ = std::make_unique<Controls>(*versioned_, clock_);
    findings_ = std::make_unique<Findings>(*versioned_, clock_);
    products_ = std::make_unique<Products>(*versioned_, clock_);
    insights_ = std::make_unique<Insights>(*versioned_, clock_);
    aggregators_ = std::make_unique<Aggregators>(*versioned_, clock_);
    uncached_api_ = std::make_unique<SecurityHubApi>(Services{*hubs_, *membership_, *organizations_, *standards_, *controls_, *findings_, *products_, *insights_, *aggregators_});
    findings_ = std::make_unique<Findings>(*versioned_, clock_);
    products_ = std::make_unique<Products>(*versioned_, clock_);
    insights_ = std::make_unique<Insights>(*versioned_, clock_);
    aggregators_ = std::make_unique<Aggregators>(*versioned_, clock_);
    cached_api_ = std::make_unique<SecurityHubApi>(Services{*hubs_, *membership_, *organizations_, *standards_, *controls_, *findings_, *products_, *insights_, *aggregators_});
    cache_ = std::make_unique<ReadCache>([this] { return versioned_->version(); }, 64 << 10);
    cached_api_->UseReadCache(cache_.get());
    uncached_ = std::make_unique<Dispatcher>(*uncached_api_, IdentityConfig{});
    cached_ = std::make_unique<Dispatcher>(*cached_api_, IdentityConfig{});
  }

  SystemClock clock_;
  std::unique_ptr<SqliteStore> sqlite_;
  std::unique_ptr<VersionedStore> versioned_;
  std::unique_ptr<Hubs> hubs_;
  std::unique_ptr<Membership> membership_;
  std::unique_ptr<Organizations> organizations_;
  std::unique_ptr<Standards> standards_;
  std::unique_ptr<Controls> controls_;
  std::unique_ptr<Findings> findings_;
  std::unique_ptr<Products> products_;
  std::unique_ptr<Insights> insights_;
  std::unique_ptr<Aggregators> aggregators_;
  std::unique_ptr<SecurityHubApi> uncached_api_, cached_api_;
  std::unique_ptr<Dispatcher> uncached_, cached_;
  std::unique_ptr<ReadCache> cache_;
};

// Only reads that never write may be cached (the operations table's kRead rows): listing an
// administrator in DISABLE_IN_PROGRESS completes its removal, so ListOrganizationAdminAccounts
// is not one of them.
TEST(ReadCacheOperations, OrganizationReadsAreCachedOnlyWhenTheyNeverWrite) {
  auto cacheable = [](const char* name) { return FindOperation(name)->access == Access::kRead; };
  EXPECT_TRUE(cacheable("DescribeOrganizationConfiguration"));
  EXPECT_FALSE(cacheable("ListOrganizationAdminAccounts"));
  EXPECT_FALSE(cacheable("UpdateOrganizationConfiguration"));
  EXPECT_FALSE(cacheable("EnableOrganizationAdminAccount"));
}

// The key is the input as sent: every part of it tells two calls apart.
TEST_F(ReadCacheTest, KeyIsTheCallerAndTheInputAsSent) {
  const Caller caller{"111111111111", "us-east-1"};
  const std::string key = ReadCache::Key(caller, "ListMembers", "/members", "MaxResults=5", "");
  EXPECT_EQ(key, ReadCache::Key(caller, "ListMembers", "/members", "MaxResults=5", ""));
  EXPECT_NE(key, ReadCache::Key({"111111111111", "eu-west-1"}, "ListMembers", "/members", "MaxResults=5", ""));
  EXPECT_NE(key, ReadCache::Key({"222222222222", "us-east-1"}, "ListMembers", "/members", "MaxResults=5", ""));
  EXPECT_NE(key, ReadCache::Key(caller, "GetMembers", "/members", "MaxResults=5", ""));
  EXPECT_NE(key, ReadCache::Key(caller, "ListMembers", "/member", "sMaxResults=5", ""));
  EXPECT_NE(key, ReadCache::Key(caller, "ListMembers", "/members", "MaxResults=6", ""));
  EXPECT_NE(key, ReadCache::Key(caller, "ListMembers", "/members", "MaxResults=5", "{}"));
}

// A hit is found before the input is validated, so a refused input must never have been
// stored, and two spellings of one input must give the same answer.
TEST_F(ReadCacheTest, RefusedInputsNeverHitAndSpellingsAgree) {
  const std::string admin = "111111111111";
  ASSERT_EQ(cached_->Handle(Call(admin, "POST", "/accounts", "{}")).status, 200);
  const HttpReply good = cached_->Handle(Call(admin, "GET", "/members", "", {{"MaxResults", "5"}}));
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(cached_->Handle(Call(admin, "GET", "/members", "", {{"MaxResults", "5"}})).body, good.body);
  for (int i = 0; i < 2; ++i) {  // the second time too: a refusal is not cached
    const HttpReply bad = cached_->Handle(Call(admin, "GET", "/members", "", {{"MaxResults", "0"}}));
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(bad.error_code, "InvalidInputException");
  }
  const HttpReply one = cached_->Handle(Call(admin, "GET", "/members", "", {{"MaxResults", "5"}, {"OnlyAssociated", "false"}}));
  HttpCall reordered = Call(admin, "GET", "/members", "", {{"MaxResults", "5"}, {"OnlyAssociated", "false"}});
  reordered.raw_query = "OnlyAssociated=false&MaxResults=5";
  const HttpReply other = cached_->Handle(reordered);
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(other.body, one.body);
  EXPECT_EQ(other.body, uncached_->Handle(reordered).body);
}

TEST_F(ReadCacheTest, StaysWithinItsBound) {
  ReadCache cache([] { return uint64_t{7}; }, 1000);
  std::string body;
  for (int i = 0; i < 100; ++i) {
    const std::string key = "k" + std::to_string(i);
    ReadCache::Lookup miss = cache.Find(key, &body);
    ASSERT_FALSE(miss.hit);
    cache.Put(key, miss.version, std::string(100, 'x'));
    EXPECT_LE(cache.bytes(), 1000u);
  }
  cache.Put("huge", 7, std::string(2000, 'x'));
  EXPECT_FALSE(cache.Find("huge", &body).hit);
}

TEST_F(ReadCacheTest, DropsABodyComputedWhileAWriteCommitted) {
  uint64_t version = 1;
  ReadCache cache([&] { return version; }, 1000);
  std::string body;
  ReadCache::Lookup miss = cache.Find("k", &body);
  ++version;  // a write commits while the reply is computed
  cache.Put("k", miss.version, "old");
  EXPECT_FALSE(cache.Find("k", &body).hit);
}

// The randomized interleaving: 2 writer threads and 3 reader threads on one administrator and
// two members, 1.5 s or 600 writes, whichever ends first. Writers are serialised among
// themselves (only so that the state at each version can be recorded); readers are not.
TEST_F(ReadCacheTest, NoInterleavingServesAStaleBody) {
  const std::string admin = "111111111111";
  const std::vector<std::string> members = {"222222222222", "333333333333"};
  ASSERT_EQ(uncached_->Handle(Call(admin, "POST", "/accounts", "{}")).status, 200);
  for (const auto& m : members) {
    ASSERT_EQ(uncached_->Handle(Call(m, "POST", "/accounts", "{}")).status, 200);
  }

  // The reads, each as one account calls it.
  struct Read {
    std::string account;
    HttpCall call;
  };
  std::vector<Read> reads = {
      {admin, Call(admin, "GET", "/members", "", {{"OnlyAssociated", "false"}})},
      {admin, Call(admin, "GET", "/members", "", {{"OnlyAssociated", "false"}, {"MaxResults", "1"}})},
      {admin, Call(admin, "GET", "/members", "")},
      {admin, Call(admin, "POST", "/members/get", json{{"AccountIds", members}}.dump())},
      {members[0], Call(members[0], "GET", "/invitations", "")},
      {members[0], Call(members[0], "GET", "/invitations/count", "")},
      {members[1], Call(members[1], "GET", "/administrator", "")},
      {members[1], Call(members[1], "GET", "/master", "")},
      {admin, Call(admin, "GET", "/accounts", "")},
  };
  auto uncached_bodies = [&] {
    std::vector<std::string> bodies;
    for (Read& r : reads) {
      HttpReply reply = uncached_->Handle(r.call);
      bodies.push_back(std::to_string(reply.status) + " " + reply.body);
    }
    return bodies;
  };

  std::mutex writers;  // also guards `at_version`
  std::map<uint64_t, std::vector<std::string>> at_version;
  at_version[versioned_->version()] = uncached_bodies();

  struct Seen {
    size_t read;
    uint64_t from, to;
    std::string body;
  };
  std::mutex seen_mu;
  std::vector<Seen> seen;
  std::atomic<bool> stop{false};
  std::atomic<int> writes{0};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);

  auto writer = [&](unsigned seed) {
    std::mt19937 rng(seed);
    while (!stop && std::chrono::steady_clock::now() < deadline && writes++ < 600) {
      const std::string& m = members[rng() % members.size()];
      const json ids = json{{"AccountIds", {m}}};
      HttpCall call;
      switch (rng() % 6) {
        case 0: call = Call(admin, "POST", "/members", json{{"AccountDetails", {{{"AccountId", m}}}}}.dump()); break;
        case 1: call = Call(admin, "POST", "/members/invite", ids.dump()); break;
        case 2: {  // accepts the member's open invitation, if it has one
          json invitations = json::parse(uncached_->Handle(Call(m, "GET", "/invitations", "")).body);
          std::string id = "none";
          for (const auto& inv : invitations.value("Invitations", json::array())) id = inv["InvitationId"];
          call = Call(m, "POST", "/administrator", json{{"AdministratorId", admin}, {"InvitationId", id}}.dump());
          break;
        }
        case 3: call = Call(m, "POST", "/administrator/disassociate", "{}"); break;
        case 4: call = Call(admin, "POST", "/members/disassociate", ids.dump()); break;
        default: call = Call(admin, "POST", "/members/delete", ids.dump()); break;
      }
      std::lock_guard<std::mutex> lock(writers);
      cached_->Handle(call);  // writes go through the cached face too: it must not cache them
      at_version[versioned_->version()] = uncached_bodies();
    }
  };
  auto reader = [&](unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<Seen> mine;
    while (!stop && std::chrono::steady_clock::now() < deadline) {
      const size_t i = rng() % reads.size();
      const uint64_t from = versioned_->version();
      HttpReply reply = cached_->Handle(reads[i].call);
      const uint64_t to = versioned_->version();
      mine.push_back({i, from, to, std::to_string(reply.status) + " " + reply.body});
    }
    std::lock_guard<std::mutex> lock(seen_mu);
    seen.insert(seen.end(), mine.begin(), mine.end());
  };

  std::vector<std::thread> threads;
  for (unsigned t = 0; t < 2; ++t) threads.emplace_back(writer, 100 + t);
  for (unsigned t = 0; t < 3; ++t) threads.emplace_back(reader, 200 + t);
  for (auto& t : threads) t.join();

  // Every write bumps the version once, and the writers are serialised, so the state is known
  // at every version. A read that began at `from` and ended at `to` overlapped the versions
  // from..to, and one more: a write commits before its bump, inside the read's span.
  size_t hits_checked = 0;
  for (const Seen& s : seen) {
    bool matches = false;
    for (uint64_t v = s.from; v <= s.to + 1 && !matches; ++v) {
      auto it = at_version.find(v);
      matches = it != at_version.end() && it->second[s.read] == s.body;
    }
    ASSERT_TRUE(matches) << "read " << s.read << " between versions " << s.from << " and "
                         << s.to << " answered a body of no version it overlapped: " << s.body;
    ++hits_checked;
  }
  EXPECT_GT(hits_checked, 100u);
  EXPECT_GT(at_version.size(), 10u);
}

}  // namespace
}  // namespace shmock
