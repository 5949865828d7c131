// JsonWriter against nlohmann's dump with error_handler_t::replace, the serializer it replaces:
// the wire bodies must stay byte-identical.
#include "base/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

namespace shmock {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::string NlohmannString(const std::string& s) {
  return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string WriterString(const std::string& s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

TEST(JsonWriterTest, EscapesAsNlohmannOnKnownCases) {
  const std::string cases[] = {
      "",
      "plain",
      "quote\" backslash\\ slash/",
      std::string("nul\0x", 5),
      "\b\f\n\r\t\x01\x1f\x7f",
      "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",  // 2-, 3- and 4-byte sequences
      "\xC3",                                         // cut off by the end
      "\xE2\x82",                                     // cut off by the end
      "\xC3(",                                        // broken by an ASCII byte
      "\xE2\x28\xA1",                                 // broken at the second byte
      "\xF0\x9F\x98",                                 // 4-byte, cut off
      "\xC0\xAF \xE0\x80\xAF",                        // overlong forms
      "\xED\xA0\x80",                                 // a surrogate
      "\xF4\x90\x80\x80 \xF5\x80",                    // above U+10FFFF
      "\x80\x80\xBF",                                 // lone continuation bytes
      "\xFF\xFE",
      "\xE2\x82\xE2\x82\xAC",  // a sequence broken by the lead byte of a good one
  };
  for (const std::string& s : cases) EXPECT_EQ(WriterString(s), NlohmannString(s)) << json(s).dump(-1, ' ', true, json::error_handler_t::replace);
}

// Random strings drawn mostly from the bytes that matter: controls, quotes, backslashes, every
// lead byte, continuation bytes, and the boundary second bytes of E0, ED, F0 and F4.
TEST(JsonWriterTest, EscapesAsNlohmannOnRandomStrings) {
  const unsigned char interesting[] = {0x00, 0x01, 0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x1f, 0x20, '"',
                                       '\\', '/',  'a',  0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf,
                                       0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef,
                                       0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xfe, 0xff};
  std::mt19937 rng(20261129);
  for (int round = 0; round < 20000; ++round) {
    const size_t length = rng() % 12;
    std::string s;
    for (size_t i = 0; i < length; ++i) {
      s.push_back(static_cast<char>(rng() % 4 == 0 ? rng() % 256
                                                   : interesting[rng() % sizeof interesting]));
    }
    ASSERT_EQ(WriterString(s), NlohmannString(s))
        << "input bytes: " << json(s).dump(-1, ' ', true, json::error_handler_t::replace);
  }
}

TEST(JsonWriterTest, DocumentMatchesOrderedJsonDump) {
  JsonWriter w;
  w.BeginObject();
  w.Key("Members");
  w.BeginArray();
  for (int i = 0; i < 2; ++i) {
    w.BeginObject();
    w.Key("AccountId");
    w.String("11111111111" + std::to_string(i));
    w.Key("Count");
    w.Int(-42 + i);
    w.Key("On");
    w.Bool(i == 0);
    w.Key("Empty");
    w.BeginArray();
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("Next\"Token");
  w.String("a\nb");
  w.EndObject();

  ordered_json expected;
  expected["Members"] = ordered_json::array();
  for (int i = 0; i < 2; ++i) {
    ordered_json m;
    m["AccountId"] = "11111111111" + std::to_string(i);
    m["Count"] = -42 + i;
    m["On"] = i == 0;
    m["Empty"] = ordered_json::array();
    expected["Members"].push_back(m);
  }
  expected["Next\"Token"] = "a\nb";
  EXPECT_EQ(w.Take(), expected.dump(-1, ' ', false, json::error_handler_t::replace));
}

TEST(JsonWriterTest, TimestampMatchesFormatIso8601Millis) {
  std::mt19937_64 rng(7);
  std::vector<Millis> times = {0, 999, 1000, 951782400000 /* 2000-02-29 */, 1634902308385,
                               4102444799999 /* 2099-12-31T23:59:59.999 */,
                               253402300799999 /* 9999-12-31T23:59:59.999 */};
  for (int i = 0; i < 5000; ++i) times.push_back(static_cast<Millis>(rng() % 253402300800000));
  for (Millis t : times) {
    JsonWriter w;
    w.Timestamp(t);
    ASSERT_EQ(w.Take(), "\"" + FormatIso8601Millis(t) + "\"") << t;
  }
}

}  // namespace
}  // namespace shmock
