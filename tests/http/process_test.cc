// The real server binary as a process: what survives a crash, and how it stops.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <poll.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

extern char** environ;

namespace {

using nlohmann::json;

// A started `securityhub-mock --port 0 ...`; the port comes from its first stdout line.
class Process {
 public:
  explicit Process(std::vector<std::string> args) {
    args.insert(args.begin(), {SHMOCK_BINARY, "--port", "0", "--log-level", "error"});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("spawn");
    }
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[512] = {};
    if (!fgets(line, sizeof line, f)) throw std::runtime_error("no start line");
    fclose(f);
    std::cmatch m;
    if (!std::regex_search(line, m, std::regex(R"(http://127\.0\.0\.1:(\d+))"))) {
      throw std::runtime_error(std::string("unexpected start line: ") + line);
    }
    port_ = std::stoi(m[1]);
  }
  ~Process() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }
  // Sends `sig` and returns the exit status (or -signal) and how long the exit took.
  std::pair<int, double> Signal(int sig) {
    auto start = std::chrono::steady_clock::now();
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status), seconds};
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
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
    EXPECT_EQ(server.Signal(SIGKILL).first, -SIGKILL);  // no chance to close the database
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
  for (const char* suffix : {"", "-wal", "-shm"}) unlink((db + suffix).c_str());
}

TEST(Process, SigtermStopsPromptlyDespiteIdleKeepAliveConnections) {
  Process server({});
  httplib::Client idle("127.0.0.1", server.port());
  idle.set_keep_alive(true);  // like an SDK client: the connection stays open after the call
  ASSERT_EQ(idle.Get("/_mock/health")->status, 200);
  auto [code, seconds] = server.Signal(SIGTERM);
  EXPECT_EQ(code, 0);
  EXPECT_LT(seconds, 2.0) << "an idle keep-alive connection must not hold the exit (its timeout is 5 s)";
}

// Runs the binary with `args` and waits up to 5 s for it to exit on its own; returns its exit
// status (or -signal; -SIGKILL when it was still running) and what it wrote to stderr.
std::pair<int, std::string> RunToExit(std::vector<std::string> args) {
  args.insert(args.begin(), {SHMOCK_BINARY, "--log-level", "error"});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int err[2];
  if (pipe(err) != 0) throw std::runtime_error("pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, err[0]);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) throw std::runtime_error("spawn");
  posix_spawn_file_actions_destroy(&actions);
  close(err[1]);
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  pollfd p{err[0], POLLIN, 0};
  char buf[512];
  while (std::chrono::steady_clock::now() < deadline && poll(&p, 1, 100) >= 0) {
    if (p.revents == 0) continue;
    ssize_t n = read(err[0], buf, sizeof buf);
    if (n <= 0) break;  // the process exited (or closed stderr)
    text.append(buf, n);
  }
  close(err[0]);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    usleep(10000);
  }
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status), text};
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

}  // namespace
