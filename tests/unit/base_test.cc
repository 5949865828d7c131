// The small helpers of server/base/: strings, the percent codec, UTF-8 and time formatting.
#include <gtest/gtest.h>

#include <ctime>
#include <random>

#include "base/strings.h"
#include "base/time.h"
#include "base/url.h"
#include "base/utf8.h"

namespace shmock {
namespace {

TEST(Strings, LowercaseChangesAsciiLettersOnly) {
  EXPECT_EQ(Lowercase("Content-TYPE: Application/JSON"), "content-type: application/json");
  EXPECT_EQ(Lowercase("\xC3\x89t\xC3\xA9 ABC"), "\xC3\x89t\xC3\xA9 abc");  // É stays É
  EXPECT_EQ(Lowercase(""), "");
}

TEST(Strings, TrimDropsSpacesAndTabsAtBothEndsOnly) {
  EXPECT_EQ(Trim(" \t a b \t "), "a b");
  EXPECT_EQ(Trim("a"), "a");
  EXPECT_EQ(Trim(" \t "), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("\na\r"), "\na\r");  // only HTTP's optional whitespace
}

TEST(Strings, EqualsLowercaseIgnoresTheCaseOfTheFirstOnly) {
  EXPECT_TRUE(EqualsLowercase("Content-Length", "content-length"));
  EXPECT_TRUE(EqualsLowercase("HOST", "host"));
  EXPECT_FALSE(EqualsLowercase("host", "HOST"));
  EXPECT_FALSE(EqualsLowercase("hosts", "host"));
  EXPECT_FALSE(EqualsLowercase("", "host"));
}

TEST(Strings, StartsAndEndsWith) {
  EXPECT_TRUE(StartsWith("/_mock/health", "/_mock/"));
  EXPECT_FALSE(StartsWith("/_mock", "/_mock/"));
  EXPECT_TRUE(EndsWith("api.localhost", ".localhost"));
  EXPECT_FALSE(EndsWith("localhost", ".localhost"));
}

TEST(Url, FormDecodeTakesPlusAsSpaceAndKeepsMalformedEscapes) {
  EXPECT_EQ(FormDecode("Action=GetCallerIdentity&Version=2011-06-15"),
            "Action=GetCallerIdentity&Version=2011-06-15");
  EXPECT_EQ(FormDecode("a+b%20c%2Bd%2b"), "a b c+d+");
  EXPECT_EQ(FormDecode("%41%4a%4A"), "AJJ");
  EXPECT_EQ(FormDecode("%"), "%");
  EXPECT_EQ(FormDecode("%4"), "%4");
  EXPECT_EQ(FormDecode("%zz%4g"), "%zz%4g");
  EXPECT_EQ(FormDecode("100%"), "100%");
  EXPECT_EQ(FormDecode("%00"), std::string(1, '\0'));
}

TEST(Url, UriEncodeKeepsTheUnreservedCharacters) {
  EXPECT_EQ(UriEncode("AZaz09-_.~", false), "AZaz09-_.~");
  EXPECT_EQ(UriEncode("a b/c+%", false), "a%20b%2Fc%2B%25");
  EXPECT_EQ(UriEncode("/members/get", true), "/members/get");
  EXPECT_EQ(UriEncode("\xC3\xA9\xFF", false), "%C3%A9%FF");
}

TEST(Url, DecodingWhatWasEncodedGivesItBack) {
  std::mt19937 rng(3);
  for (int i = 0; i < 200; ++i) {
    std::string s(rng() % 20, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    EXPECT_EQ(FormDecode(UriEncode(s, false)), s);
  }
}

TEST(Utf8, LengthCountsCharactersNotBytes) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("\xC3\xA9t\xC3\xA9"), 3u);  // été
  EXPECT_EQ(Utf8Length("\xF0\x9F\x98\x80"), 1u);   // one emoji, four bytes
  EXPECT_EQ(Utf8Length("\x80\x80"), 0u);           // stray continuation bytes
  EXPECT_TRUE(IsUtf8Continuation(0x80));
  EXPECT_FALSE(IsUtf8Continuation(0xC3));
}

TEST(Utf8, ReadSequenceFollowsRfc3629) {
  struct Case {
    std::string text;
    bool valid;
    size_t length;
  };
  const Case cases[] = {
      {"\xC3\xA9", true, 2},
      {"\xE2\x82\xAC", true, 3},
      {"\xF0\x9F\x98\x80", true, 4},
      {"\xC0\x80", false, 0},          // overlong lead byte
      {"\xE0\x80\x80", false, 1},      // overlong three-byte form
      {"\xED\xA0\x80", false, 1},      // a surrogate
      {"\xF4\x90\x80\x80", false, 1},  // above U+10FFFF
      {"\xE2\x82", false, 2},          // cut off by the end
      {"\xE2\x28\xA1", false, 1},      // broken at its second byte
      {"\xFF", false, 0},
  };
  for (const Case& c : cases) {
    const Utf8Sequence seq = ReadUtf8Sequence(c.text, 0);
    EXPECT_EQ(seq.valid, c.valid) << testing::PrintToString(c.text);
    EXPECT_EQ(seq.length, c.length) << testing::PrintToString(c.text);
  }
}

TEST(Time, FormatsTheThreeForms) {
  EXPECT_EQ(FormatHttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(FormatAmzDate(1440938160), "20150830T123600Z");
  EXPECT_EQ(FormatIso8601Millis(1634902308385), "2021-10-22T11:31:48.385Z");
  char buf[25] = {};
  ASSERT_TRUE(WriteIso8601Millis(0, buf));
  EXPECT_STREQ(buf, "1970-01-01T00:00:00.000Z");
  EXPECT_FALSE(WriteIso8601Millis(253402300800000, buf));  // year 10000
  EXPECT_EQ(FormatIso8601Millis(253402300800000), "10000-01-01T00:00:00.000Z");
}

TEST(Time, BeforeNineteenSeventyCountsBackwards) {
  EXPECT_EQ(FormatIso8601Millis(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatIso8601Millis(-1500), "1969-12-31T23:59:58.500Z");
  EXPECT_EQ(FormatHttpDate(-86400), "Wed, 31 Dec 1969 00:00:00 GMT");
}

// The calendar arithmetic agrees with the C library's over four centuries.
TEST(Time, ToUtcAgreesWithGmtime) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20000; ++i) {
    const int64_t secs = static_cast<int64_t>(rng() % 12622780800LL) - 2208988800LL;  // 1900..2300
    std::time_t t = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    const UtcTime u = ToUtc(secs * 1000 + 123);
    ASSERT_EQ(u.year, tm.tm_year + 1900) << secs;
    ASSERT_EQ(u.month, static_cast<unsigned>(tm.tm_mon + 1)) << secs;
    ASSERT_EQ(u.day, static_cast<unsigned>(tm.tm_mday)) << secs;
    ASSERT_EQ(u.hour, static_cast<unsigned>(tm.tm_hour)) << secs;
    ASSERT_EQ(u.minute, static_cast<unsigned>(tm.tm_min)) << secs;
    ASSERT_EQ(u.second, static_cast<unsigned>(tm.tm_sec)) << secs;
    ASSERT_EQ(u.weekday, static_cast<unsigned>(tm.tm_wday)) << secs;
    ASSERT_EQ(u.millis, 123u);
  }
}

}  // namespace
}  // namespace shmock
