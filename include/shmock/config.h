// Config: the server's settings, from flags and their SHMOCK_* environment twins.
// A flag beats its environment variable; both beat the default.
#ifndef SHMOCK_CONFIG_H_
#define SHMOCK_CONFIG_H_

#include <string>

#include "shmock/identity.h"
#include "shmock/log.h"

namespace shmock {

struct Config {
  std::string host = "127.0.0.1";   // loopback unless told otherwise
  int port = 9777;                  // 0: pick a free port
  std::string db = ":memory:";
  std::string fixtures;             // seed state loaded at start (fixtures.h); empty: none
  IdentityConfig identity;
  LogLevel log_level = LogLevel::kInfo;
  LogFormat log_format = LogFormat::kText;
  bool reject_oversized_batches = false;  // decision 3's switch
  size_t max_body_bytes = 1 << 20;
  // cpp-httplib gives each connection a thread for its whole keep-alive life, and SDK clients
  // keep connections open, so the pool must exceed the live connections (one per client).
  int threads = 256;
};

enum class ParseOutcome { kRun, kHelp, kError };

// Reads argv and the environment. On kError, `error` says what was wrong in one line.
ParseOutcome ParseConfig(int argc, char** argv, Config* config, std::string* error);
std::string UsageText();

}  // namespace shmock

#endif  // SHMOCK_CONFIG_H_
