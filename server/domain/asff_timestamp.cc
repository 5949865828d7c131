#include "shmock/asff_timestamp.h"

#include <cstdint>

namespace shmock {
namespace {

// Reads `count` digits at `*pos`; false when one of them is not a digit or the text ends.
bool Digits(std::string_view text, size_t* pos, size_t count, int* value) {
  if (text.size() - *pos < count) return false;
  int v = 0;
  for (size_t i = 0; i < count; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += count;
  *value = v;
  return true;
}

bool Literal(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

bool LeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && LeapYear(year) ? 29 : kDays[month - 1];
}

// Days from 1970-01-01 to the civil date (proleptic Gregorian), negative before it.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The optional ".f{1,9}": milliseconds, the digits after the third dropped.
bool Fraction(std::string_view text, size_t* pos, int* millis) {
  *millis = 0;
  if (*pos >= text.size() || text[*pos] != '.') return true;
  ++*pos;
  size_t digits = 0;
  while (*pos < text.size() && text[*pos] >= '0' && text[*pos] <= '9') {
    if (digits < 3) *millis = *millis * 10 + (text[*pos] - '0');
    ++digits;
    ++*pos;
  }
  if (digits == 0 || digits > 9) return false;
  for (size_t i = digits; i < 3; ++i) *millis *= 10;
  return true;
}

// "Z", or "+HH", "+HH:MM", "+HHMM" (or "-"), at most 18:00: the offset in minutes east of UTC.
bool Offset(std::string_view text, size_t* pos, int* minutes) {
  if (Literal(text, pos, 'Z')) return *minutes = 0, true;
  if (*pos >= text.size() || (text[*pos] != '+' && text[*pos] != '-')) return false;
  const int sign = text[(*pos)++] == '-' ? -1 : 1;
  int hours = 0, mins = 0;
  if (!Digits(text, pos, 2, &hours)) return false;
  if (*pos < text.size()) {
    Literal(text, pos, ':');
    if (!Digits(text, pos, 2, &mins)) return false;
  }
  if (mins > 59 || hours * 60 + mins > 18 * 60) return false;
  *minutes = sign * (hours * 60 + mins);
  return true;
}

}  // namespace

bool ParseAsffTimestamp(std::string_view text, Millis* t) {
  size_t pos = 0;
  int year, month, day, hour, minute, second, millis, offset;
  const bool shaped = Digits(text, &pos, 4, &year) && Literal(text, &pos, '-') &&
                      Digits(text, &pos, 2, &month) && Literal(text, &pos, '-') &&
                      Digits(text, &pos, 2, &day) && Literal(text, &pos, 'T') &&
                      Digits(text, &pos, 2, &hour) && Literal(text, &pos, ':') &&
                      Digits(text, &pos, 2, &minute) && Literal(text, &pos, ':') &&
                      Digits(text, &pos, 2, &second) && Fraction(text, &pos, &millis) &&
                      Offset(text, &pos, &offset) && pos == text.size();
  if (!shaped || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
  const bool leap_second = hour == 23 && minute == 59 && second == 60;
  if (hour > 23 || minute > 59 || (second > 59 && !leap_second)) return false;
  const int64_t seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
                          second - int64_t{offset} * 60;
  *t = seconds * 1000 + millis;
  return true;
}

}  // namespace shmock
