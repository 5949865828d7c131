// HttpGuard: what a request's headers must show before the server acts on it, so that a web
// page cannot use the developer's browser to reach the mock (docs/behavior.md, "Browsers and
// the control API"). AWS clients send no Origin and no Sec-Fetch-Site and sign with the Host
// they connect to, so they pass untouched.
//
// - Host must be a loopback name (localhost, *.localhost), an IP address, the address the
//   server is bound to, or a name given with --allowed-host: a page that rebinds its own DNS
//   name to 127.0.0.1 still sends that name (DNS rebinding). No Host (HTTP/1.0) passes.
// - Origin must be the server's own origin (http://<Host>), or a page of this machine: its host
//   a loopback name, a loopback address, the bound address or an --allowed-host name.
// - Sec-Fetch-Site must not be cross-site.
// - The control API (/_mock/, /_localstack/, the web view included) takes only application/json bodies, or none: a plain HTML form
//   can send neither.
// Refusals are 403 AccessDeniedException (415 UnsupportedMediaTypeException for the control
// API's body type) with a message saying what to change. It knows nothing of cpp-httplib.
#ifndef SHMOCK_HTTP_GUARD_H_
#define SHMOCK_HTTP_GUARD_H_

#include <functional>
#include <optional>
#include <string>

#include "shmock/config.h"
#include "shmock/status.h"

namespace shmock {

class HttpGuard {
 public:
  // The first value of the named header (any case), if the request has it.
  using HeaderLookup = std::function<std::optional<std::string>(const std::string& name)>;

  explicit HttpGuard(const Config& config) : config_(config) {}

  // `path` is the request's path without the query; `has_body` whether a body follows.
  Status Check(const std::string& path, bool has_body, const HeaderLookup& header) const;

 private:
  bool IsOwnName(const std::string& host) const;

  const Config& config_;
};

}  // namespace shmock

#endif  // SHMOCK_HTTP_GUARD_H_
