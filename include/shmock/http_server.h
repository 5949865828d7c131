// HttpServer: the HTTP adapter. It turns cpp-httplib requests into HttpCalls for the Api (or,
// under /_mock/, the Control endpoints, control.h), writes their replies, stamps every response with an
// x-amzn-RequestId, and logs one line per call. Errors raised by the HTTP layer itself
// (oversized body, malformed request line) get the same AWS-shaped JSON body, never HTML.
#ifndef SHMOCK_HTTP_SERVER_H_
#define SHMOCK_HTTP_SERVER_H_

#include <memory>
#include <string>

#include "shmock/api.h"
#include "shmock/config.h"
#include "shmock/control.h"

namespace shmock {

class HttpServer {
 public:
  HttpServer(Api& api, Control& control, const Config& config);
  ~HttpServer();
  // Binds the listening socket; on success `*port` is the port bound (useful with port 0).
  Status Bind(int* port);
  // Serves until Stop(). It returns only once every connection has closed, which for an idle
  // keep-alive connection means its timeout (5 s); a process that is exiting need not wait.
  void Serve();
  // Stops accepting connections, refuses further calls on open ones (503), and returns once
  // every call in flight has had its reply written. Safe to call from any thread.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shmock

#endif  // SHMOCK_HTTP_SERVER_H_
