// bench-client: the parts of bench/run.sh that wrk cannot do, each printing one
// `BENCH_RESULT key=value ...` line on stdout (and, when something failed, one `BENCH_ERROR text`
// line before it). Every server it talks to is on 127.0.0.1; every run is bounded in count and
// in time.
//
//   bench-client startup RUNS SERVER_BINARY [ARGS...]
//       Starts the binary RUNS times (one at a time) and measures the wall time from fork to the
//       first 200 of GET /_mock/health. The binary must print `http://127.0.0.1:<port>` on its
//       first stdout line (run.sh passes `--port 0`). Each server is stopped with SIGTERM (SIGKILL
//       after 5 s) before the next starts, and dies with this process (PR_SET_PDEATHSIG).
//   bench-client create PORT ADMIN MEMBERS CONNS SECONDS [PER_CALL]
//       ADMIN enables Security Hub, then CONNS keep-alive connections send CreateMembers calls of
//       PER_CALL (1 to 50, default 50) distinct new accounts each until MEMBERS are created or
//       SECONDS have passed.
//   bench-client lifecycle PORT ADMIN COUNT CONNS SECONDS
//       ADMIN enables Security Hub; COUNT member accounts enable theirs (untimed set-up). Then, on
//       CONNS keep-alive connections, each member goes through one whole invitation lifecycle:
//       admin CreateMembers -> admin InviteMembers -> member ListInvitations -> member
//       AcceptAdministratorInvitation -> admin DisassociateMembers -> admin DeleteMembers, until
//       COUNT lifecycles are done or SECONDS have passed.
//
// Requests carry a SigV4-shaped Authorization header whose access key id is the calling account
// (the mock takes the account from a 12-digit key id and, without --strict-auth, does not check
// the signature).
#include <httplib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// The first failure of a run, reported once as `BENCH_ERROR`.
class FirstError {
 public:
  void Set(const std::string& what) {
    std::lock_guard<std::mutex> lock(mu_);
    if (text_.empty()) text_ = what;
    failed_ = true;
  }
  bool failed() const { return failed_; }
  void Print() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!text_.empty()) {
      std::string line = text_.substr(0, 300);
      std::replace(line.begin(), line.end(), '\n', ' ');
      std::printf("BENCH_ERROR %s\n", line.c_str());
    }
  }

 private:
  std::mutex mu_;
  std::string text_;
  std::atomic<bool> failed_{false};
};

// ---------------------------------------------------------------------------------------------
// startup

// Reads the child's first stdout line (up to 10 s) and returns the port in it, or -1.
int ReadPort(int fd) {
  std::string line;
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  char c;
  while (Clock::now() < deadline && line.size() < 1024) {
    ssize_t n = read(fd, &c, 1);
    if (n <= 0) break;  // EOF: the child exited (or closed stdout) before printing a port
    if (c == '\n') break;
    line += c;
  }
  const std::string marker = "http://127.0.0.1:";
  size_t at = line.find(marker);
  if (at == std::string::npos) return -1;
  return std::atoi(line.c_str() + at + marker.size());
}

