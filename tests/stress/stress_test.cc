// The service under load, kept as tests: 32 concurrent clients over 20 accounts and 2 Regions
// with the membership invariants checked afterwards, and kill -9 cycles under write load with
// every acknowledged write found again. Bounded for CI (SHMOCK_STRESS_SECONDS, default 8;
// SHMOCK_STRESS_CYCLES, default 10); the `stress` ctest label runs them longer.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/server_process.h"
#include "http/test_server.h"

namespace shmock {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

long EnvOr(const char* name, long fallback) {
  const char* v = std::getenv(name);
  return v ? std::atol(v) : fallback;
}

// Every reply of the run: never 5xx, always JSON, errors AWS-shaped. Counts what it saw.
struct Tally {
  std::atomic<long> calls{0}, errors{0}, failures{0};
  std::mutex mu;
  std::vector<std::string> failed;  // the first few, for the report

  json Check(const httplib::Result& r, const std::string& what) {
    ++calls;
    std::string why;
    json body;
    if (!r) {
      why = "no reply (" + httplib::to_string(r.error()) + ")";
    } else if (r->status >= 500) {
      why = std::to_string(r->status) + " " + r->body;
    } else {
      body = json::parse(r->body, nullptr, false);
      if (!body.is_object()) {
        why = "not a JSON object: " + r->body;
      } else if (r->status != 200) {
        ++errors;
        if (!body.contains("Code") || !body.contains("Message")) why = "error without Code and Message: " + r->body;
      }
    }
    if (!why.empty()) {
      ++failures;
      std::lock_guard<std::mutex> lock(mu);
      if (failed.size() < 5) failed.push_back(what + ": " + why);
      return json::object();
    }
    return r->status == 200 ? body : json::object();
  }
};

const char* const kRegions[] = {"us-east-1", "eu-west-1"};

std::string AccountId(int i) { return std::to_string(100000000000LL + i * 1111); }

// All of an administrator's member records in a Region, through pages of `page` members.
std::vector<json> ListAll(httplib::Client& c, Tally& tally, const std::string& admin, const std::string& region,
                          bool only_associated, int page) {
  std::vector<json> members;
  std::string token;
  do {
    std::string path = "/members?OnlyAssociated=" + std::string(only_associated ? "true" : "false") +
                       "&MaxResults=" + std::to_string(page) + (token.empty() ? "" : "&NextToken=" + token);
    json reply = tally.Check(c.Get(path.c_str(), As(admin, region)), "ListMembers");
    for (const json& m : reply.value("Members", json::array())) members.push_back(m);
    token = reply.value("NextToken", "");
  } while (!token.empty());
  return members;
}

TEST(Stress, ThirtyTwoConcurrentClientsKeepTheMembershipInvariants) {
  // Five administrators and fifteen members: an account with members of its own cannot accept
  // an invitation, so free roles would soon leave nothing to accept.
  const int kAccounts = 20, kAdministrators = 5, kClients = 32;
  const auto run_for = std::chrono::seconds(EnvOr("SHMOCK_STRESS_SECONDS", 8));
  TestServer server{Config()};
  Tally tally;
  {
    httplib::Client c("127.0.0.1", server.port());
    for (const char* region : kRegions) {
      for (int a = 0; a < kAccounts; ++a) tally.Check(c.Post("/accounts", As(AccountId(a), region), "{}", "application/json"), "Enable");
    }
  }
  // Each client picks a Region, an administrator x and a member account y, and moves their
  // relationship one step (or reads it). Conflicting steps race on purpose.
  const auto stop_at = Clock::now() + run_for;
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", server.port());
      c.set_read_timeout(10);
      std::mt19937 rng(20261129 + t);
      while (Clock::now() < stop_at) {
        const std::string region = kRegions[rng() % 2];
        const int xi = rng() % kAdministrators;
        const int yi = kAdministrators + rng() % (kAccounts - kAdministrators);
        const std::string x = AccountId(xi), y = AccountId(yi);
        const json ids = {{"AccountIds", {y}}};
        switch (rng() % 10) {
          case 0:
            tally.Check(c.Post("/members", As(x, region), json({{"AccountDetails", {{{"AccountId", y}}}}}).dump(),
                               "application/json"), "CreateMembers");
            break;
          case 1:
            tally.Check(c.Post("/members/invite", As(x, region), ids.dump(), "application/json"), "InviteMembers");
            break;
          case 2:
          case 3: {  // y accepts x's invitation, if it has one
            json invitations = tally.Check(c.Get("/invitations", As(y, region)), "ListInvitations");
            for (const json& inv : invitations.value("Invitations", json::array())) {
              if (inv.value("AccountId", "") != x) continue;
              json accept = {{"AdministratorId", x}, {"InvitationId", inv.value("InvitationId", "")}};
              tally.Check(c.Post("/administrator", As(y, region), accept.dump(), "application/json"), "Accept");
            }
            break;
          }
          case 4:
            tally.Check(c.Post("/members/disassociate", As(x, region), ids.dump(), "application/json"), "DisassociateMembers");
            break;
          case 5:
            tally.Check(c.Post("/members/delete", As(x, region), ids.dump(), "application/json"), "DeleteMembers");
            break;
          case 6:
            tally.Check(c.Post("/administrator/disassociate", As(y, region), "", "application/json"), "DisassociateFromAdministrator");
            break;
          case 7:
            tally.Check(c.Post("/invitations/decline", As(y, region), json({{"AccountIds", {x}}}).dump(),
                               "application/json"), "DeclineInvitations");
            break;
          case 8:
            tally.Check(c.Post("/members/get", As(x, region), ids.dump(), "application/json"), "GetMembers");
            break;
          default:
            tally.Check(c.Get("/administrator", As(y, region)), "GetAdministratorAccount");
            break;
        }
      }
    });
  }
  for (auto& t : clients) t.join();

  // The invariants, per Region, once the clients have stopped.
  httplib::Client c("127.0.0.1", server.port());
  long checks = 0, enabled = 0;
  for (const char* region : kRegions) {
    std::map<std::string, std::string> administrator_of;  // member -> administrator, member's view
    for (int a = 0; a < kAccounts; ++a) {
      json reply = tally.Check(c.Get("/administrator", As(AccountId(a), region)), "GetAdministratorAccount");
      if (reply.contains("Administrator") && reply["Administrator"].value("MemberStatus", "") == "Enabled") {
        administrator_of[AccountId(a)] = reply["Administrator"].value("AccountId", "");
      }
    }
    std::map<std::string, int> enabled_under;  // member -> how many administrators list it Enabled
    for (int a = 0; a < kAccounts; ++a) {
      const std::string admin = AccountId(a);
      std::vector<json> all = ListAll(c, tally, admin, region, /*only_associated=*/false, /*page=*/3);
      std::set<std::string> seen;
      for (const json& m : all) {
        const std::string id = m.value("AccountId", "");
        EXPECT_TRUE(seen.insert(id).second) << region << " " << admin << " lists " << id << " twice";
        EXPECT_EQ(m.value("AdministratorId", ""), admin) << region << " " << m.dump();
        ++checks;
      }
      // One page and many pages agree; OnlyAssociated lists exactly the Enabled ones.
      EXPECT_EQ(all.size(), ListAll(c, tally, admin, region, false, 50).size()) << region << " " << admin;
      std::set<std::string> enabled_members;
      for (const json& m : all) {
        if (m.value("MemberStatus", "") == "Enabled") enabled_members.insert(m.value("AccountId", ""));
      }
      std::set<std::string> associated;
      for (const json& m : ListAll(c, tally, admin, region, true, 50)) associated.insert(m.value("AccountId", ""));
      EXPECT_EQ(associated, enabled_members) << region << " " << admin;
      for (const std::string& m : enabled_members) {
        ++enabled_under[m];
        ++enabled;
        // The administrator's Enabled member names it as its administrator.
        EXPECT_EQ(administrator_of[m], admin) << region << ": " << admin << " lists " << m << " Enabled";
        checks += 3;
      }
    }
    for (const auto& [member, admin] : administrator_of) {
      // The member's administrator lists it Enabled, and no other administrator does.
      EXPECT_EQ(enabled_under[member], 1) << region << ": " << member << " names " << admin;
      ++checks;
    }
  }
  std::printf("[ figures  ] %d clients, %lld s: %ld calls (%ld answered with 4xx errors), %ld invariant checks, "
              "%ld Enabled memberships at the end\n",
              kClients, static_cast<long long>(run_for.count()), tally.calls.load(), tally.errors.load(), checks, enabled);
  EXPECT_EQ(tally.failures.load(), 0) << (tally.failed.empty() ? "" : tally.failed.front());
  EXPECT_GT(enabled, 0) << "the run should leave some memberships to check";
}

