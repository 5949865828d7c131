#include "shmock/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "shmock/clock.h"

namespace shmock {
namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
std::mutex g_mu;
const char* const kNames[] = {"debug", "info", "warn", "error"};
}  // namespace

bool ParseLogLevel(const std::string& name, LogLevel* level) {
  for (int i = 0; i < 4; ++i) {
    if (name == kNames[i]) {
      *level = static_cast<LogLevel>(i);
      return true;
    }
  }
  return false;
}

void SetLogLevel(LogLevel level) { g_level = static_cast<int>(level); }

bool LogEnabled(LogLevel level) { return static_cast<int>(level) >= g_level; }

void Log(LogLevel level, const std::string& line) {
  if (!LogEnabled(level)) return;
  std::string stamp = FormatIso8601Millis(SystemClock().NowMillis());
  std::lock_guard<std::mutex> lock(g_mu);
  std::fprintf(stderr, "%s %-5s %s\n", stamp.c_str(), kNames[static_cast<int>(level)], line.c_str());
  std::fflush(stderr);
}

}  // namespace shmock
