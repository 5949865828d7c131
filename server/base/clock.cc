#include "shmock/clock.h"

#include <cstdio>
#include <ctime>

#include "base/time.h"

namespace shmock {

std::string FormatIso8601Millis(Millis t) {
  char buf[64];
  if (WriteIso8601Millis(t, buf)) return std::string(buf, 24);
  // Beyond four-digit years: not a Security Hub time, but still readable.
  const UtcTime u = ToUtc(t);
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%03uZ", static_cast<long long>(u.year),
                u.month, u.day, u.hour, u.minute, u.second, u.millis);
  return buf;
}

bool ParseIso8601Millis(const std::string& text, Millis* t) {
  // YYYY-MM-DDTHH:MM:SS[.mmm]Z, position by position.
  static const char kShape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (text.size() != 20 && text.size() != 24) return false;
  const std::string shape = text.size() == 24 ? kShape : std::string(kShape, 19) + "Z";
  for (size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (shape[i] == 'd' ? !digit : text[i] != shape[i]) return false;
  }
  auto number = [&](size_t pos, size_t len) { return std::stoi(text.substr(pos, len)); };
  std::tm tm{};
  tm.tm_year = number(0, 4) - 1900;
  tm.tm_mon = number(5, 2) - 1;
  tm.tm_mday = number(8, 2);
  tm.tm_hour = number(11, 2);
  tm.tm_min = number(14, 2);
  tm.tm_sec = number(17, 2);
  const std::tm given = tm;
  const std::time_t secs = timegm(&tm);
  // timegm quietly normalizes month 13, February 30 or hour 24: refuse those.
  if (tm.tm_year != given.tm_year || tm.tm_mon != given.tm_mon || tm.tm_mday != given.tm_mday ||
      tm.tm_hour != given.tm_hour || tm.tm_min != given.tm_min || tm.tm_sec != given.tm_sec) {
    return false;
  }
  *t = static_cast<Millis>(secs) * 1000 + (text.size() == 24 ? number(20, 3) : 0);
  return true;
}

}  // namespace shmock
