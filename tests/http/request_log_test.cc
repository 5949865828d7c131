// The request log of the real binary, read from its stderr: one line per request with time,
// request id, operation, account, Region, status, error code and latency, in both formats.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>

#include "server_process.h"
#include "test_server.h"

namespace shmock {
namespace {

using nlohmann::json;

// A Region as a client could sign for it: a quote, a backslash, a space and a control
// character. The mock refuses it and quotes it in the message, and none of it may break a log
// line or its JSON.
const std::string kNastyRegion = "eu\"west\\1 x\x01";

struct Calls {
  std::string fail_id, ok_id, nasty_id;
};

// The same three calls for both formats: a refusal, a success, and a refusal whose message
// needs escaping.
Calls MakeCalls(int port) {
  httplib::Client c("127.0.0.1", port);
  Calls ids;
  auto r = c.Get("/members", As("111111111111", "eu-west-1"));
  EXPECT_EQ(r->status, 400);
  ids.fail_id = r->get_header_value("x-amzn-RequestId");
  r = c.Get("/_mock/health");
  EXPECT_EQ(r->status, 200);
  ids.ok_id = r->get_header_value("x-amzn-RequestId");
  r = c.Post("/accounts", As("222222222222", kNastyRegion), "{}", "application/json");
  EXPECT_EQ(r->status, 400);
  ids.nasty_id = r->get_header_value("x-amzn-RequestId");
  return ids;
}

std::vector<std::string> RequestLines(const ServerProcess& server, const std::string& marker) {
  std::vector<std::string> lines;
  for (const std::string& line : server.StderrLines()) {
    if (line.find(marker) != std::string::npos) lines.push_back(line);
  }
  return lines;
}

TEST(RequestLog, TextLinesAreKeyValuePairs) {
  ServerProcess server({"--log-format", "text"});
  Calls ids = MakeCalls(server.port());
  ASSERT_EQ(server.Stop(), 0);
  std::vector<std::string> lines = RequestLines(server, " request=");
  ASSERT_EQ(lines.size(), 3u) << server.Stderr();
  const std::string time = R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z )";
  EXPECT_TRUE(std::regex_match(lines[0], std::regex(
      time + "warn  request=" + ids.fail_id + " method=GET path=/members operation=ListMembers "
      "account=111111111111 region=eu-west-1 status=400 error=BadRequestException latency_us=\\d+ "
      "message=\"The request is rejected since no such resource found\\.\"")))
      << lines[0];
  EXPECT_TRUE(std::regex_match(lines[1], std::regex(
      time + "info  request=" + ids.ok_id + " method=GET path=/_mock/health operation=_mock/health "
      "account=- region=- status=200 error=- latency_us=\\d+")))
      << lines[1];
  EXPECT_TRUE(std::regex_match(lines[2], std::regex(
      time + "warn  request=" + ids.nasty_id + " method=POST path=/accounts operation=EnableSecurityHub "
      R"(account=- region=- status=400 error=IncompleteSignatureException latency_us=\d+ )"
      R"(message="Credential should be scoped to a valid region, not 'eu\\"west\\\\1 x\\x01'\. .*")")))
      << lines[2];
}

TEST(RequestLog, JsonLinesAreObjectsWhateverTheRequestCarried) {
  ServerProcess server({"--log-format", "json"});
  Calls ids = MakeCalls(server.port());
  ASSERT_EQ(server.Stop(), 0);
  std::vector<json> lines;
  for (const std::string& line : server.StderrLines()) {
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(j.is_object()) << "not a JSON object: " << line;  // every line, events too
    if (j.contains("requestId")) lines.push_back(j);
  }
  ASSERT_EQ(lines.size(), 3u) << server.Stderr();
  for (json& line : lines) {
    EXPECT_TRUE(std::regex_match(line["time"].get<std::string>(),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
    EXPECT_TRUE(line["latencyUs"].is_number_integer());
    EXPECT_GE(line["latencyUs"].get<int64_t>(), 0);
    line.erase("time");
    line.erase("latencyUs");
  }
  EXPECT_EQ(lines[0].dump(), json::parse(R"({"level":"warn","requestId":")" + ids.fail_id +
      R"(","method":"GET","path":"/members","operation":"ListMembers","account":"111111111111",)"
      R"("region":"eu-west-1","status":400,"error":"BadRequestException",)"
      R"("message":"The request is rejected since no such resource found."})").dump());
  EXPECT_EQ(lines[1].dump(), json::parse(R"({"level":"info","requestId":")" + ids.ok_id +
      R"(","method":"GET","path":"/_mock/health","operation":"_mock/health","account":null,)"
      R"("region":null,"status":200,"error":null,"message":null})").dump());
  EXPECT_NE(lines[2]["message"].get<std::string>().find("not '" + kNastyRegion + "'."), std::string::npos);
  EXPECT_EQ(lines[2]["requestId"], ids.nasty_id);
}

// Lines are written without a lock, each with one write(2): under concurrent calls every line
// must still arrive whole, once per request.
TEST(RequestLog, ConcurrentRequestsEachGetOneWholeLine) {
  ServerProcess server({"--log-format", "json"});
  const int kThreads = 8, kCalls = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&server, t] {
      httplib::Client c("127.0.0.1", server.port());
      const std::string account = std::to_string(100000000000LL + t);
      for (int i = 0; i < kCalls; ++i) c.Get("/members", As(account));
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(server.Stop(), 0);
  std::set<std::string> ids;
  for (const std::string& line : server.StderrLines()) {
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(j.is_object()) << "a broken line: " << line;
    if (j.contains("requestId")) ids.insert(j["requestId"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads * kCalls));
}

}  // namespace
}  // namespace shmock
