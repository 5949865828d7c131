// The flags of strict authentication, control-API exposure and the read cache's bound, and
// their SHMOCK_* twins.
#include "shmock/config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include "shmock/version.h"

namespace shmock {
namespace {

ParseOutcome Parse(std::vector<std::string> args, Config* config, std::string* error) {
  args.insert(args.begin(), "securityhub-mock");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return ParseConfig(static_cast<int>(argv.size()), argv.data(), config, error);
}

TEST(Config, SecurityFlagsAreOffByDefault) {
  Config config;
  std::string error;
  ASSERT_EQ(Parse({}, &config, &error), ParseOutcome::kRun) << error;
  EXPECT_FALSE(config.identity.strict_auth);
  EXPECT_FALSE(config.identity.strict_identity);
  EXPECT_EQ(config.identity.default_secret, "");
  EXPECT_TRUE(config.allowed_hosts.empty());
  EXPECT_TRUE(config.control_api);
  EXPECT_EQ(config.control_token, "");
}

TEST(Config, SecurityFlags) {
  Config config;
  std::string error;
  ASSERT_EQ(Parse({"--strict-auth", "--default-secret", "s", "--strict-identity", "--allowed-host", "a.test",
                   "--allowed-host=b.test,c.test", "--no-control-api", "--control-token", "t"},
                  &config, &error),
            ParseOutcome::kRun)
      << error;
  EXPECT_TRUE(config.identity.strict_auth);
  EXPECT_TRUE(config.identity.strict_identity);
  EXPECT_EQ(config.identity.default_secret, "s");
  EXPECT_EQ(config.allowed_hosts, (std::vector<std::string>{"a.test", "b.test", "c.test"}));
  EXPECT_FALSE(config.control_api);
  EXPECT_EQ(config.control_token, "t");

  for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
           {"--control-token", ""}, {"--default-secret="}, {"--allowed-host", "a,,b"}, {"--strict-auth=maybe"}}) {
    Config c;
    EXPECT_EQ(Parse(bad, &c, &error), ParseOutcome::kError) << bad[0];
  }
}

TEST(Config, SecurityEnvironmentTwins) {
  setenv("SHMOCK_STRICT_AUTH", "1", 1);
  setenv("SHMOCK_DEFAULT_SECRET", "env-secret", 1);
  setenv("SHMOCK_STRICT_IDENTITY", "true", 1);
  setenv("SHMOCK_ALLOWED_HOSTS", "a.test,b.test", 1);
  setenv("SHMOCK_NO_CONTROL_API", "yes", 1);
  setenv("SHMOCK_CONTROL_TOKEN", "env-token", 1);
  Config config;
  std::string error;
  const ParseOutcome outcome = Parse({"--control-token", "flag-token"}, &config, &error);
  for (const char* name : {"SHMOCK_STRICT_AUTH", "SHMOCK_DEFAULT_SECRET", "SHMOCK_STRICT_IDENTITY",
                           "SHMOCK_ALLOWED_HOSTS", "SHMOCK_NO_CONTROL_API", "SHMOCK_CONTROL_TOKEN"}) {
    unsetenv(name);
  }
  ASSERT_EQ(outcome, ParseOutcome::kRun) << error;
  EXPECT_TRUE(config.identity.strict_auth);
  EXPECT_TRUE(config.identity.strict_identity);
  EXPECT_EQ(config.identity.default_secret, "env-secret");
  EXPECT_EQ(config.allowed_hosts, (std::vector<std::string>{"a.test", "b.test"}));
  EXPECT_FALSE(config.control_api);
  EXPECT_EQ(config.control_token, "flag-token") << "the flag wins";
}

TEST(Config, HelpNamesEverySecurityFlag) {
  const std::string help = UsageText();
  for (const char* text : {"--strict-auth", "SHMOCK_STRICT_AUTH", "--default-secret SECRET", "SHMOCK_DEFAULT_SECRET",
                           "--strict-identity", "SHMOCK_STRICT_IDENTITY", "--allowed-host NAME",
                           "SHMOCK_ALLOWED_HOSTS", "--no-control-api", "SHMOCK_NO_CONTROL_API",
                           "--control-token TOKEN", "SHMOCK_CONTROL_TOKEN"}) {
    EXPECT_NE(help.find(text), std::string::npos) << text;
  }
}

