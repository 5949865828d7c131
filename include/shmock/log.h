// Log: one line per event on stderr, with a UTC timestamp and a level; thread-safe without a
// lock, so logging never serialises the requests it reports.
//
// Two kinds of line: free-form events (Log) and the one line every answered request gets
// (LogRequest: time, request id, account, Region, operation, HTTP status, error code, latency).
// In the text format a request line is `key=value` pairs; in the JSON format every line, events
// included, is one JSON object. Either way a logged text can never break its line: control
// characters are escaped (and JSON stays valid whatever bytes a request carried), so a client
// cannot forge log lines through a path or a header.
#ifndef SHMOCK_LOG_H_
#define SHMOCK_LOG_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace shmock {

enum class LogLevel { kDebug, kInfo, kWarn, kError };
enum class LogFormat { kText, kJson };

bool ParseLogLevel(const std::string& name, LogLevel* level);
bool ParseLogFormat(const std::string& name, LogFormat* format);
void SetLogLevel(LogLevel level);
void SetLogFormat(LogFormat format);
bool LogEnabled(LogLevel level);
void Log(LogLevel level, const std::string& line);

// One answered request. An empty string is unknown: `-` in text, null in JSON.
struct RequestRecord {
  std::string request_id;
  std::string method;
  std::string path;
  std::string operation;
  std::string account;
  std::string region;
  int status = 0;
  std::string error_code;     // empty when the call succeeded
  std::string error_message;
  std::optional<int64_t> latency_micros;  // none for a refusal before the call was timed
};

// Logs `request` at the level its status calls for: info, warn for 4xx, error for 5xx.
void LogRequest(const RequestRecord& request);

// Where finished lines (without their newline) go instead of stderr, for tests that read them;
// an empty sink restores stderr. Only a set sink takes a lock.
using LogSink = std::function<void(const std::string& line)>;
void SetLogSink(LogSink sink);

}  // namespace shmock

#endif  // SHMOCK_LOG_H_
