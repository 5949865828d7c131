// Log: one line per event on stderr, with a UTC timestamp and a level; thread-safe.
#ifndef SHMOCK_LOG_H_
#define SHMOCK_LOG_H_

#include <string>

namespace shmock {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

bool ParseLogLevel(const std::string& name, LogLevel* level);
void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);
void Log(LogLevel level, const std::string& line);

}  // namespace shmock

#endif  // SHMOCK_LOG_H_
