#include "shmock/json_writer.h"

#include <charconv>

namespace shmock {
namespace {

const char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// The bytes of a well-formed UTF-8 sequence that starts at s[i] with a lead byte >= 0x80:
// its length, or, when it is ill-formed, the 0-based position of the first byte that breaks it
// (0: the lead byte itself), with `valid` false. A sequence cut off by the end of `s` breaks at
// s.size() - i.
struct Sequence {
  bool valid;
  size_t length;
};

Sequence ReadSequence(std::string_view s, size_t i) {
  const unsigned char lead = static_cast<unsigned char>(s[i]);
  size_t length;
  unsigned char second_low = 0x80, second_high = 0xBF;  // RFC 3629's table
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_low = 0xA0;   // no overlong forms
    if (lead == 0xED) second_high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_low = 0x90;
    if (lead == 0xF4) second_high = 0x8F;  // nothing above U+10FFFF
  } else {
    return {false, 0};
  }
  for (size_t k = 1; k < length; ++k) {
    if (i + k >= s.size()) return {false, k};
    const unsigned char c = static_cast<unsigned char>(s[i + k]);
    const unsigned char low = k == 1 ? second_low : 0x80, high = k == 1 ? second_high : 0xBF;
    if (c < low || c > high) return {false, k};
  }
  return {true, length};
}

bool IsPlain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

void AppendEscapedAscii(unsigned char c, std::string* out) {
  switch (c) {
    case '"': out->append("\\\""); return;
    case '\\': out->append("\\\\"); return;
    case '\b': out->append("\\b"); return;
    case '\f': out->append("\\f"); return;
    case '\n': out->append("\\n"); return;
    case '\r': out->append("\\r"); return;
    case '\t': out->append("\\t"); return;
    default: {
      static const char kHex[] = "0123456789abcdef";
      const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out->append(escape, sizeof escape);
    }
  }
}

// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil,
// inverted), so a timestamp needs neither gmtime_r nor snprintf.
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

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t i = 0, plain_from = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (IsPlain(c)) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const Sequence seq = ReadSequence(s, i);
      if (seq.valid) {  // kept as it is, part of the plain run
        i += seq.length;
        continue;
      }
      out->append(s.data() + plain_from, i - plain_from);
      out->append(kReplacement);
      // As nlohmann does: a bad lead byte is dropped; a sequence broken later is dropped up to
      // the byte that broke it, which is then read again as the start of what follows.
      i += seq.length == 0 ? 1 : seq.length;
      plain_from = i;
      continue;
    }
    out->append(s.data() + plain_from, i - plain_from);
    AppendEscapedAscii(c, out);
    plain_from = ++i;
  }
  out->append(s.data() + plain_from, s.size() - plain_from);
  out->push_back('"');
}

void JsonWriter::Key(std::string_view name) {
  Separate();
  AppendJsonString(name, &out_);
  out_.push_back(':');
  after_value_ = false;
}

void JsonWriter::String(std::string_view value) {
  Separate();
  AppendJsonString(value, &out_);
  after_value_ = true;
}

void JsonWriter::Int(int64_t value) {
  Separate();
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out_.append(buf, end);
  after_value_ = true;
}

void JsonWriter::Bool(bool value) {
  Separate();
  out_.append(value ? "true" : "false");
  after_value_ = true;
}

void JsonWriter::Timestamp(Millis t) {
  int64_t secs = t / 1000, millis = t % 1000;
  if (millis < 0) {  // floor, so times before 1970 still read forwards
    millis += 1000;
    --secs;
  }
  int64_t days = secs / 86400, of_day = secs % 86400;
  if (of_day < 0) {
    of_day += 86400;
    --days;
  }
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  if (year < 0 || year > 9999) {  // beyond what four digits hold: not a Security Hub time
    String(FormatIso8601Millis(t));
    return;
  }
  Separate();
  char buf[] = "\"0000-00-00T00:00:00.000Z\"";
  Digits(static_cast<unsigned>(year), 4, buf + 1);
  Digits(month, 2, buf + 6);
  Digits(day, 2, buf + 9);
  Digits(static_cast<unsigned>(of_day / 3600), 2, buf + 12);
  Digits(static_cast<unsigned>(of_day / 60 % 60), 2, buf + 15);
  Digits(static_cast<unsigned>(of_day % 60), 2, buf + 18);
  Digits(static_cast<unsigned>(millis), 3, buf + 21);
  out_.append(buf, sizeof buf - 1);
  after_value_ = true;
}

}  // namespace shmock
