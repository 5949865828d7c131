#include "base/time.h"

#include <cstdio>

namespace shmock {
namespace {

constexpr int64_t kMillisPerDay = 86400000;

// Days since 1970-01-01 to a proleptic Gregorian date (days_from_civil, inverted).
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int64_t>(yoe) + era * 400 + (*month <= 2);
}

void Digits(unsigned value, int width, char* at) {
  for (int k = width - 1; k >= 0; --k) {
    at[k] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

UtcTime ToUtc(Millis t) {
  int64_t days = t / kMillisPerDay, of_day = t % kMillisPerDay;
  if (of_day < 0) {
    of_day += kMillisPerDay;
    --days;
  }
  UtcTime u{};
  CivilFromDays(days, &u.year, &u.month, &u.day);
  u.hour = static_cast<unsigned>(of_day / 3600000);
  u.minute = static_cast<unsigned>(of_day / 60000 % 60);
  u.second = static_cast<unsigned>(of_day / 1000 % 60);
  u.millis = static_cast<unsigned>(of_day % 1000);
  u.weekday = static_cast<unsigned>(((days % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
  return u;
}

bool WriteIso8601Millis(Millis t, char* out) {
  const UtcTime u = ToUtc(t);
  if (u.year < 0 || u.year > 9999) return false;
  char buf[] = "0000-00-00T00:00:00.000Z";
  Digits(static_cast<unsigned>(u.year), 4, buf);
  Digits(u.month, 2, buf + 5);
  Digits(u.day, 2, buf + 8);
  Digits(u.hour, 2, buf + 11);
  Digits(u.minute, 2, buf + 14);
  Digits(u.second, 2, buf + 17);
  Digits(u.millis, 3, buf + 20);
  for (size_t i = 0; i < sizeof buf - 1; ++i) out[i] = buf[i];
  return true;
}

std::string FormatHttpDate(int64_t unix_seconds) {
  static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const UtcTime u = ToUtc(unix_seconds * 1000);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02u:%02u:%02u GMT", kDays[u.weekday], u.day,
                kMonths[u.month - 1], static_cast<long long>(u.year), u.hour, u.minute, u.second);
  return buf;
}

std::string FormatAmzDate(int64_t unix_seconds) {
  const UtcTime u = ToUtc(unix_seconds * 1000);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld%02u%02uT%02u%02u%02uZ", static_cast<long long>(u.year),
                u.month, u.day, u.hour, u.minute, u.second);
  return buf;
}

}  // namespace shmock