TEST(Stress, NoAcknowledgedWriteIsLostAcrossKillNineCycles) {
  const int cycles = static_cast<int>(EnvOr("SHMOCK_STRESS_CYCLES", 10));
  const int kWriters = 4;
  const std::string admin = AccountId(0), region = "us-east-1";
  char dir[] = "/tmp/shmock-stress-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string db = std::string(dir) + "/state.db";
  std::set<std::string> acknowledged;
  std::mutex mu;
  std::atomic<long long> next_id{300000000000LL};
  std::mt19937 rng(20261129);
  Tally tally;
  for (int cycle = 0; cycle < cycles; ++cycle) {
    ServerProcess server({"--log-level", "error", "--db", db});
    httplib::Client c("127.0.0.1", server.port());
    if (cycle == 0) tally.Check(c.Post("/accounts", As(admin, region), "{}", "application/json"), "Enable");
    // Everything acknowledged so far is there after the previous kill.
    std::set<std::string> present;
    for (const json& m : ListAll(c, tally, admin, region, false, 50)) present.insert(m.value("AccountId", ""));
    for (const std::string& id : acknowledged) ASSERT_EQ(present.count(id), 1u) << "cycle " << cycle << ": lost " << id;

    std::atomic<bool> writing{true};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&] {
        httplib::Client wc("127.0.0.1", server.port());
        wc.set_read_timeout(5);
        while (writing) {
          json details = json::array();
          std::vector<std::string> ids;
          for (int k = 0; k < 5; ++k) {
            ids.push_back(std::to_string(next_id++));
            details.push_back({{"AccountId", ids.back()}});
          }
          auto r = wc.Post("/members", As(admin, region), json({{"AccountDetails", details}}).dump(), "application/json");
          if (!r) break;  // killed
          if (r->status == 200 && r->body == R"({"UnprocessedAccounts":[]})") {
            std::lock_guard<std::mutex> lock(mu);
            acknowledged.insert(ids.begin(), ids.end());
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 250));
    server.Kill();  // SIGKILL mid-write: no chance to checkpoint or close the database
    writing = false;
    for (auto& t : writers) t.join();
  }
  {
    ServerProcess server({"--log-level", "error", "--db", db});
    httplib::Client c("127.0.0.1", server.port());
    std::set<std::string> present;
    for (const json& m : ListAll(c, tally, admin, region, false, 50)) present.insert(m.value("AccountId", ""));
    size_t lost = 0;
    for (const std::string& id : acknowledged) lost += present.count(id) == 0;
    std::printf("[ figures  ] %d kill -9 cycles: %zu acknowledged members, %zu lost\n", cycles, acknowledged.size(), lost);
    EXPECT_EQ(lost, 0u);
    EXPECT_GT(acknowledged.size(), 0u);
  }
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::string integrity;
  sqlite3_exec(handle, "PRAGMA integrity_check", [](void* out, int, char** values, char**) {
    *static_cast<std::string*>(out) += values[0] ? values[0] : "";
    return 0;
  }, &integrity, nullptr);
  sqlite3_close(handle);
  EXPECT_EQ(integrity, "ok");
  EXPECT_EQ(tally.failures.load(), 0) << (tally.failed.empty() ? "" : tally.failed.front());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace shmock
