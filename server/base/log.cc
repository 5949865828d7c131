#include "shmock/log.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "shmock/clock.h"

namespace shmock {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
std::atomic<int> g_format{static_cast<int>(LogFormat::kText)};
const char* const kLevelNames[] = {"debug", "info", "warn", "error"};
const char* const kFormatNames[] = {"text", "json"};

// A test's sink (SetLogSink). The flag is read without the lock, so stderr lines never wait.
std::atomic<bool> g_has_sink{false};
std::mutex g_sink_mu;
LogSink g_sink;  // guarded by g_sink_mu

// Request-supplied fields (path, message, Region) are cut here, so that a line stays far below
// PIPE_BUF even when every byte needs an escape; see WriteLine.
constexpr size_t kMaxFieldBytes = 512;

std::string Cut(const std::string& field) {
  if (field.size() <= kMaxFieldBytes) return field;
  return field.substr(0, kMaxFieldBytes) + "...";
}

// The whole line, newline included, goes out in one write(2). POSIX makes a write of at most
// PIPE_BUF (4096) bytes to a pipe atomic, and an O_APPEND file gets whole writes in practice, so
// lines from concurrent requests never interleave and no lock is needed. Only a line longer than
// that (fields are cut to keep this rare) could interleave; none is ever dropped.
void WriteLine(std::string line) {
  if (g_has_sink.load(std::memory_order_acquire)) {
    std::lock_guard<std::mutex> lock(g_sink_mu);
    if (g_sink) {
      g_sink(line);
      return;
    }
  }
  line += '\n';
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr is gone; nothing better to do with the line
    p += n;
    left -= static_cast<size_t>(n);
  }
}

bool Json() { return g_format.load(std::memory_order_relaxed) == static_cast<int>(LogFormat::kJson); }

std::string Now() { return FormatIso8601Millis(SystemClock().NowMillis()); }

// JSON lines stay valid whatever the request carried: control characters are escaped by the
// serializer and invalid UTF-8 becomes U+FFFD.
std::string DumpLine(const nlohmann::ordered_json& line) {
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Appends `text` with control characters (and the backslash, so the escape is unambiguous)
// written as C escapes: whatever a client puts in a path, the log line stays one line. In a
// quoted value the double quote is escaped too.
void AppendEscaped(const std::string& text, bool in_quotes, std::string* out) {
  for (unsigned char c : text) {
    switch (c) {
      case '"': *out += in_quotes ? "\\\"" : "\""; break;
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

// A text value: bare when it is a plain token, else in double quotes with `"`, `\` and control
// characters escaped, so a value can neither end its field early nor break its line.
void AppendTextValue(const std::string& value, std::string* out) {
  if (value.empty()) {
    *out += '-';
    return;
  }
  bool plain = true;
  for (unsigned char c : value) {
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '=') plain = false;
  }
  if (plain) {
    *out += value;
    return;
  }
  *out += '"';
  AppendEscaped(value, /*in_quotes=*/true, out);
  *out += '"';
}

std::string TextPrefix(LogLevel level) {
  char prefix[64];
  std::snprintf(prefix, sizeof prefix, "%s %-5s ", Now().c_str(), kLevelNames[static_cast<int>(level)]);
  return prefix;
}

nlohmann::ordered_json OrNull(const std::string& value) {
  return value.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
}

}  // namespace

bool ParseLogLevel(const std::string& name, LogLevel* level) {
  for (int i = 0; i < 4; ++i) {
    if (name == kLevelNames[i]) {
      *level = static_cast<LogLevel>(i);
      return true;
    }
  }
  return false;
}

bool ParseLogFormat(const std::string& name, LogFormat* format) {
  for (int i = 0; i < 2; ++i) {
    if (name == kFormatNames[i]) {
      *format = static_cast<LogFormat>(i);
      return true;
    }
  }
  return false;
}

void SetLogLevel(LogLevel level) { g_level = static_cast<int>(level); }

void SetLogSink(LogSink sink) {
  std::lock_guard<std::mutex> lock(g_sink_mu);
  g_sink = std::move(sink);
  g_has_sink = static_cast<bool>(g_sink);
}
void SetLogFormat(LogFormat format) { g_format = static_cast<int>(format); }

bool LogEnabled(LogLevel level) { return static_cast<int>(level) >= g_level; }

void Log(LogLevel level, const std::string& line) {
  if (!LogEnabled(level)) return;
  if (Json()) {
    WriteLine(DumpLine({{"time", Now()}, {"level", kLevelNames[static_cast<int>(level)]}, {"message", line}}));
    return;
  }
  std::string out = TextPrefix(level);
  AppendEscaped(line, /*in_quotes=*/false, &out);
  WriteLine(std::move(out));
}

void LogRequest(const RequestRecord& r) {
  const LogLevel level = r.status >= 500 ? LogLevel::kError : r.status >= 400 ? LogLevel::kWarn : LogLevel::kInfo;
  if (!LogEnabled(level)) return;
  if (Json()) {
    WriteLine(DumpLine({{"time", Now()},
                        {"level", kLevelNames[static_cast<int>(level)]},
                        {"requestId", r.request_id},
                        {"method", r.method},
                        {"path", Cut(r.path)},
                        {"operation", OrNull(r.operation)},
                        {"account", OrNull(r.account)},
                        {"region", OrNull(Cut(r.region))},
                        {"status", r.status},
                        {"error", OrNull(r.error_code)},
                        {"message", OrNull(Cut(r.error_message))},
                        {"latencyUs", r.latency_micros ? nlohmann::ordered_json(*r.latency_micros)
                                                       : nlohmann::ordered_json(nullptr)}}));
    return;
  }
  std::string line = TextPrefix(level);
  const std::pair<const char*, std::string> fields[] = {
      {"request", r.request_id},        {"method", r.method},
      {"path", Cut(r.path)},            {"operation", r.operation},
      {"account", r.account},           {"region", Cut(r.region)},
      {"status", std::to_string(r.status)}, {"error", r.error_code},
      {"latency_us", r.latency_micros ? std::to_string(*r.latency_micros) : ""}};
  for (const auto& [key, value] : fields) {
    line += key;
    line += '=';
    AppendTextValue(value, &line);
    line += ' ';
  }
  if (!r.error_message.empty()) {
    line += "message=";
    AppendTextValue(Cut(r.error_message), &line);
  } else {
    line.pop_back();
  }
  WriteLine(std::move(line));
}

}  // namespace shmock
