// bench-bare-server: a bare cpp-httplib server, the baseline for bench/run.sh.
//
// Answers the two calls the benchmark measures (GET /members, POST /members/get) with a fixed
// JSON body (by default a small one; run.sh hands it the mock's own bodies with --list-body and
// --get-body, so both servers send the same bytes) and the mock's response header set (Content-Type: application/json,
// x-amzn-RequestId, Date, X-Content-Type-Options: nosniff; Date is formatted once, at start,
// where the mock formats it once a second), configured like the mock: TCP_NODELAY on, a 256-thread pool, 1,000 requests
// per keep-alive connection. It parses nothing and keeps no state, so it measures the HTTP stack
// alone. GET /_mock/health answers a fixed 200, for the start-up comparison. `--port 0` picks a free port and prints `... listening on http://127.0.0.1:<PORT>`.
#include <httplib.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace {

std::atomic<unsigned long long> g_request_counter{0};

// A request id shaped like the mock's (UUID text), cheap to make: a counter in the last group.
std::string next_request_id() {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012llx",
                g_request_counter.fetch_add(1, std::memory_order_relaxed) & 0xffffffffffffULL);
  return buf;
}

bool read_file(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream all;
  all << in.rdbuf();
  *out = all.str();
  return true;
}

// IMF-fixdate, as the mock's Date header, so both servers send headers of the same size.
const std::string& start_date() {
  static const std::string date = [] {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return std::string(buf);
  }();
  return date;
}

void answer(httplib::Response& res, const std::string& body) {
  res.set_header("x-amzn-RequestId", next_request_id());
  res.set_header("Date", start_date());
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(body, "application/json");
}

void usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s [--host 127.0.0.1] [--port N (0 = any free port)] [--list-body FILE] "
               "[--get-body FILE]\n",
               argv0);
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string list_body =
      R"({"Members":[{"AccountId":"200000000000","MasterId":"111111111111","AdministratorId":"111111111111","MemberStatus":"Created","UpdatedAt":"2026-11-29T00:00:00.000Z"}]})";
  std::string get_body =
      R"({"Members":[{"AccountId":"200000000000","MasterId":"111111111111","AdministratorId":"111111111111","MemberStatus":"Created","UpdatedAt":"2026-11-29T00:00:00.000Z"}],"UnprocessedAccounts":[]})";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "--list-body" || a == "--get-body") && i + 1 < argc) {
      if (!read_file(argv[++i], a == "--list-body" ? &list_body : &get_body)) {
        std::fprintf(stderr, "bench-bare-server: cannot read %s\n", argv[i]);
        return 2;
      }
    } else if ((a == "--port" || a == "--host") && i + 1 < argc) {
      std::string v = argv[++i];
      if (a == "--port") {
        char* end = nullptr;
        long p = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || p < 0 || p > 65535) {
          usage(argv[0]);
          return 2;
        }
        port = static_cast<int>(p);
      } else {
        host = v;
      }
    } else {
      usage(argv[0]);
      return 2;
    }
  }

  // Block SIGINT/SIGTERM in every thread; one thread waits for them and stops the server.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  httplib::Server svr;
  svr.new_task_queue = [] { return new httplib::ThreadPool(256); };
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_max_count(1000);
  // cpp-httplib 0.11.4 listens with a backlog of 5 (compiled into Debian's library). Under 64
  // keep-alive connections that reconnect every 1,000 requests, the accept queue overflows, SYNs
  // are dropped and retried after 1 s, and p99 jumps to ~1 s. Keep the listening socket from the
  // options hook (it runs only for that socket, before bind) and listen() again with a larger
  // backlog: Linux applies the new backlog to a socket that is already listening.
  socket_t listen_sock = INVALID_SOCKET;
  svr.set_socket_options([&listen_sock](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_sock = sock;
  });

  svr.Get("/members", [&list_body](const httplib::Request&, httplib::Response& res) {
    answer(res, list_body);
  });
  svr.Post("/members/get", [&get_body](const httplib::Request&, httplib::Response& res) {
    answer(res, get_body);
  });
  // For the start-up figure (bench-client startup): a fixed 200, as the mock's health check.
  svr.Get("/_mock/health", [](const httplib::Request&, httplib::Response& res) {
    answer(res, R"({"status":"ok"})");
  });

  int bound = port == 0 ? svr.bind_to_any_port(host) : (svr.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    std::fprintf(stderr, "bench-bare-server: cannot bind %s:%d\n", host.c_str(), port);
    return 1;
  }
  if (listen_sock == INVALID_SOCKET || ::listen(listen_sock, SOMAXCONN) != 0) {
    std::fprintf(stderr, "bench-bare-server: cannot raise the listen backlog\n");
    return 1;
  }

  std::thread stopper([&svr, sigs] {
    int sig = 0;
    sigwait(&sigs, &sig);
    svr.stop();
  });

  std::printf("bench-bare-server listening on http://%s:%d\n", host.c_str(), bound);
  std::fflush(stdout);

  bool ok = svr.listen_after_bind();
  if (!ok) {
    // listen ended without a signal (should not happen): wake the stopper so it can be joined.
    kill(getpid(), SIGTERM);
  }
  stopper.join();
  return 0;
}
