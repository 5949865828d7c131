// The in-process server of the tests: App wired exactly as main() wires it, on an ephemeral
// loopback port, plus the Authorization header that makes a request act as an account. The one
// way the HTTP and stress tests run a server inside the test process.
#ifndef SHMOCK_TESTS_TEST_SERVER_H_
#define SHMOCK_TESTS_TEST_SERVER_H_

#include <httplib.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "shmock/app.h"
#include "shmock/log.h"

namespace shmock {

class TestServer {
 public:
  // The settings of most HTTP tests: 8 workers, bodies up to 64 KiB.
  explicit TestServer(const std::string& db = ":memory:", const std::string& fixtures = "")
      : TestServer(Defaults(db, fixtures)) {}
  // Exactly `config`, but on an ephemeral port.
  explicit TestServer(Config config) {
    config.port = 0;
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
  // Its address, as a Host header names it.
  std::string authority() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  static Config Defaults(const std::string& db, const std::string& fixtures) {
    Config config;
    config.db = db;
    config.fixtures = fixtures;
    config.threads = 8;
    config.max_body_bytes = 64 * 1024;
    return config;
  }

  std::unique_ptr<App> app_;
  int port_ = 0;
  std::thread thread_;
};

// Headers that sign a request as `account` (its access key id) in `region`.
inline httplib::Headers As(const std::string& account, const std::string& region = "us-east-1") {
  return {{"Authorization", "AWS4-HMAC-SHA256 Credential=" + account + "/20261129/" + region +
                                "/securityhub/aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
                                std::string(64, '0')},
          {"X-Amz-Date", "20261129T030635Z"}};
}

}  // namespace shmock

#endif  // SHMOCK_TESTS_TEST_SERVER_H_
