// The real server binary as a process: what survives a crash, how it stops, and what it refuses
// to start on (database files apart: database_files_test.cc).
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server_process.h"
#include "shmock/version.h"

namespace {

using nlohmann::json;
using shmock::ServerProcess;

// `args` with the log quiet but for errors: what these tests compare is stderr's refusals.
std::vector<std::string> Quiet(std::vector<std::string> args) {
  args.insert(args.begin(), {"--log-level", "error"});
  return args;
}

// A server that must start, on a free port unless `args` name one.
class Process : public ServerProcess {
 public:
  explicit Process(std::vector<std::string> args) : ServerProcess(Quiet(std::move(args))) {}
};

const httplib::Headers kAdmin = {
    {"Authorization", "AWS4-HMAC-SHA256 Credential=111111111111/20261129/us-east-1/securityhub/"
                      "aws4_request, SignedHeaders=host, Signature=00"}};

std::string TempDb() {
  char path[] = "/tmp/shmock-process-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  unlink(path);
  return std::string(path) + ".db";
}

// Every member CreateMembers acknowledged, read back after SIGKILL, in each durability mode.
// Writers keep calling on several connections while the server is killed, so the kill lands
// between a commit and its answer, in a group being committed, anywhere: a call answered 200
// must be in the file; one cut off may or may not be.
class Sigkill : public ::testing::TestWithParam<const char*> {};

TEST_P(Sigkill, EveryAcknowledgedWriteSurvivesItUnderLoad) {
  const std::string db = TempDb();
  constexpr int kWriters = 4, kBeforeKill = 150;
  std::set<std::string> acknowledged;
  {
    Process server({"--db", db, "--durability", GetParam()});
    httplib::Client admin("127.0.0.1", server.port());
    ASSERT_EQ(admin.Post("/accounts", kAdmin, "{}", "application/json")->status, 200);
    std::mutex mu;
    std::atomic<int> count{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        httplib::Client c("127.0.0.1", server.port());
        c.set_read_timeout(5, 0);
        for (long long i = 0;; ++i) {
          const std::string account = std::to_string(900000000000LL + w * 100000 + i);
          json body = {{"AccountDetails", {{{"AccountId", account}}}}};
          auto r = c.Post("/members", kAdmin, body.dump(), "application/json");
          if (!r) return;  // the server is gone
          if (r->status != 200 || r->body != R"({"UnprocessedAccounts":[]})") {
            ADD_FAILURE() << r->status << " " << r->body;
            return;
          }
          std::lock_guard<std::mutex> hold(mu);
          acknowledged.insert(account);
          ++count;
        }
      });
    }
    while (count < kBeforeKill) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(server.Signal(SIGKILL).code, -SIGKILL);  // no chance to close the database
    for (auto& t : writers) t.join();
  }
  Process server({"--db", db});
  httplib::Client c("127.0.0.1", server.port());
  std::set<std::string> stored;
  std::string token;
  do {
    std::string path = "/members?OnlyAssociated=false" + (token.empty() ? "" : "&NextToken=" + token);
    json page = json::parse(c.Get(path.c_str(), kAdmin)->body);
    for (const json& m : page["Members"]) stored.insert(m["AccountId"].get<std::string>());
    token = page.value("NextToken", "");
  } while (!token.empty());
  std::vector<std::string> lost;
  for (const std::string& a : acknowledged) {
    if (!stored.count(a)) lost.push_back(a);
  }
  EXPECT_GE(acknowledged.size(), static_cast<size_t>(kBeforeKill));
  EXPECT_TRUE(lost.empty()) << lost.size() << " of " << acknowledged.size()
                            << " acknowledged members lost, the first " << lost.front();
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) unlink((db + suffix).c_str());
}

INSTANTIATE_TEST_SUITE_P(Durability, Sigkill, ::testing::Values("process", "power"));

// The refusals of database files at start are in database_files_test.cc.

TEST(Process, SigtermStopsPromptlyDespiteIdleKeepAliveConnections) {
  Process server({});
  httplib::Client idle("127.0.0.1", server.port());
  idle.set_keep_alive(true);  // like an SDK client: the connection stays open after the call
  ASSERT_EQ(idle.Get("/_mock/health")->status, 200);
  const auto exit = server.Signal(SIGTERM);
  EXPECT_EQ(exit.code, 0);
  EXPECT_LT(exit.seconds, 2.0) << "an idle keep-alive connection must not hold the exit (its timeout is 5 s)";
}

