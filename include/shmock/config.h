// Config: the server's settings, from flags and their SHMOCK_* environment twins.
// A flag beats its environment variable; both beat the default. One table in config.cc holds
// every flag: its names, its placeholder, its default as the docs show it, its help line and
// how its value is read.
#ifndef SHMOCK_CONFIG_H_
#define SHMOCK_CONFIG_H_

#include <string>
#include <vector>

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
  // Bytes of rendered read replies kept between two writes (read_cache.h); 0: no read cache.
  // 2 MiB holds ~250 pages of 50 members (a paginator walking 12,000 members) while keeping
  // the server's RSS small.
  size_t read_cache_bytes = 2 << 20;
  // Worker threads serve requests, not connections: an idle keep-alive connection or one still
  // sending its headers waits without a thread. Workers start as needed up to this cap; a
  // request that finds every one busy is answered 503.
  int threads = 256;
  // Open connections; past it the longest idle one is closed to make room (else the new one is
  // refused). The server raises its open-file limit to fit, or lowers this to fit the limit.
  size_t max_connections = 10000;
  // A request's line and headers must arrive within this many seconds of its first byte,
  // however they are spread out (408 after).
  int header_timeout_sec = 10;
  // A request's body must arrive within this many seconds of the end of its headers (408 after).
  int body_timeout_sec = 30;
  // Who may reach the server from a browser (http_guard.h): Host names besides loopback names,
  // IP literals and `host`.
  std::vector<std::string> allowed_hosts;
  bool control_api = true;    // false: /_mock/*, /_localstack/* answer as if they did not exist
  std::string control_token;  // non-empty: the control API needs "Authorization: Bearer <token>" (control.h)
};

enum class ParseOutcome { kRun, kHelp, kVersion, kError };

// Reads argv and the environment. On kError, `error` says what was wrong in one line.
ParseOutcome ParseConfig(int argc, char** argv, Config* config, std::string* error);
// --help's text: every flag of Flags(), then --version and --help.
std::string UsageText();
// --version's text: "securityhub-mock <version>\n", the version CMake's project() gives.
std::string VersionText();

// One flag as --help and the README's Configuration table describe it.
struct FlagDoc {
  const char* flag;           // --flag
  const char* env;            // SHMOCK_...
  const char* value;          // its value's placeholder, or nullptr for a switch
  const char* default_value;  // as the docs show it: "9777", "in-memory", "none", "off"
  const char* help;           // one line
};
// Every flag, in the order --help lists them: the one table parsing, --help and the README's
// flag list come from.
std::vector<FlagDoc> Flags();

}  // namespace shmock

#endif  // SHMOCK_CONFIG_H_
