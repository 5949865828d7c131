// securityhub-mock: reads the configuration, starts the App (app.h), and stops cleanly on
// SIGTERM/SIGINT.
#include <malloc.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>

#include "shmock/app.h"
#include "shmock/config.h"
#include "shmock/log.h"
#include "shmock/version.h"

using namespace shmock;

// glibc gives each thread that allocates concurrently an arena of its own, up to 8 per core,
// and keeps what they hold: with the pool's threads that was ~7 MB of RSS for no speed the
// mock needs (issue 11). MALLOC_ARENA_MAX in the environment still wins.
constexpr int kMallocArenas = 2;

// Blocks the stop signals in every thread to come; one thread waits for them with sigwait, so
// no work happens in a signal handler. Returns them.
sigset_t BlockStopSignals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return stop_signals;
}

int main(int argc, char** argv) {
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) mallopt(M_ARENA_MAX, kMallocArenas);
  Config config;
  std::string error;
  switch (ParseConfig(argc, argv, &config, &error)) {
    case ParseOutcome::kHelp:
      std::fputs(UsageText().c_str(), stdout);
      return 0;
    case ParseOutcome::kVersion:
      std::fputs(VersionText().c_str(), stdout);
      return 0;
    case ParseOutcome::kError:
      std::fprintf(stderr, "securityhub-mock: %s\n", error.c_str());
      return 2;
    case ParseOutcome::kRun:
      break;
  }
  SetLogLevel(config.log_level);
  SetLogFormat(config.log_format);

  const sigset_t stop_signals = BlockStopSignals();

  std::unique_ptr<App> app;
  Status s = App::Create(config, &app);
  if (!s.ok()) {
    std::fprintf(stderr, "securityhub-mock: %s\n", s.message().c_str());
    // A bad fixture file is a mistake in what the server was asked to do, like a bad flag: 2.
    return s.code() == ErrorCode::kInvalidInput ? 2 : 1;
  }

  int port = 0;
  s = app->Bind(&port);
  if (!s.ok()) {
    std::fprintf(stderr, "securityhub-mock: %s\n", s.message().c_str());
    return 1;
  }
  const std::string database = config.db == ":memory:" ? "in-memory" : config.db;
  std::printf("securityhub-mock listening on http://%s:%d (database: %s)\n", config.host.c_str(),
              port, database.c_str());
  std::fflush(stdout);

  std::thread serving([&] { app->Serve(); });
  int sig = 0;
  sigwait(&stop_signals, &sig);
  Log(LogLevel::kInfo, std::string("received ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") +
                           ", finishing in-flight calls");
  app->Stop();           // returns once every call in flight has been answered
  app->CloseDatabase();  // and checkpoints the WAL
  Log(LogLevel::kInfo, "stopped");
  std::fflush(stdout);
  // Idle keep-alive connections would hold Serve() for their timeout; nothing is left to do
  // for them, so leave without waiting (and without running destructors under their threads).
  serving.detach();
  std::_Exit(0);
}
