// The model's patterns: each compiled matcher accepts exactly what std::regex_search accepts,
// and a pattern the module does not know is refused rather than skipped.
#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <string>
#include <vector>

#include "protocol/pattern.h"

namespace shmock {
namespace {

const char* const kModelPatterns[] = {".*\\S.*", "^(?!aws:)[a-zA-Z+-=._:/]+$",
                                      "^([^\\u0000-\\u007F]|[-_ a-zA-Z0-9])+$"};

// Bytes where the two patterns' languages change: whitespace and line terminators, the ends of
// the TagKey class and range, the "aws:" letters, NUL, DEL and UTF-8 lead and continuation bytes.
constexpr char kEdgeByteList[] = "\0 \t\n\v\f\r*+,-./09:;<=>?@AZ[_`az{~\x7f\x80\xa0\xc3\xa9\xe2\xff" "ws";
const std::string kEdgeBytes(kEdgeByteList, sizeof kEdgeByteList - 1);

// Every string of up to three edge bytes, every single byte, "aws:" prefixes, unicode, and
// seeded random strings up to 64 bytes long.
std::vector<std::string> Samples() {
  std::vector<std::string> out = {"", "aws:", "aws", "aws:x", "AWS:x", "aws:aws:", " aws:x", "aws-x",
                                  "awsx:", "café", "日本", "\xe2\x80\xa8", "a\nb", "a\n", "\nb",
                                  std::string(1, '\0'), std::string("a\0", 2), "  \t\r\n\v\f "};
  for (int c = 0; c < 256; ++c) out.push_back(std::string(1, static_cast<char>(c)));
  for (char a : kEdgeBytes) {
    for (char b : kEdgeBytes) {
      out.push_back({a, b});
      for (char c : kEdgeBytes) out.push_back({a, b, c});
    }
  }
  std::mt19937 rng(20261129);
  for (int i = 0; i < 20000; ++i) {
    std::string s = i % 4 == 0 ? "aws:" : "";
    for (size_t n = rng() % 65; s.size() < n;) {
      s += rng() % 8 == 0 ? static_cast<char>(rng() % 256) : kEdgeBytes[rng() % kEdgeBytes.size()];
    }
    out.push_back(s);
  }
  return out;
}

TEST(Pattern, MatchesExactlyWhatStdRegexSearchMatches) {
  const std::vector<std::string> samples = Samples();
  for (const char* source : kModelPatterns) {
    SCOPED_TRACE(source);
    Pattern pattern;
    ASSERT_TRUE(Pattern::Compile(source, &pattern).ok());
    EXPECT_EQ(pattern.source(), source);
    const std::regex regex(source, std::regex::ECMAScript);
    size_t matched = 0;
    for (const std::string& s : samples) {
      const bool expected = std::regex_search(s, regex);
      ASSERT_EQ(pattern.Matches(s), expected) << testing::PrintToString(s);
      matched += expected;
    }
    // Both sides of each language are well represented, so the comparison says something.
    EXPECT_GT(matched, 300u);
    EXPECT_GT(samples.size() - matched, 300u);
  }
}

TEST(Pattern, NonEmptyStringMeansOneByteOutsideWhitespace) {
  Pattern non_empty;
  ASSERT_TRUE(Pattern::Compile(".*\\S.*", &non_empty).ok());
  EXPECT_FALSE(non_empty.Matches(""));
  EXPECT_FALSE(non_empty.Matches(" \t\n\v\f\r"));
  EXPECT_TRUE(non_empty.Matches(std::string(1, '\0')));
  EXPECT_TRUE(non_empty.Matches("\n\nx\r\n"));
  EXPECT_TRUE(non_empty.Matches("\xc2\xa0"));  // U+00A0 is two bytes outside the C locale's \s
}

TEST(Pattern, TagKeyClassHoldsTheRangeFromPlusToEquals) {
  Pattern tag_key;
  ASSERT_TRUE(Pattern::Compile("^(?!aws:)[a-zA-Z+-=._:/]+$", &tag_key).ok());
  EXPECT_TRUE(tag_key.Matches("+,-./0123456789:;<="));
  EXPECT_TRUE(tag_key.Matches("Project_Name"));
  EXPECT_TRUE(tag_key.Matches("AWS:x"));
  EXPECT_TRUE(tag_key.Matches("aws"));
  EXPECT_FALSE(tag_key.Matches("aws:x"));
  EXPECT_FALSE(tag_key.Matches(""));
  EXPECT_FALSE(tag_key.Matches("a b"));
  EXPECT_FALSE(tag_key.Matches("a>b"));
  EXPECT_FALSE(tag_key.Matches("a\n"));
}

// The policy document of an IAM role in a finding: characters, not bytes, so a Latin-1 letter
// (two UTF-8 bytes) matches and a character beyond U+00FF, a lone byte or a control does not.
TEST(Pattern, Latin1TextIsCheckedByCharacter) {
  Pattern text;
  ASSERT_TRUE(Pattern::Compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]+", &text).ok());
  EXPECT_TRUE(text.Matches("{\"Version\": \"2012-10-17\"}\r\n\t"));
  EXPECT_TRUE(text.Matches("caf\xc3\xa9 \xc2\xa1 \xc3\xbf"));
  EXPECT_FALSE(text.Matches(""));
  EXPECT_FALSE(text.Matches("\xc2\xa0"));          // U+00A0, outside the class
  EXPECT_FALSE(text.Matches("\xe2\x82\xac"));      // the euro sign
  EXPECT_FALSE(text.Matches("a\xc3"));              // a lone lead byte
  EXPECT_FALSE(text.Matches(std::string("a\0", 2)));
  EXPECT_FALSE(text.Matches("a\x7f"));
  EXPECT_FALSE(text.Matches("a\x0b"));
}

TEST(Pattern, TakesLinearTimeAndConstantStackOnHugeValues) {
  // std::regex recurses once per byte here and overflows the stack long before 16 MiB.
  Pattern non_empty, tag_key;
  ASSERT_TRUE(Pattern::Compile(".*\\S.*", &non_empty).ok());
  ASSERT_TRUE(Pattern::Compile("^(?!aws:)[a-zA-Z+-=._:/]+$", &tag_key).ok());
  const std::string spaces(16 << 20, ' ');
  EXPECT_FALSE(non_empty.Matches(spaces));
  EXPECT_TRUE(non_empty.Matches(spaces + "x"));
  EXPECT_TRUE(tag_key.Matches(std::string(16 << 20, 'k')));
  EXPECT_FALSE(tag_key.Matches(std::string(16 << 20, 'k') + " "));
}

TEST(Pattern, RefusesAPatternItHasNoMatcherFor) {
  Pattern pattern;
  Status s = Pattern::Compile("^[0-9]{12}$", &pattern);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'^[0-9]{12}$'"), std::string::npos) << s.message();
  EXPECT_FALSE(pattern.Matches("123456789012"));
  EXPECT_FALSE(Pattern::Compile(".*\\S.* ", &pattern).ok()) << "matching is on the exact source";
}

}  // namespace
}  // namespace shmock
