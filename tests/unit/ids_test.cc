// Ids and tokens: the forms AWS clients see, and a base64 that refuses what it did not write.
#include "shmock/ids.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "protocol/next_token.h"

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

// Which keys a list takes is the list's business (a bad key for ListMembers: ApiTest,
// NextTokensAreOpaqueBoundToTheOperationAndChecked).
TEST(NextToken, NamesItsOperationAndIsEmptyOnTheLastPage) {
  EXPECT_EQ(EncodeNextToken("ListMembers", {}), "");
  PageKey after;
  const std::string token = EncodeNextToken("ListMembers", {"222222222222"});
  ASSERT_TRUE(DecodeNextToken("ListMembers", token, &after));
  EXPECT_EQ(after, PageKey{"222222222222"});
  EXPECT_FALSE(DecodeNextToken("ListInvitations", token, &after));
}

// A key of several parts, any bytes in each, comes back as it went in; the single account ID of
// the membership lists is spelled as before composite keys existed, so tokens a client holds
// from an older server still resume.
TEST(NextToken, KeysOfAnyPartsRoundTripAndTheOneAccountFormIsUnchanged) {
  for (const PageKey& key : {PageKey{"111111111111"}, PageKey{"2021-10-22T11:31:48.385Z", "arn:aws:x|y\\z"},
                             PageKey{"", "|", "\\", "\\|", std::string("a\0b", 3)}, PageKey{""}}) {
    const std::string token = EncodeNextToken("GetFindings", key);
    ASSERT_FALSE(token.empty());
    PageKey back;
    ASSERT_TRUE(DecodeNextToken("GetFindings", token, &back)) << token;
    EXPECT_EQ(back, key);
    EXPECT_FALSE(DecodeNextToken("ListMembers", token, &back)) << "bound to its operation";
  }
  EXPECT_EQ(EncodeNextToken("ListMembers", {}), "");
  // base64url("shmock1|ListMembers|111111111111"), the form tokens have always had.
  EXPECT_EQ(EncodeNextToken("ListMembers", {"111111111111"}), "c2htb2NrMXxMaXN0TWVtYmVyc3wxMTExMTExMTExMTE");
  // A dangling or unknown escape is no token of ours.
  for (const std::string raw : {"shmock1|GetFindings|a\\", "shmock1|GetFindings|a\\b"}) {
    PageKey back;
    EXPECT_FALSE(DecodeNextToken("GetFindings", Base64UrlEncode(raw), &back)) << raw;
  }
}


}  // namespace
}  // namespace shmock