void Stop(pid_t pid) {
  kill(pid, SIGTERM);
  for (int i = 0; i < 500; ++i) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    usleep(10000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

int Startup(int runs, std::vector<std::string> args) {
  FirstError error;
  std::vector<double> ms;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (int run = 0; run < runs && !error.failed(); ++run) {
    int out[2];
    if (pipe(out) != 0) return 1;
    const pid_t parent = getpid();
    const auto t0 = Clock::now();
    pid_t pid = fork();
    if (pid == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the benchmark
      if (getppid() != parent) _exit(126);
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    if (pid < 0) {
      close(out[0]);
      error.Set("fork failed");
      break;
    }
    const int port = ReadPort(out[0]);
    close(out[0]);
    if (port <= 0) {
      error.Set(args[0] + " printed no http://127.0.0.1:<port> line");
      Stop(pid);
      break;
    }
    // The port line comes once the socket listens; the first request may still wait for the
    // server to accept it. Retry on a refused connection every 100 us, for up to 10 s.
    bool ok = false;
    while (Seconds(t0, Clock::now()) < 10) {
      httplib::Client client("127.0.0.1", port);
      client.set_connection_timeout(1, 0);
      auto r = client.Get("/_mock/health");
      if (r && r->status == 200) {
        ok = true;
        break;
      }
      if (r) {
        error.Set("GET /_mock/health answered " + std::to_string(r->status));
        break;
      }
      usleep(100);
    }
    const auto t1 = Clock::now();
    Stop(pid);
    if (!ok) {
      error.Set("no 200 from GET /_mock/health within 10 s");
      break;
    }
    ms.push_back(Seconds(t0, t1) * 1000);
  }
  error.Print();
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted.empty() ? 0
                        : sorted.size() % 2 ? sorted[sorted.size() / 2]
                                            : (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]) / 2;
  std::printf("BENCH_RESULT runs=%zu median_ms=%.2f min_ms=%.2f max_ms=%.2f\n", ms.size(), median,
              sorted.empty() ? 0 : sorted.front(), sorted.empty() ? 0 : sorted.back());
  return error.failed() ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// create, lifecycle

httplib::Headers SignedAs(const std::string& account) {
  char date[32];
  std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y%m%dT%H%M%SZ", std::gmtime(&now));
  return {{"X-Amz-Date", date},
          {"Authorization", "AWS4-HMAC-SHA256 Credential=" + account + "/" + std::string(date, 8) +
                                "/us-east-1/securityhub/aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
                                std::string(64, '0')}};
}

std::string Account(long long n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%012lld", n);
  return buf;
}

// One keep-alive connection, signing each call as the account given.
class Conn {
 public:
  explicit Conn(int port) : client_("127.0.0.1", port) {
    client_.set_keep_alive(true);
    // As AWS SDKs do (urllib3, the JS SDK): cpp-httplib writes a POST's headers and body
    // separately, and with Nagle on the body would wait for the server's delayed ACK (40 ms).
    client_.set_tcp_nodelay(true);
    client_.set_read_timeout(10, 0);
  }
  // Sends the call; true when it answered 200 (and `expect`, if not empty, is the whole body).
  bool Call(FirstError& error, const std::string& account, const char* method, const std::string& path,
            const std::string& body = "", const std::string& expect = "", std::string* reply = nullptr) {
    httplib::Result r = method[0] == 'G' ? client_.Get(path.c_str(), SignedAs(account))
                                         : client_.Post(path.c_str(), SignedAs(account), body, "application/json");
    if (!r) {
      error.Set(std::string(method) + " " + path + ": " + httplib::to_string(r.error()));
      return false;
    }
    if (r->status != 200 || (!expect.empty() && r->body != expect)) {
      error.Set(std::string(method) + " " + path + " as " + account + " -> " + std::to_string(r->status) + " " +
                r->body);
      return false;
    }
    if (reply) *reply = r->body;
    return true;
  }

 private:
  httplib::Client client_;
};

const char kNoneUnprocessed[] = R"({"UnprocessedAccounts":[]})";

// Runs `work` on `conns` threads, each with its own keep-alive connection, and waits for all.
template <typename Work>
void OnConnections(int port, int conns, const Work& work) {
  std::vector<std::thread> threads;
  for (int t = 0; t < conns; ++t) {
    threads.emplace_back([&] {
      Conn conn(port);
      work(conn);
    });
  }
  for (auto& t : threads) t.join();
}

int Create(int port, const std::string& admin, long members, int conns, double seconds, long per_call) {
  FirstError error;
  Conn setup(port);
  if (!setup.Call(error, admin, "POST", "/accounts", "{}")) {
    error.Print();
    return 1;
  }
  // The bodies first, so the timed loop only sends: batch b holds accounts
  // 300000000000 + PER_CALL * b...
  const long batches = (members + per_call - 1) / per_call;
  std::vector<std::string> bodies;
  for (long b = 0; b < batches; ++b) {
    json details = json::array();
    for (long i = b * per_call; i < std::min(members, (b + 1) * per_call); ++i) {
      details.push_back({{"AccountId", Account(300000000000LL + i)}});
    }
    bodies.push_back(json{{"AccountDetails", details}}.dump());
  }
  std::atomic<long> next{0}, created{0}, calls{0};
  const auto t0 = Clock::now();
  const auto deadline = t0 + std::chrono::duration<double>(seconds);
  OnConnections(port, conns, [&](Conn& conn) {
    for (long b; !error.failed() && Clock::now() < deadline && (b = next++) < batches;) {
      if (!conn.Call(error, admin, "POST", "/members", bodies[b], kNoneUnprocessed)) return;
      created += std::min(members, (b + 1) * per_call) - b * per_call;
      ++calls;
    }
  });
  const double elapsed = Seconds(t0, Clock::now());
  error.Print();
  std::printf("BENCH_RESULT members=%ld calls=%ld seconds=%.3f members_per_s=%.0f calls_per_s=%.0f complete=%d\n",
              created.load(), calls.load(), elapsed, created / elapsed, calls / elapsed, created == members ? 1 : 0);
  return error.failed() ? 1 : 0;
}

int Lifecycle(int port, const std::string& admin, long count, int conns, double seconds) {
  FirstError error;
  auto member = [](long i) { return Account(400000000000LL + i); };
  {  // set-up, untimed: every hub
    Conn setup(port);
    if (!setup.Call(error, admin, "POST", "/accounts", "{}")) {
      error.Print();
      return 1;
    }
    std::atomic<long> next{0};
    OnConnections(port, conns, [&](Conn& conn) {
      for (long i; !error.failed() && (i = next++) < count;) {
        if (!conn.Call(error, member(i), "POST", "/accounts", "{}")) return;
      }
    });
    if (error.failed()) {
      error.Print();
      return 1;
    }
  }
  std::atomic<long> next{0}, done{0};
  const auto t0 = Clock::now();
  const auto deadline = t0 + std::chrono::duration<double>(seconds);
  OnConnections(port, conns, [&](Conn& conn) {
    for (long i; !error.failed() && Clock::now() < deadline && (i = next++) < count;) {
      const std::string m = member(i);
      const std::string ids = json{{"AccountIds", {m}}}.dump();
      std::string invitations;
      if (!conn.Call(error, admin, "POST", "/members", json{{"AccountDetails", {{{"AccountId", m}}}}}.dump(),
                     kNoneUnprocessed) ||
          !conn.Call(error, admin, "POST", "/members/invite", ids, kNoneUnprocessed) ||
          !conn.Call(error, m, "GET", "/invitations", "", "", &invitations)) {
        return;
      }
      std::string invitation_id;
      json listed = json::parse(invitations, nullptr, false);
      if (listed.is_object()) {
        for (const json& inv : listed.value("Invitations", json::array())) {
          if (inv.value("AccountId", "") == admin) invitation_id = inv.value("InvitationId", "");
        }
      }
      if (invitation_id.empty()) {
        error.Set("ListInvitations of " + m + " has no invitation from " + admin + ": " + invitations);
        return;
      }
      if (!conn.Call(error, m, "POST", "/administrator",
                     json{{"AdministratorId", admin}, {"InvitationId", invitation_id}}.dump()) ||
          !conn.Call(error, admin, "POST", "/members/disassociate", ids) ||
          !conn.Call(error, admin, "POST", "/members/delete", ids, kNoneUnprocessed)) {
        return;
      }
      ++done;
    }
  });
  const double elapsed = Seconds(t0, Clock::now());
  error.Print();
  std::printf("BENCH_RESULT lifecycles=%ld seconds=%.3f per_s=%.1f complete=%d\n", done.load(), elapsed,
              done / elapsed, done == count ? 1 : 0);
  return error.failed() ? 1 : 0;
}

int Usage() {
  std::fprintf(stderr,
               "usage: bench-client startup RUNS SERVER_BINARY [ARGS...]\n"
               "       bench-client create PORT ADMIN MEMBERS CONNS SECONDS [PER_CALL]\n"
               "       bench-client lifecycle PORT ADMIN COUNT CONNS SECONDS\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "startup" && argc >= 4) {
    return Startup(std::atoi(argv[2]), std::vector<std::string>(argv + 3, argv + argc));
  }
  if ((mode == "create" && (argc == 7 || argc == 8)) || (mode == "lifecycle" && argc == 7)) {
    const int port = std::atoi(argv[2]);
    const long n = std::atol(argv[4]);
    const int conns = std::max(1, std::atoi(argv[5]));
    const double seconds = std::atof(argv[6]);
    const long per_call = argc == 8 ? std::atol(argv[7]) : 50;
    if (port <= 0 || n <= 0 || seconds <= 0 || per_call < 1 || per_call > 50) return Usage();
    return mode == "create" ? Create(port, argv[3], n, conns, seconds, per_call) : Lifecycle(port, argv[3], n, conns, seconds);
  }
  return Usage();
}
