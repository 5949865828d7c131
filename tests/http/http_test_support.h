// The fixture of the in-process HTTP tests over TestServer (test_server.h): its helpers send
// signed requests and check what every reply must have.
#ifndef SHMOCK_TESTS_HTTP_TEST_SUPPORT_H_
#define SHMOCK_TESTS_HTTP_TEST_SUPPORT_H_

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>

#include "test_server.h"

namespace shmock {

using nlohmann::json;

inline const std::regex kRequestId("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

class HttpTest : public ::testing::Test {
 protected:
  explicit HttpTest(const std::string& fixtures = "")
      : server_(":memory:", fixtures), client_("127.0.0.1", server_.port()) {}

  // Sends a request and checks the parts of the reply every response must have.
  httplib::Result Send(const std::string& method, const std::string& path, const std::string& account,
                       const std::string& body = "", const std::string& region = "us-east-1") {
    httplib::Result r = method == "GET"      ? client_.Get(path.c_str(), As(account, region))
                        : method == "DELETE" ? client_.Delete(path.c_str(), As(account, region))
                        : method == "PATCH"  ? client_.Patch(path.c_str(), As(account, region), body, "application/json")
                        : method == "PUT"    ? client_.Put(path.c_str(), As(account, region), body, "application/json")
                                             : client_.Post(path.c_str(), As(account, region), body, "application/json");
    EXPECT_TRUE(r) << method << " " << path;
    if (r) {
      EXPECT_TRUE(std::regex_match(r->get_header_value("x-amzn-RequestId"), kRequestId));
      EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
    }
    return r;
  }
  void ExpectOk(const std::string& method, const std::string& path, const std::string& account,
                const std::string& body, const std::string& expected_body) {
    auto r = Send(method, path, account, body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << method << " " << path << ": " << r->body;
    EXPECT_EQ(r->body, expected_body) << method << " " << path;
  }
  void ExpectError(const std::string& method, const std::string& path, const std::string& account,
                   const std::string& body, int status, const std::string& code, const std::string& message,
                   const std::string& region = "us-east-1") {
    auto r = Send(method, path, account, body, region);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << method << " " << path;
    EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), code);
    EXPECT_EQ(r->body, json({{"Code", code}, {"Message", message}}).dump()) << method << " " << path;
  }
  json Json(const std::string& method, const std::string& path, const std::string& account,
            const std::string& body = "") {
    auto r = Send(method, path, account, body);
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body);
  }

  TestServer server_;
  httplib::Client client_;
};

// Replaces each timestamp and InvitationId by a placeholder after checking its form, so
// whole bodies can be compared.
inline std::string Redact(std::string body) {
  body = std::regex_replace(body, std::regex(R"re("(InvitedAt|UpdatedAt|SubscribedAt)":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")re"), "\"$1\":\"<ts>\"");
  return std::regex_replace(body, std::regex(R"re("InvitationId":"[0-9a-f]{32}")re"), "\"InvitationId\":\"<id>\"");
}

}  // namespace shmock

#endif  // SHMOCK_TESTS_HTTP_TEST_SUPPORT_H_
