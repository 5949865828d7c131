#include "shmock/config.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <type_traits>
#include <vector>

#include "shmock/records.h"
#include "shmock/version.h"

namespace shmock {
namespace {

// Applies a flag's value to the configuration; false: the value is invalid.
using Apply = std::function<bool(const std::string&, Config*)>;

struct Option {
  FlagDoc doc;
  Apply apply;
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

// The setting a member pointer names, in Config or in its IdentityConfig.
template <typename T>
T& Setting(Config* c, T Config::*member) {
  return c->*member;
}
template <typename T>
T& Setting(Config* c, T IdentityConfig::*member) {
  return c->identity.*member;
}

// The ways a value is applied, one per kind of setting.
template <typename Member>
Apply Text(Member member) {
  return [member](const std::string& v, Config* c) { return !v.empty() && (Setting(c, member) = v, true); };
}
template <typename Member>
Apply Number(Member member, long min, long max) {
  return [member, min, max](const std::string& v, Config* c) {
    long n;
    if (!ParseInt(v, min, max, &n)) return false;
    auto& setting = Setting(c, member);
    setting = static_cast<std::remove_reference_t<decltype(setting)>>(n);
    return true;
  };
}
template <typename Member>
Apply Switch(Member member) {
  return [member](const std::string& v, Config* c) { return ParseBool(v, &Setting(c, member)); };
}

bool AddAllowedHosts(const std::string& v, Config* c) {
  size_t pos = 0;
  while (pos <= v.size()) {
    size_t comma = std::min(v.find(',', pos), v.size());
    if (comma == pos) return false;  // an empty name
    c->allowed_hosts.push_back(v.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return true;
}

// The flags, in the order --help and the README's Configuration table list them (the README
// row of each is checked against them, unit test Config.ReadmeTableIsTheFlagTable): first where
// and how the server runs, then who may call it.
std::vector<Option> ServerOptions() {
  return {
      {{"--host", "SHMOCK_HOST", "ADDR", "127.0.0.1", "address to listen on; 0.0.0.0 for all interfaces (the container does)"},
       Text(&Config::host)},
      {{"--port", "SHMOCK_PORT", "PORT", "9777", "port to listen on; 0 picks a free port, which the start line names"},
       Number(&Config::port, 0, 65535)},
      {{"--db", "SHMOCK_DB", "PATH", "in-memory",
        "SQLite file; state survives restarts; a file of another program, or of a newer release, is refused "
        "and left as it is"},
       Text(&Config::db)},
      {{"--durability", "SHMOCK_DURABILITY", "MODE", "process",
        "what an acknowledged write to --db survives: process (the server dying, kill -9 included: WAL, "
        "synchronous=NORMAL) or power (a power cut too: an fsync a commit, shared by concurrent writes)"},
       [](const std::string& v, Config* c) {
         const std::optional<Durability> d = ParseDurability(v);
         return d && (c->durability = *d, true);
       }},
      {{"--fixtures", "SHMOCK_FIXTURES", "PATH", "none",
        "JSON seed state loaded at start: hubs, members in any status, access keys that stand for accounts "
        "(fixtures/example.json), an organization (fixtures/organization.json)"},
       Text(&Config::fixtures)},
      {{"--default-account", "SHMOCK_DEFAULT_ACCOUNT", "ID", "123456789012",
        "the account of unsigned requests and of unmapped keys that are not 12 digits"},
       [](const std::string& v, Config* c) { return IsAccountId(v) && (c->identity.default_account = v, true); }},
      {{"--default-region", "SHMOCK_DEFAULT_REGION", "REGION", "us-east-1", "the Region of unsigned requests"},
       Text(&IdentityConfig::default_region)},
      {{"--log-level", "SHMOCK_LOG_LEVEL", "LEVEL", "info", "debug, info, warn or error; one line per call on stderr"},
       [](const std::string& v, Config* c) { return ParseLogLevel(v, &c->log_level); }},
      {{"--log-format", "SHMOCK_LOG_FORMAT", "FORMAT", "text", "text (key=value) or json (one object per line)"},
       [](const std::string& v, Config* c) { return ParseLogFormat(v, &c->log_format); }},
      {{"--reject-oversized-batches", "SHMOCK_REJECT_OVERSIZED_BATCHES", nullptr, "off",
        "answer 400 to account lists over 50 instead of reporting the extras as UnprocessedAccounts"},
       Switch(&Config::reject_oversized_batches)},
      {{"--standards-delay-ms", "SHMOCK_STANDARDS_DELAY_MS", "MS", "0",
        "milliseconds a standard reads PENDING after BatchEnableStandards and DELETING after BatchDisableStandards; "
        "0: READY or gone at the next read"},
       Number(&Config::standards_delay_ms, 0, 3600000)},
      {{"--max-body-bytes", "SHMOCK_MAX_BODY_BYTES", "N", "1048576", "largest request body accepted; larger ones get 413"},
       Number(&Config::max_body_bytes, 1024, 1L << 30)},
      {{"--read-cache-bytes", "SHMOCK_READ_CACHE_BYTES", "N", "2097152",
        "bytes of rendered read replies kept until the next write, which invalidates them all; 0 turns the cache "
        "off (every read goes to the store)"},
       Number(&Config::read_cache_bytes, 0, 1L << 30)},
      {{"--threads", "SHMOCK_THREADS", "N", "256",
        "most requests served at once; idle and slow connections hold no thread; beyond it (and a queue as deep) 503"},
       Number(&Config::threads, 1, 1024)},
      {{"--max-connections", "SHMOCK_MAX_CONNECTIONS", "N", "10000",
        "most open connections; past it the longest idle one is closed; the open-file limit is raised to fit"},
       Number(&Config::max_connections, 16, 1000000)},
      {{"--header-timeout", "SHMOCK_HEADER_TIMEOUT", "SECONDS", "10",
        "seconds a request's line and headers may take in all, from their first byte (408 after)"},
       Number(&Config::header_timeout_sec, 1, 600)},
      {{"--body-timeout", "SHMOCK_BODY_TIMEOUT", "SECONDS", "30",
        "seconds a request's body may take in all, from the end of its headers (408 after)"},
       Number(&Config::body_timeout_sec, 1, 600)},
  };
}

std::vector<Option> SecurityOptions() {
  return {
      {{"--strict-auth", "SHMOCK_STRICT_AUTH", nullptr, "off",
        "verify SigV4 signatures with the secrets of fixture access keys and --default-secret; refuse unsigned calls"},
       Switch(&IdentityConfig::strict_auth)},
      {{"--default-secret", "SHMOCK_DEFAULT_SECRET", "SECRET", "none",
        "with --strict-auth: the secret of 12-digit keys and of keys mapped without one"},
       Text(&IdentityConfig::default_secret)},
      {{"--strict-identity", "SHMOCK_STRICT_IDENTITY", nullptr, "off",
        "answer 403 to an access key that is neither 12 digits nor mapped, instead of using --default-account"},
       Switch(&IdentityConfig::strict_identity)},
      {{"--allowed-host", "SHMOCK_ALLOWED_HOSTS", "NAME", "none",
        "a Host name to answer besides loopback names and IP addresses; repeatable (env: comma-separated)"},
       AddAllowedHosts},
      {{"--no-control-api", "SHMOCK_NO_CONTROL_API", nullptr, "off",
        "turn off the control API: /_mock/ (the web view included) and /_localstack/"},
       [](const std::string& v, Config* c) {
         bool off;
         return ParseBool(v, &off) && (c->control_api = !off, true);
       }},
      {{"--control-token", "SHMOCK_CONTROL_TOKEN", "TOKEN", "none",
        "require Authorization: Bearer TOKEN on the control API (not on the two health checks or the pages "
        "/_mock/ui and /_mock/console; open them as /_mock/ui#token=TOKEN)"},
       Text(&Config::control_token)},
  };
}

const std::vector<Option>& Options() {
  static const std::vector<Option> options = [] {
    std::vector<Option> all = ServerOptions(), security = SecurityOptions();
    all.insert(all.end(), security.begin(), security.end());
    return all;
  }();
  return options;
}

const Option* FindOption(const std::string& flag) {
  for (const Option& o : Options()) {
    if (flag == o.doc.flag) return &o;
  }
  return nullptr;
}

ParseOutcome Invalid(std::string* error, const std::string& what) {
  *error = what;
  return ParseOutcome::kError;
}

ParseOutcome ReadEnvironment(Config* config, std::string* error) {
  for (const Option& o : Options()) {
    if (const char* v = std::getenv(o.doc.env)) {
      if (!o.apply(v, config)) return Invalid(error, std::string("invalid value '") + v + "' for " + o.doc.env);
    }
  }
  return ParseOutcome::kRun;
}

}  // namespace

std::vector<FlagDoc> Flags() {
  std::vector<FlagDoc> docs;
  for (const Option& o : Options()) docs.push_back(o.doc);
  return docs;
}

std::string UsageText() {
  std::string text =
      "usage: securityhub-mock [options]\n\n"
      "A local AWS Security Hub membership API for tests and demos.\n"
      "Every option has an environment twin; the option wins.\n\n";
  auto line = [&text](std::string left, const std::string& help) {
    left.resize(std::max<size_t>(left.size() + 1, 28), ' ');
    text += "  " + left + help + "\n";
  };
  for (const Option& o : Options()) {
    line(std::string(o.doc.flag) + (o.doc.value ? std::string(" ") + o.doc.value : ""),
         std::string(o.doc.help) + " (default " + o.doc.default_value + ")");
    text += "  " + std::string(28, ' ') + "env " + o.doc.env + "\n";
  }
  line("--version", "print the version and exit");
  line("--help", "this text");
  return text;
}

std::string VersionText() { return std::string("securityhub-mock ") + kVersion + "\n"; }

ParseOutcome ParseConfig(int argc, char** argv, Config* config, std::string* error) {
  if (ReadEnvironment(config, error) == ParseOutcome::kError) return ParseOutcome::kError;
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
    const Option* match = FindOption(arg);
    if (!match) return Invalid(error, "unknown option '" + arg + "' (see --help)");
    if (!match->doc.value && !has_value) {
      value = "true";
    } else if (!has_value) {
      if (i + 1 >= argc) return Invalid(error, "option " + arg + " needs a value");
      value = argv[++i];
    }
    if (!match->apply(value, config)) return Invalid(error, "invalid value '" + value + "' for " + arg);
  }
  return ParseOutcome::kRun;
}

}  // namespace shmock
