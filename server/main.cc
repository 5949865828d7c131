// securityhub-mock: wires the layers together, listens, and stops cleanly on SIGTERM/SIGINT.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>

#include "shmock/api.h"
#include "shmock/config.h"
#include "shmock/fixtures.h"
#include "shmock/http_server.h"
#include "shmock/log.h"
#include "shmock/membership.h"
#include "shmock/sqlite_store.h"

using namespace shmock;

int main(int argc, char** argv) {
  Config config;
  std::string error;
  switch (ParseConfig(argc, argv, &config, &error)) {
    case ParseOutcome::kHelp:
      std::fputs(UsageText().c_str(), stdout);
      return 0;
    case ParseOutcome::kError:
      std::fprintf(stderr, "securityhub-mock: %s\n", error.c_str());
      return 2;
    case ParseOutcome::kRun:
      break;
  }
  SetLogLevel(config.log_level);

  // Block the stop signals in every thread; one thread waits for them with sigwait, so no
  // work happens in a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  std::unique_ptr<SqliteStore> store;
  Status s = SqliteStore::Open(config.db, &store);
  if (!s.ok()) {
    std::fprintf(stderr, "securityhub-mock: %s\n", s.message().c_str());
    return 1;
  }
  SystemClock clock;
  Membership::Options options;
  options.reject_oversized_batches = config.reject_oversized_batches;
  Membership membership(*store, clock, options);
  if (!config.fixtures.empty()) {
    Fixture fixture;
    s = ReadFixtureFile(config.fixtures, config.identity.default_region, &fixture);
    if (s.ok()) s = membership.Seed(fixture.hubs, fixture.relationships);
    if (!s.ok()) {
      std::fprintf(stderr, "securityhub-mock: %s\n", s.message().c_str());
      return 1;
    }
    config.identity.access_keys = fixture.access_keys;
    Log(LogLevel::kInfo, "loaded " + config.fixtures + ": " + std::to_string(fixture.hubs.size()) +
                             " hubs, " + std::to_string(fixture.relationships.size()) + " members, " +
                             std::to_string(fixture.access_keys.size()) + " access keys");
  }
  Api api(membership, config.identity);
  Control control(*store, config.db);
  HttpServer server(api, control, config);

  int port = 0;
  s = server.Bind(&port);
  if (!s.ok()) {
    std::fprintf(stderr, "securityhub-mock: %s\n", s.message().c_str());
    return 1;
  }
  const std::string database = config.db == ":memory:" ? "in-memory" : config.db;
  std::printf("securityhub-mock listening on http://%s:%d (database: %s)\n", config.host.c_str(),
              port, database.c_str());
  std::fflush(stdout);

  std::thread serving([&] { server.Serve(); });
  int sig = 0;
  sigwait(&stop_signals, &sig);
  Log(LogLevel::kInfo, std::string("received ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") +
                           ", finishing in-flight calls");
  server.Stop();  // returns once every call in flight has been answered
  store.reset();  // closes the database (and checkpoints the WAL)
  Log(LogLevel::kInfo, "stopped");
  std::fflush(stdout);
  // Idle keep-alive connections would hold Serve() for their timeout; nothing is left to do
  // for them, so leave without waiting (and without running destructors under their threads).
  serving.detach();
  std::_Exit(0);
  return 0;
}
