// The value grammars the finding filters rely on: ASFF timestamps (DateFilter, and a finding's
// dates) and IP addresses and CIDR blocks (IpFilter).
#include <gtest/gtest.h>

#include <string>

#include "../../server/domain/ip_cidr.h"
#include "shmock/asff_timestamp.h"

namespace shmock {
namespace {

struct TimestampCase {
  const char* text;
  const char* utc;  // the same instant in the form the mock writes; nullptr: refused
};

TEST(FindingFilterTimestamp, TheFormsSecurityHubDocuments) {
  const TimestampCase cases[] = {
      {"2019-01-31T23:00:00Z", "2019-01-31T23:00:00.000Z"},
      {"2019-01-31T23:00:00.123456789Z", "2019-01-31T23:00:00.123Z"},
      {"2019-01-31T23:00:00.5Z", "2019-01-31T23:00:00.500Z"},
      {"2019-01-31T23:00:00.12Z", "2019-01-31T23:00:00.120Z"},
      {"2024-01-04T15:25:10+17:59", "2024-01-03T21:26:10.000Z"},
      {"2024-01-04T15:25:10-1759", "2024-01-05T09:24:10.000Z"},
      {"2024-01-04T15:25:10.123456789+17:59", "2024-01-03T21:26:10.123Z"},
      {"2024-01-04T15:25:10+05", "2024-01-04T10:25:10.000Z"},
      {"2024-01-04T15:25:10-18:00", "2024-01-05T09:25:10.000Z"},
      {"2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"},
      {"2000-02-29T12:00:00+00:00", "2000-02-29T12:00:00.000Z"},
      {"2016-12-31T23:59:60Z", "2017-01-01T00:00:00.000Z"},
      {"2017-03-22T13:22:13.933Z", "2017-03-22T13:22:13.933Z"},
      {"2019-01-31T23:00:00", nullptr},        {"2019-01-31 23:00:00Z", nullptr},
      {"2019-01-31t23:00:00Z", nullptr},       {"2019-01-31T23:00:00z", nullptr},
      {"2019-1-31T23:00:00Z", nullptr},        {"2019-13-01T00:00:00Z", nullptr},
      {"2019-00-01T00:00:00Z", nullptr},       {"2019-02-29T00:00:00Z", nullptr},
      {"1900-02-29T00:00:00Z", nullptr},       {"2019-04-31T00:00:00Z", nullptr},
      {"2019-01-00T00:00:00Z", nullptr},       {"2019-01-31T24:00:00Z", nullptr},
      {"2019-01-31T23:60:00Z", nullptr},       {"2019-01-31T23:59:61Z", nullptr},
      {"2019-01-31T22:59:60Z", nullptr},       {"2019-01-31T23:00:00.Z", nullptr},
      {"2019-01-31T23:00:00.1234567890Z", nullptr}, {"2019-01-31T23:00:00+18:01", nullptr},
      {"2019-01-31T23:00:00+19:00", nullptr},  {"2019-01-31T23:00:00+05:60", nullptr},
      {"2019-01-31T23:00:00+5:00", nullptr},   {"2019-01-31T23:00:00+05:3", nullptr},
      {"2019-01-31T23:00:00+05:", nullptr},    {"2019-01-31T23:00:00Z ", nullptr},
      {"", nullptr},                           {"2019-01-31", nullptr},
      {"2019-01-31T23:00Z", nullptr},          {"+2019-01-31T23:00:00Z", nullptr},
      {"2019-01-31T23:00:00ZZ", nullptr},      {"2019-01-31T23:00:00+0530x", nullptr},
  };
  for (const TimestampCase& c : cases) {
    Millis t = -42;
    const bool parsed = ParseAsffTimestamp(c.text, &t);
    EXPECT_EQ(parsed, c.utc != nullptr) << c.text;
    if (parsed && c.utc) {
      EXPECT_EQ(FormatIso8601Millis(t), c.utc) << c.text;
    }
    if (!parsed) {
      EXPECT_EQ(t, -42) << c.text;
    }
  }
}

TEST(FindingFilterTimestamp, AgreesWithTheMocksOwnFormatAcrossTheCalendar) {
  // Every 7919th hour plus some milliseconds from 1960 to 2100, through FormatIso8601Millis and
  // back, and against the older UTC-only parser where that one applies (after 1970).
  for (Millis t = -315619200000; t < 4102444800000; t += 7919LL * 3600 * 1000 + 367) {
    const std::string text = FormatIso8601Millis(t);
    Millis back = 0;
    if (t >= 0) {
      ASSERT_TRUE(ParseAsffTimestamp(text, &back)) << text;
      EXPECT_EQ(back, t) << text;
      Millis reference = 0;
      ASSERT_TRUE(ParseIso8601Millis(text, &reference));
      EXPECT_EQ(reference, back) << text;
    }
  }
  Millis before = 0;
  ASSERT_TRUE(ParseAsffTimestamp("1969-12-31T23:59:59.999Z", &before));
  EXPECT_EQ(before, -1);
}

TEST(FindingFilterCidr, AddressesAndBlocksOfBothFamilies) {
  const char* good[] = {"10.0.0.0/8", "0.0.0.0/0", "255.255.255.255/32", "192.0.2.7", "10.1.2.3/08",
                        "::/0", "::1", "2001:db8::/32", "2001:DB8::1/128", "::ffff:10.0.0.1/120",
                        "fe80::1:2:3:4:5/64"};
  const char* bad[] = {"", "10.0.0.0/33", "10.0.0.256", "10.0.0/8", "10.0.0.0/", "10.0.0.0/8/8",
                       " 10.0.0.0/8", "10.0.0.0/8 ", "10.0.0.0/a", "10.0.0.0/-1", "10.0.0.0/+8",
                       "01.2.3.4", "2001:db8::/129", "2001:db8:::1", "fe80::1%eth0", "/8",
                       "2001:db8::/1280", "localhost", "10.0.0.0/0008"};
  CidrBlock block;
  for (const char* text : good) EXPECT_TRUE(CidrBlock::Parse(text, &block)) << text;
  for (const char* text : bad) EXPECT_FALSE(CidrBlock::Parse(text, &block)) << text;
  ASSERT_TRUE(CidrBlock::Parse("::ffff:10.0.0.1/120", &block));
  EXPECT_TRUE(block.Contains("::ffff:10.0.0.200"));
  EXPECT_FALSE(block.Contains("10.0.0.200"));  // the IPv4 address is another family
  ASSERT_TRUE(CidrBlock::Parse("2001:DB8::1/128", &block));
  EXPECT_TRUE(block.Contains("2001:db8:0:0:0:0:0:1"));
  EXPECT_FALSE(block.Contains("2001:db8::1/128"));  // a finding's value is an address, not a block
}

}  // namespace
}  // namespace shmock
