// ServerProcess: the real server binary started as a child process, the one way the tests do
// it (http/process_test.cc, http/request_log_test.cc, stress/stress_test.cc). It listens on a
// free port unless the arguments name one; the port comes from its first stdout line; its
// stderr (the log) goes to a file the test can read at any time, so a chatty server never
// blocks on a full pipe.
#ifndef SHMOCK_TESTS_HTTP_SERVER_PROCESS_H_
#define SHMOCK_TESTS_HTTP_SERVER_PROCESS_H_

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace shmock {

class ServerProcess {
 public:
  // What the constructor requires of the started server.
  enum class Expect {
    kListening,   // it prints its "listening on" line, or the constructor throws
    kAnyOutcome,  // it may refuse to start: see listening(), then Signal() or WaitForExit()
  };
  // How a stopped server ended.
  struct Exit {
    int code = -1;         // exit status, or -signal
    double seconds = 0.0;  // from the stop request (or the start of the wait) to the exit
  };
  // How long the constructor waits for the start line, so a hung start fails the test.
  static constexpr int kStartTimeoutMs = 10000;

  // Runs SHMOCK_BINARY with `args` (after `--port 0` unless they name a port) as `user`. It is
  // forked and started with fexecve, so another user needs no access to the build tree; from
  // the fork to the exec the child makes only async-signal-safe calls.
  explicit ServerProcess(std::vector<std::string> args, Expect expect = Expect::kListening,
                         uid_t user = geteuid()) {
    char path[] = "/tmp/shmock-stderr-XXXXXX";
    const int err = mkostemp(path, O_CLOEXEC);  // no other child inherits it
    if (err < 0) throw std::runtime_error("mkstemp");
    stderr_path_ = path;
    bool names_port = false;
    for (const std::string& a : args) names_port |= a == "--port" || a.rfind("--port=", 0) == 0;
    if (!names_port) args.insert(args.begin(), {"--port", "0"});
    args.insert(args.begin(), SHMOCK_BINARY);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    const int binary = open(SHMOCK_BINARY, O_RDONLY | O_CLOEXEC);
    if (binary < 0) throw std::runtime_error("cannot open " SHMOCK_BINARY);
    const bool switch_user = user != geteuid();
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      dup2(err, STDERR_FILENO);
      if (switch_user && (setgroups(0, nullptr) != 0 || setgid(user) != 0 || setuid(user) != 0)) {
        _exit(126);
      }
      fexecve(binary, argv.data(), environ);
      _exit(127);
    }
    close(out[1]);
    close(err);
    close(binary);
    if (pid_ < 0) {
      close(out[0]);
      throw std::runtime_error("fork");
    }
    const std::string line = FirstLine(out[0]);
    close(out[0]);
    std::smatch m;
    if (std::regex_search(line, m, std::regex(R"(listening on http://127\.0\.0\.1:(\d+))"))) {
      port_ = std::stoi(m[1]);
    } else if (expect == Expect::kListening) {
      Signal(SIGKILL);
      throw std::runtime_error("no start line (stdout: '" + line + "'); stderr: " + Stderr());
    }
  }
  ~ServerProcess() {
    if (pid_ > 0) Signal(SIGKILL);
    unlink(stderr_path_.c_str());
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Whether it printed its start line (always, once Expect::kListening constructed it).
  bool listening() const { return port_ != 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }

  // Sends `sig` and waits for the exit. A server that has already exited is only reaped, so its
  // own exit status is returned.
  Exit Signal(int sig) {
    const auto start = std::chrono::steady_clock::now();
    kill(pid_, sig);
    return Reap(start);
  }
  // Stops the server with SIGTERM and returns its exit code.
  int Stop() { return Signal(SIGTERM).code; }
  // SIGKILL: no chance to close or checkpoint anything.
  void Kill() {
    if (pid_ > 0) Signal(SIGKILL);
  }
  // Waits up to `timeout` for it to exit on its own, then kills it (the code is then -SIGKILL).
  Exit WaitForExit(std::chrono::milliseconds timeout) {
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + timeout;
    while (!Exited() && std::chrono::steady_clock::now() < deadline) usleep(10000);
    if (!Exited()) kill(pid_, SIGKILL);
    return Reap(start);
  }

  std::string Stderr() const {
    std::ifstream in(stderr_path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  std::vector<std::string> StderrLines() const {
    std::vector<std::string> lines;
    std::istringstream in(Stderr());
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

 private:
  // The child's first stdout line; empty when it exits without one or within the start timeout.
  static std::string FirstLine(int fd) {
    std::string printed;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kStartTimeoutMs);
    pollfd watch{fd, POLLIN, 0};
    char buf[512];
    while (printed.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0 || poll(&watch, 1, static_cast<int>(left)) != 1) break;
      const ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) break;  // it exited without a word on stdout
      printed.append(buf, static_cast<size_t>(n));
    }
    return printed.substr(0, printed.find('\n'));
  }
  // Whether the child has exited (without reaping it).
  bool Exited() const {
    siginfo_t info{};
    return waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid_;
  }
  Exit Reap(std::chrono::steady_clock::time_point start) {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    Exit exit;
    exit.code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    exit.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return exit;
  }

  pid_t pid_ = -1;
  int port_ = 0;
  std::string stderr_path_;
};

}  // namespace shmock

#endif  // SHMOCK_TESTS_HTTP_SERVER_PROCESS_H_
