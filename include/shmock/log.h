// Log: one line per event, with a UTC timestamp and a level; thread-safe. Lines go to stderr
// unless a sink is set. A logged text can never break its line: control characters in it are
// escaped, so a client cannot forge log lines through a path or a header.
#ifndef SHMOCK_LOG_H_
#define SHMOCK_LOG_H_

#include <functional>
#include <string>

namespace shmock {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

bool ParseLogLevel(const std::string& name, LogLevel* level);
void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);
void Log(LogLevel level, const std::string& line);

// Where finished lines (without their newline) go; an empty sink restores stderr.
using LogSink = std::function<void(const std::string& line)>;
void SetLogSink(LogSink sink);

}  // namespace shmock

#endif  // SHMOCK_LOG_H_
