// TestServer: the server in process on an ephemeral port, wired by App exactly as main() wires
// it, for tests that speak to it over real HTTP. `As` signs a request as an account in a Region
// the way the clients do (only the credential scope matters to the mock).
#ifndef SHMOCK_TESTS_HTTP_TEST_SERVER_H_
#define SHMOCK_TESTS_HTTP_TEST_SERVER_H_

#include <httplib.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "shmock/app.h"
#include "shmock/log.h"

namespace shmock {

class TestServer {
 public:
  // `adjust` may change the test configuration before the server is built.
  explicit TestServer(const std::string& db = ":memory:",
                      const std::function<void(Config*)>& adjust = nullptr) {
    Config config;
    config.port = 0;
    config.db = db;
    config.threads = 8;
    config.max_body_bytes = 64 * 1024;
    if (adjust) adjust(&config);
    SetLogLevel(LogLevel::kError);
    Status s = App::Create(config, &app_);
    if (!s.ok()) throw std::runtime_error(s.message());
    if (!app_->Bind(&port_).ok()) throw std::runtime_error("bind");
    thread_ = std::thread([this] { app_->Serve(); });
  }
  ~TestServer() {
    app_->Stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  std::unique_ptr<App> app_;
  int port_ = 0;
  std::thread thread_;
};

inline httplib::Headers As(const std::string& account, const std::string& region = "us-east-1") {
  return {{"Authorization", "AWS4-HMAC-SHA256 Credential=" + account + "/20261129/" + region +
                                "/securityhub/aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
                                std::string(64, '0')},
          {"X-Amz-Date", "20261129T030635Z"}};
}

}  // namespace shmock

#endif  // SHMOCK_TESTS_HTTP_TEST_SERVER_H_
