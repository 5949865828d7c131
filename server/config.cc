#include "shmock/config.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <vector>

#include "shmock/records.h"

namespace shmock {
namespace {

struct Option {
  const char* flag;   // --flag
  const char* env;    // SHMOCK_...
  const char* value;  // placeholder in --help, or nullptr for a switch
  const char* help;
  std::function<bool(const std::string&, Config*)> apply;  // false: the value is invalid
};

bool ParseInt(const std::string& s, long min, long max, long* out) {
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v < min || v > max) return false;
  *out = v;
  return true;
}

bool ParseBool(const std::string& s, bool* out) {
  if (s == "1" || s == "true" || s == "yes") return *out = true, true;
  if (s == "0" || s == "false" || s == "no") return *out = false, true;
  return false;
}

const std::vector<Option>& Options() {
  static const std::vector<Option> options = {
      {"--host", "SHMOCK_HOST", "ADDR", "address to listen on (default 127.0.0.1; 0.0.0.0 for all)",
       [](const std::string& v, Config* c) { c->host = v; return !v.empty(); }},
      {"--port", "SHMOCK_PORT", "PORT", "port to listen on (default 9777; 0 picks a free port)",
       [](const std::string& v, Config* c) {
         long p;
         return ParseInt(v, 0, 65535, &p) ? (c->port = static_cast<int>(p), true) : false;
       }},
      {"--db", "SHMOCK_DB", "PATH", "SQLite database file; state survives restarts (default: in-memory)",
       [](const std::string& v, Config* c) { c->db = v; return !v.empty(); }},
      {"--fixtures", "SHMOCK_FIXTURES", "PATH",
       "JSON seed state loaded at start: hubs, members, access keys (see fixtures/example.json)",
       [](const std::string& v, Config* c) { c->fixtures = v; return !v.empty(); }},
      {"--default-account", "SHMOCK_DEFAULT_ACCOUNT", "ID",
       "account of unsigned requests and of unmapped access keys that are not 12 digits (default 123456789012)",
       [](const std::string& v, Config* c) {
         c->identity.default_account = v;
         return IsAccountId(v);
       }},
      {"--default-region", "SHMOCK_DEFAULT_REGION", "REGION", "Region of unsigned requests (default us-east-1)",
       [](const std::string& v, Config* c) { c->identity.default_region = v; return !v.empty(); }},
      {"--log-level", "SHMOCK_LOG_LEVEL", "LEVEL", "debug, info, warn or error (default info)",
       [](const std::string& v, Config* c) { return ParseLogLevel(v, &c->log_level); }},
      {"--log-format", "SHMOCK_LOG_FORMAT", "FORMAT",
       "text (key=value) or json (one object per line) (default text)",
       [](const std::string& v, Config* c) { return ParseLogFormat(v, &c->log_format); }},
      {"--reject-oversized-batches", "SHMOCK_REJECT_OVERSIZED_BATCHES", nullptr,
       "answer 400 to account lists over 50 instead of reporting the extras as UnprocessedAccounts",
       [](const std::string& v, Config* c) { return ParseBool(v, &c->reject_oversized_batches); }},
      {"--max-body-bytes", "SHMOCK_MAX_BODY_BYTES", "N", "largest request body accepted (default 1048576)",
       [](const std::string& v, Config* c) {
         long n;
         return ParseInt(v, 1024, 1L << 30, &n) ? (c->max_body_bytes = static_cast<size_t>(n), true) : false;
       }},
      {"--read-cache-bytes", "SHMOCK_READ_CACHE_BYTES", "N",
       "bytes of rendered read replies kept until the next write (default 2097152; 0 turns the read cache off)",
       [](const std::string& v, Config* c) {
         long n;
         return ParseInt(v, 0, 1L << 30, &n) ? (c->read_cache_bytes = static_cast<size_t>(n), true) : false;
       }},
      {"--threads", "SHMOCK_THREADS", "N",
       "most worker threads serving requests at once; idle connections hold none (default 256)",
       [](const std::string& v, Config* c) {
         long n;
         return ParseInt(v, 1, 1024, &n) ? (c->threads = static_cast<int>(n), true) : false;
       }},
      {"--max-connections", "SHMOCK_MAX_CONNECTIONS", "N",
       "most open connections; past it the longest idle one is closed (default 10000)",
       [](const std::string& v, Config* c) {
         long n;
         return ParseInt(v, 16, 1000000, &n) ? (c->max_connections = static_cast<size_t>(n), true) : false;
       }},
      {"--header-timeout", "SHMOCK_HEADER_TIMEOUT", "SECONDS",
       "time a request's line and headers may take to arrive, in all (default 10)",
       [](const std::string& v, Config* c) {
         long n;
         return ParseInt(v, 1, 600, &n) ? (c->header_timeout_sec = static_cast<int>(n), true) : false;
       }},
      {"--body-timeout", "SHMOCK_BODY_TIMEOUT", "SECONDS",
       "time a request's body may take to arrive, in all, from the end of its headers (default 30)",
       [](const std::string& v, Config* c) {
         long n;
         return ParseInt(v, 1, 600, &n) ? (c->body_timeout_sec = static_cast<int>(n), true) : false;
       }},
      {"--strict-auth", "SHMOCK_STRICT_AUTH", nullptr,
       "verify SigV4 signatures with the secrets of --fixtures accessKeys and --default-secret; refuse unsigned calls",
       [](const std::string& v, Config* c) { return ParseBool(v, &c->identity.strict_auth); }},
      {"--default-secret", "SHMOCK_DEFAULT_SECRET", "SECRET",
       "with --strict-auth, the secret of 12-digit keys and of keys mapped without one (default: none, refused)",
       [](const std::string& v, Config* c) { c->identity.default_secret = v; return !v.empty(); }},
      {"--strict-identity", "SHMOCK_STRICT_IDENTITY", nullptr,
       "answer 403 to an access key that is neither 12 digits nor mapped, instead of using --default-account",
       [](const std::string& v, Config* c) { return ParseBool(v, &c->identity.strict_identity); }},
      {"--allowed-host", "SHMOCK_ALLOWED_HOSTS", "NAME",
       "a Host name to answer besides loopback names and IP addresses (repeatable; env: comma-separated)",
       [](const std::string& v, Config* c) {
         size_t pos = 0;
         while (pos <= v.size()) {
           size_t comma = std::min(v.find(',', pos), v.size());
           if (comma == pos) return false;  // an empty name
           c->allowed_hosts.push_back(v.substr(pos, comma - pos));
           pos = comma + 1;
         }
         return true;
       }},
      {"--no-control-api", "SHMOCK_NO_CONTROL_API", nullptr, "turn off the control API: /_mock/ (the web view included) and /_localstack/",
       [](const std::string& v, Config* c) {
         bool off;
         return ParseBool(v, &off) ? (c->control_api = !off, true) : false;
       }},
      {"--control-token", "SHMOCK_CONTROL_TOKEN", "TOKEN",
       "require 'Authorization: Bearer TOKEN' on the control API (GET /_mock/health answers without it, minus the database; "
       "GET /_localstack/health and the page /_mock/ui need none; open the page as /_mock/ui#token=TOKEN)",
       [](const std::string& v, Config* c) { c->control_token = v; return !v.empty(); }},
  };
  return options;
}

}  // namespace