TEST(Config, ReadCacheBytes) {
  Config config;
  std::string error;
  ASSERT_EQ(Parse({}, &config, &error), ParseOutcome::kRun) << error;
  EXPECT_EQ(config.read_cache_bytes, 2097152u) << "the default: 2 MiB";
  ASSERT_EQ(Parse({"--read-cache-bytes", "0"}, &config, &error), ParseOutcome::kRun) << error;
  EXPECT_EQ(config.read_cache_bytes, 0u) << "0 turns the cache off";
  ASSERT_EQ(Parse({"--read-cache-bytes=65536"}, &config, &error), ParseOutcome::kRun) << error;
  EXPECT_EQ(config.read_cache_bytes, 65536u);

  setenv("SHMOCK_READ_CACHE_BYTES", "4096", 1);
  Config from_env;
  const ParseOutcome env_outcome = Parse({}, &from_env, &error);
  Config flag_wins;
  const ParseOutcome flag_outcome = Parse({"--read-cache-bytes", "8192"}, &flag_wins, &error);
  unsetenv("SHMOCK_READ_CACHE_BYTES");
  ASSERT_EQ(env_outcome, ParseOutcome::kRun);
  EXPECT_EQ(from_env.read_cache_bytes, 4096u);
  ASSERT_EQ(flag_outcome, ParseOutcome::kRun);
  EXPECT_EQ(flag_wins.read_cache_bytes, 8192u) << "the flag wins";

  for (const char* bad : {"-1", "", "lots", "2MiB", "1e6", "2147483648"}) {
    Config c;
    EXPECT_EQ(Parse({"--read-cache-bytes", bad}, &c, &error), ParseOutcome::kError) << bad;
  }
  EXPECT_NE(UsageText().find("--read-cache-bytes N"), std::string::npos);
  EXPECT_NE(UsageText().find("SHMOCK_READ_CACHE_BYTES"), std::string::npos);
}

TEST(Config, BodyTimeoutIsBoundedSeconds) {
  Config config;
  std::string error;
  ASSERT_EQ(Parse({}, &config, &error), ParseOutcome::kRun) << error;
  EXPECT_EQ(config.body_timeout_sec, 30) << "the default";
  ASSERT_EQ(Parse({"--body-timeout", "2"}, &config, &error), ParseOutcome::kRun) << error;
  EXPECT_EQ(config.body_timeout_sec, 2);
  for (const char* bad : {"0", "601", "-1", "", "1.5", "soon"}) {
    Config c;
    EXPECT_EQ(Parse({"--body-timeout", bad}, &c, &error), ParseOutcome::kError) << bad;
  }
}

TEST(Config, VersionIsTheProjectVersion) {
  Config config;
  std::string error;
  EXPECT_EQ(Parse({"--version"}, &config, &error), ParseOutcome::kVersion);
  EXPECT_EQ(Parse({"--port", "0", "--version"}, &config, &error), ParseOutcome::kVersion);
  EXPECT_EQ(VersionText(), std::string("securityhub-mock ") + kVersion + "\n");
  EXPECT_TRUE(std::regex_match(std::string(kVersion), std::regex(R"(\d+\.\d+\.\d+)"))) << kVersion;
  EXPECT_NE(UsageText().find("--version"), std::string::npos);
}

// The README's Configuration table is the flag table: every flag once, in the same order, with
// its environment twin, default and help line (code spans and links aside).
TEST(Config, ReadmeTableIsTheFlagTable) {
  std::ifstream file(SHMOCK_README);
  ASSERT_TRUE(file) << SHMOCK_README;
  std::stringstream text;
  text << file.rdbuf();
  const std::string readme = text.str();
  const size_t section = readme.find("\n## Configuration\n");
  ASSERT_NE(section, std::string::npos);
  auto plain = [](std::string cell) {
    cell = std::regex_replace(cell, std::regex(R"(\[([^\]]*)\]\([^)]*\))"), "$1");  // [text](link)
    cell.erase(std::remove(cell.begin(), cell.end(), '`'), cell.end());
    return std::regex_replace(cell, std::regex(R"(^\s+|\s+$)"), "");
  };
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(readme.substr(section, readme.find("\n## ", section + 1) - section));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| `--", 0) != 0) continue;
    std::vector<std::string> cells;
    std::istringstream cols(line.substr(1, line.size() - 2));
    for (std::string cell; std::getline(cols, cell, '|');) cells.push_back(plain(cell));
    rows.push_back(cells);
  }
  const std::vector<FlagDoc> flags = Flags();
  ASSERT_EQ(rows.size(), flags.size());
  for (size_t i = 0; i < flags.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 4u) << flags[i].flag;
    EXPECT_EQ(rows[i][0], flags[i].flag);
    EXPECT_EQ(rows[i][1], flags[i].env) << flags[i].flag;
    EXPECT_EQ(rows[i][2], flags[i].default_value) << flags[i].flag;
    EXPECT_EQ(rows[i][3], flags[i].help) << flags[i].flag;
  }
}

}  // namespace
}  // namespace shmock
