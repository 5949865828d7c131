// Time: the UTC calendar fields of a time and the text forms the server writes, computed once
// here without gmtime_r (Howard Hinnant's civil_from_days):
//   ISO 8601 with milliseconds  2021-10-22T11:31:48.385Z        Security Hub's timestamps
//   IMF-fixdate                 Sun, 06 Nov 1994 08:49:37 GMT   the HTTP Date header
//   ISO 8601 basic              20150830T123600Z                SigV4's X-Amz-Date
// FormatIso8601Millis and its parser are declared in shmock/clock.h, beside the clock.
#ifndef SHMOCK_BASE_TIME_H_
#define SHMOCK_BASE_TIME_H_

#include <cstdint>
#include <string>

#include "shmock/clock.h"

namespace shmock {

struct UtcTime {
  int64_t year;
  unsigned month;  // 1-12
  unsigned day;    // 1-31
  unsigned hour, minute, second, millis;
  unsigned weekday;  // 0 = Sunday
};

// The calendar time of `t`; times before 1970 count backwards (a floor, not a truncation).
UtcTime ToUtc(Millis t);

// Writes the 24 characters of YYYY-MM-DDTHH:MM:SS.sssZ for `t` to `out`; false, with nothing
// written, when its year is outside 0..9999 (which four digits cannot hold).
bool WriteIso8601Millis(Millis t, char* out);

// The Date header's form of `unix_seconds`.
std::string FormatHttpDate(int64_t unix_seconds);

// SigV4's form of `unix_seconds`.
std::string FormatAmzDate(int64_t unix_seconds);

}  // namespace shmock

#endif  // SHMOCK_BASE_TIME_H_
