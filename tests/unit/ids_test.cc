// Ids and tokens: the forms AWS clients see, and a base64 that refuses what it did not write.
#include "shmock/ids.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "shmock/next_token.h"

namespace shmock {
namespace {

TEST(Ids, InvitationAndRequestIdsHaveAwsFormsAndDoNotRepeat) {
  const std::regex hex32("[0-9a-f]{32}");
  const std::regex uuid4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string invitation = NewInvitationId(), request = NewRequestId();
    EXPECT_TRUE(std::regex_match(invitation, hex32)) << invitation;
    EXPECT_TRUE(std::regex_match(request, uuid4)) << request;
    EXPECT_TRUE(seen.insert(invitation).second);
    EXPECT_TRUE(seen.insert(request).second);
  }
}

TEST(Ids, Base64UrlRoundTripsEveryLengthWithoutPadding) {
  std::string bytes;
  for (int n = 0; n < 64; ++n) {
    const std::string text = Base64UrlEncode(bytes);
    EXPECT_EQ(text.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos)
        << text;
    std::string back;
    ASSERT_TRUE(Base64UrlDecode(text, &back)) << text;
    EXPECT_EQ(back, bytes);
    bytes.push_back(static_cast<char>(n * 37 + 250));  // every byte value class, NUL included
  }
  EXPECT_EQ(Base64UrlEncode("shmock1|"), "c2htb2NrMXw");
}

TEST(Ids, Base64UrlRefusesForeignCharactersAndImpossibleLengths) {
  std::string out;
  for (const char* bad : {"abc=", "ab+c", "ab/c", "ab c", "a", "abcde", "ab\ncd"}) {
    EXPECT_FALSE(Base64UrlDecode(bad, &out)) << bad;
  }
}

TEST(NextToken, NamesItsOperationAndIsEmptyOnTheLastPage) {
  EXPECT_EQ(EncodeNextToken("ListMembers", ""), "");
  std::string after;
  const std::string token = EncodeNextToken("ListMembers", "222222222222");
  ASSERT_TRUE(DecodeNextToken("ListMembers", token, &after));
  EXPECT_EQ(after, "222222222222");
  EXPECT_FALSE(DecodeNextToken("ListInvitations", token, &after));
  EXPECT_FALSE(DecodeNextToken("ListMembers", Base64UrlEncode("shmock1|ListMembers|22222222222x"), &after));
}

}  // namespace
}  // namespace shmock
