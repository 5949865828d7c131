// The real server binary as a process: what survives a crash, how it stops, and what it refuses
// to start on.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
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

TEST(Process, EveryAcknowledgedWriteSurvivesSigkill) {
  const std::string db = TempDb();
  const int kMembers = 120;
  {
    Process server({"--db", db});
    httplib::Client c("127.0.0.1", server.port());
    ASSERT_EQ(c.Post("/accounts", kAdmin, "{}", "application/json")->status, 200);
    for (int i = 0; i < kMembers; ++i) {
      json body = {{"AccountDetails", {{{"AccountId", std::to_string(900000000000LL + i)}}}}};
      auto r = c.Post("/members", kAdmin, body.dump(), "application/json");
      ASSERT_TRUE(r && r->body == R"({"UnprocessedAccounts":[]})");
    }
    EXPECT_EQ(server.Signal(SIGKILL).code, -SIGKILL);  // no chance to close the database
  }
  Process server({"--db", db});
  httplib::Client c("127.0.0.1", server.port());
  size_t seen = 0;
  std::string token;
  do {
    std::string path = "/members?OnlyAssociated=false" + (token.empty() ? "" : "&NextToken=" + token);
    json page = json::parse(c.Get(path.c_str(), kAdmin)->body);
    seen += page["Members"].size();
    token = page.value("NextToken", "");
  } while (!token.empty());
  EXPECT_EQ(seen, static_cast<size_t>(kMembers));
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) unlink((db + suffix).c_str());
}

// How a server run by StartAndStop ended.
struct Outcome {
  int code = -1;       // exit status, or -signal
  bool listened = false;  // it printed its "listening" line, and was then stopped with SIGTERM
  std::string errors;  // everything it wrote to stderr
};

// Runs the server as `user`: one that starts is stopped with SIGTERM as soon as it listens, one
// that refuses to start just exits. Either way the call returns within about ten seconds.
Outcome StartAndStop(std::vector<std::string> args, uid_t user = geteuid()) {
  ServerProcess server(Quiet(std::move(args)), ServerProcess::Expect::kAnyOutcome, user);
  Outcome outcome;
  outcome.listened = server.listening();
  // SIGKILL when it did not listen: it exited (and is only reaped) or it hangs.
  outcome.code = server.Signal(outcome.listened ? SIGTERM : SIGKILL).code;
  outcome.errors = server.Stderr();
  return outcome;
}

TEST(Process, ASecondServerOnTheSameDatabaseIsRefusedAndTheFirstServesOn) {
  const std::string db = TempDb();
  {
    Process first({"--db", db});
    httplib::Client c("127.0.0.1", first.port());
    ASSERT_EQ(c.Post("/accounts", kAdmin, "{}", "application/json")->status, 200);

    Outcome second = StartAndStop({"--db", db});
    EXPECT_FALSE(second.listened);
    EXPECT_EQ(second.code, 1);
    EXPECT_EQ(second.errors, "securityhub-mock: database '" + db +
                                 "' is in use by another securityhub-mock (process " +
                                 std::to_string(first.pid()) + " holds '" + db +
                                 ".lock'); stop that server, or use another database file\n");

    auto hub = c.Get("/accounts", kAdmin);
    ASSERT_TRUE(hub);
    EXPECT_EQ(hub->status, 200) << "the first server lost its hub: " << hub->body;
  }
  EXPECT_EQ(StartAndStop({"--db", db}).code, 0) << "the lock outlived the server that held it";
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) unlink((db + suffix).c_str());
}

// Whom the server runs as in the permission tests. File modes do not bind root, so as root (CI
// runs as root in a container) the server runs as "nobody"; chattr +i would bind root too, but
// needs a capability (CAP_LINUX_IMMUTABLE) containers are seldom given.
uid_t Unprivileged() { return geteuid() == 0 ? 65534 : geteuid(); }

// A fresh directory that Unprivileged() owns, holding a database it created and closed
// cleanly (so no -wal or -shm file is left beside it); removed when the test ends.
class DirWithDatabase {
 public:
  DirWithDatabase() {
    char templ[] = "/tmp/shmock-process-XXXXXX";
    if (!mkdtemp(templ) || chown(templ, Unprivileged(), Unprivileged()) != 0) {
      throw std::runtime_error("cannot make a directory for the unprivileged user");
    }
    path_ = templ;
    db_ = path_ + "/state.db";
    Outcome created = StartAndStop({"--db", db_}, Unprivileged());
    if (created.code != 0) throw std::runtime_error("cannot create " + db_ + ": " + created.errors);
  }
  ~DirWithDatabase() {
    chmod(path_.c_str(), 0700);
    std::filesystem::remove_all(path_);
  }
  const std::string& path() const { return path_; }
  const std::string& db() const { return db_; }

 private:
  std::string path_, db_;
};

// SQLite opens a file it may not write read-only, silently: without the check the server
// started and answered every write with 500.
TEST(Process, ADatabaseFileTheUserCannotWriteIsRefusedAtStart) {
  DirWithDatabase dir;
  ASSERT_EQ(chmod(dir.db().c_str(), 0444), 0);
  Outcome o = StartAndStop({"--db", dir.db()}, Unprivileged());
  EXPECT_FALSE(o.listened);
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.errors, "securityhub-mock: database '" + dir.db() +
                          "' is read-only for this user; make the file writable, or use another "
                          "database file\n");
}

// The refusal of a database SQLite can open for writing but cannot write through.
std::string NotWritable(const std::string& db) {
  return "securityhub-mock: database '" + db +
         "' is not writable (attempt to write a readonly database): this user must be able to "
         "write it, its directory, and the '" + db + "-wal' and '" + db +
         "-shm' beside it; fix that, or use another database file\n";
}

TEST(Process, ADatabaseInADirectoryTheUserCannotWriteIsRefusedAtStart) {
  DirWithDatabase dir;
  ASSERT_EQ(chmod(dir.path().c_str(), 0555), 0);  // the database may be written, not its -wal made
  Outcome o = StartAndStop({"--db", dir.db()}, Unprivileged());
  EXPECT_FALSE(o.listened);
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.errors, NotWritable(dir.db()));
}

// Reading works through a -wal file the user cannot write (say, left by a crash under another
// user); only a real write at start finds that out.
TEST(Process, ADatabaseWhoseWalFileTheUserCannotWriteIsRefusedAtStart) {
  DirWithDatabase dir;
  const std::string wal = dir.db() + "-wal";
  const int fd = open(wal.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0444);
  ASSERT_GE(fd, 0);
  close(fd);
  ASSERT_EQ(chown(wal.c_str(), Unprivileged(), Unprivileged()), 0);
  Outcome o = StartAndStop({"--db", dir.db()}, Unprivileged());
  EXPECT_FALSE(o.listened);
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.errors, NotWritable(dir.db()));
}

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
