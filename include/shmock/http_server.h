// HttpServer: the HTTP adapter. It turns cpp-httplib requests into HttpCalls for the
// Dispatcher (dispatcher.h), writes their replies with the
// Content-Type they name, stamps every response with an x-amzn-RequestId, Date and
// X-Content-Type-Options, and logs one line per call.
// It holds every request to its limits before the request reaches the Dispatcher: 64 KiB of request
// line and headers (431), Config::max_body_bytes of body however it is framed (413, refused
// from Content-Length before the body is read), no compressed bodies (415). Those refusals,
// and errors raised by the HTTP layer itself (malformed request line), get the same AWS-shaped
// JSON body, never HTML, change nothing, and close the connection.
// Connections cost threads only while they have a request to serve: idle keep-alive ones and
// ones still sending their headers wait in a ConnectionPool (connection_pool.h), so floods of
// either leave new clients served at once. A request's line and headers must arrive within
// Config::header_timeout_sec of its first byte (408); pipelined requests are answered in order;
// a request that finds all Config::threads workers busy is answered 503.
#ifndef SHMOCK_HTTP_SERVER_H_
#define SHMOCK_HTTP_SERVER_H_

#include <memory>
#include <string>

#include "shmock/config.h"
#include "shmock/dispatcher.h"

namespace shmock {

class HttpServer {
 public:
  HttpServer(Dispatcher& dispatcher, const Config& config);
  ~HttpServer();
  // Binds the listening socket; on success `*port` is the port bound (useful with port 0).
  Status Bind(int* port);
  // Serves until Stop(). It returns once every connection has closed: idle ones at once, ones
  // with a request in progress once it is answered.
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