std::string UsageText() {
  std::string text =
      "usage: securityhub-mock [options]\n\n"
      "A local AWS Security Hub membership API for tests and demos.\n"
      "Every option has an environment twin; the option wins.\n\n";
  for (const Option& o : Options()) {
    std::string left = std::string(o.flag) + (o.value ? std::string(" ") + o.value : "");
    left.resize(std::max<size_t>(left.size() + 1, 28), ' ');
    text += "  " + left + o.help + "\n  " + std::string(28, ' ') + "env " + o.env + "\n";
  }
  text += "  --version                   print the version and exit\n";
  text += "  --help                      this text\n";
  return text;
}

ParseOutcome ParseConfig(int argc, char** argv, Config* config, std::string* error) {
  for (const Option& o : Options()) {
    if (const char* v = std::getenv(o.env)) {
      if (!o.apply(v, config)) {
        *error = std::string("invalid value '") + v + "' for " + o.env;
        return ParseOutcome::kError;
      }
    }
  }
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") return ParseOutcome::kHelp;
    if (arg == "--version") return ParseOutcome::kVersion;
    std::string value;
    bool has_value = false;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.erase(eq);
      has_value = true;
    }
    const Option* match = nullptr;
    for (const Option& o : Options()) {
      if (arg == o.flag) match = &o;
    }
    if (!match) {
      *error = "unknown option '" + arg + "' (see --help)";
      return ParseOutcome::kError;
    }
    if (!match->value && !has_value) {
      value = "true";
    } else if (!has_value) {
      if (i + 1 >= argc) {
        *error = "option " + arg + " needs a value";
        return ParseOutcome::kError;
      }
      value = argv[++i];
    }
    if (!match->apply(value, config)) {
      *error = "invalid value '" + value + "' for " + arg;
      return ParseOutcome::kError;
    }
  }
  return ParseOutcome::kRun;
}

}  // namespace shmock
