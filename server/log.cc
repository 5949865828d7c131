#include "shmock/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "shmock/clock.h"

namespace shmock {
namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
std::mutex g_mu;
LogSink g_sink;  // guarded by g_mu
const char* const kNames[] = {"debug", "info", "warn", "error"};

// Appends `text` with control characters (and the backslash, so the escape is unambiguous)
// written as C escapes: whatever a client puts in a path, the log line stays one line.
void AppendEscaped(const std::string& text, std::string* out) {
  for (unsigned char c : text) {
    switch (c) {
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char hex[5];
          std::snprintf(hex, sizeof hex, "\\x%02x", c);
          *out += hex;
        } else {
          *out += static_cast<char>(c);
        }
    }
  }
}
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

void SetLogSink(LogSink sink) {
  std::lock_guard<std::mutex> lock(g_mu);
  g_sink = std::move(sink);
}

void Log(LogLevel level, const std::string& line) {
  if (!LogEnabled(level)) return;
  char prefix[64];
  std::snprintf(prefix, sizeof prefix, "%s %-5s ",
                FormatIso8601Millis(SystemClock().NowMillis()).c_str(),
                kNames[static_cast<int>(level)]);
  std::string out = prefix;
  out.reserve(out.size() + line.size());
  AppendEscaped(line, &out);
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_sink) {
    g_sink(out);
    return;
  }
  std::fprintf(stderr, "%s\n", out.c_str());
  std::fflush(stderr);
}

}  // namespace shmock