// Runs the binary with `args` and waits up to 5 s for it to exit on its own; returns its exit
// status (or -signal; -SIGKILL when it was still running) and what it wrote to stderr.
std::pair<int, std::string> RunToExit(std::vector<std::string> args) {
  ServerProcess server(Quiet(std::move(args)), ServerProcess::Expect::kAnyOutcome);
  const int code = server.WaitForExit(std::chrono::seconds(5)).code;
  return {code, server.Stderr()};
}

TEST(Process, ASecondInstanceOnABusyPortExitsNonZero) {
  Process first({});
  const std::string port = std::to_string(first.port());
  auto [code, err] = RunToExit({"--port", port});
  EXPECT_EQ(code, 1) << "the second instance must not share the port: " << err;
  EXPECT_EQ(err, "securityhub-mock: cannot listen on 127.0.0.1:" + port + " (address in use or not available)\n");
  httplib::Client c("127.0.0.1", first.port());
  auto r = c.Get("/_mock/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);  // the first one still serves
}

// --read-cache-bytes: with the cache off (0), with one too small to hold any reply (1) and at
// its default, every read after an acknowledged write shows that write, read once or twice.
TEST(Process, ReadsShowEveryWriteWhateverTheReadCacheBound) {
  for (const std::vector<std::string>& flags :
       std::vector<std::vector<std::string>>{{"--read-cache-bytes", "0"}, {"--read-cache-bytes=1"}, {}}) {
    const std::string setting = flags.empty() ? "default" : flags.back();
    Process server(flags);
    httplib::Client c("127.0.0.1", server.port());
    ASSERT_EQ(c.Post("/accounts", kAdmin, "{}", "application/json")->status, 200) << setting;
    auto listed = [&] {
      std::vector<std::string> ids;
      auto r = c.Get("/members?OnlyAssociated=false", kAdmin);
      EXPECT_TRUE(r && r->status == 200) << setting;
      if (r) {
        const json page = json::parse(r->body);
        for (const json& m : page["Members"]) ids.push_back(m["AccountId"]);
      }
      return ids;
    };
    std::vector<std::string> expected;
    for (int i = 0; i < 4; ++i) {
      const std::string id = std::to_string(900000000000LL + i);
      auto r = c.Post("/members", kAdmin, json{{"AccountDetails", {{{"AccountId", id}}}}}.dump(), "application/json");
      ASSERT_TRUE(r && r->body == R"({"UnprocessedAccounts":[]})") << setting;
      expected.push_back(id);
      EXPECT_EQ(listed(), expected) << setting << ": the first read after creating " << id;
      EXPECT_EQ(listed(), expected) << setting << ": the second read after creating " << id;
    }
    auto r = c.Post("/members/delete", kAdmin, json{{"AccountIds", {expected[1]}}}.dump(), "application/json");
    ASSERT_TRUE(r && r->status == 200) << setting;
    expected.erase(expected.begin() + 1);
    EXPECT_EQ(listed(), expected) << setting << ": after DeleteMembers";
    auto got = c.Post("/members/get", kAdmin, json{{"AccountIds", {"900000000001"}}}.dump(), "application/json");
    ASSERT_TRUE(got && got->status == 200) << setting;
    EXPECT_TRUE(json::parse(got->body)["Members"].empty()) << setting << ": " << got->body;
  }
}

}  // namespace

// --version prints the name and the CMake project version, the one GET /_mock/health answers,
// and exits 0 without listening.
TEST(Process, VersionPrintsTheProjectVersionAndExits) {
  FILE* out = popen(SHMOCK_BINARY " --version", "r");
  ASSERT_NE(out, nullptr);
  std::string text;
  char buf[256];
  for (size_t n; (n = fread(buf, 1, sizeof buf, out)) > 0;) text.append(buf, n);
  const int status = pclose(out);
  EXPECT_EQ(text, std::string("securityhub-mock ") + shmock::kVersion + "\n");
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}
