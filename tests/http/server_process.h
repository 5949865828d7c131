// ServerProcess: the real server binary started as a process on a free port, with its stderr
// (the log) going to a file the test can read once the server has stopped.
#ifndef SHMOCK_TESTS_HTTP_SERVER_PROCESS_H_
#define SHMOCK_TESTS_HTTP_SERVER_PROCESS_H_

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

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
  explicit ServerProcess(std::vector<std::string> args) {
    char path[] = "/tmp/shmock-stderr-XXXXXX";
    int err = mkstemp(path);
    if (err < 0) throw std::runtime_error("mkstemp");
    close(err);
    stderr_path_ = path;
    args.insert(args.begin(), {SHMOCK_BINARY, "--port", "0"});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path_.c_str(), O_WRONLY | O_APPEND, 0);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("spawn");
    }
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[512] = {};
    if (!fgets(line, sizeof line, f)) throw std::runtime_error("no start line; stderr: " + Stderr());
    fclose(f);
    std::cmatch m;
    if (!std::regex_search(line, m, std::regex(R"(http://127\.0\.0\.1:(\d+))"))) {
      throw std::runtime_error(std::string("unexpected start line: ") + line);
    }
    port_ = std::stoi(m[1]);
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    unlink(stderr_path_.c_str());
  }
  int port() const { return port_; }
  // Stops the server with SIGTERM and returns its exit code.
  int Stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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
  pid_t pid_ = -1;
  int port_ = 0;
  std::string stderr_path_;
};

}  // namespace shmock

#endif  // SHMOCK_TESTS_HTTP_SERVER_PROCESS_H_
