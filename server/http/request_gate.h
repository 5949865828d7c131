// RequestGate: what a request's headers must show before the server reads its body or acts on
// it, decided from the headers alone (docs/behavior.md, "Oversized and unusual HTTP requests"
// and "Browsers and the control API"):
// - framing (RFC 9112): exactly one Host on HTTP/1.1, no two different Content-Lengths, not both
//   Content-Length and Transfer-Encoding, only chunked transfer coding (400);
// - browsers, so that a web page cannot use the developer's browser to reach the mock. AWS
//   clients send no Origin and no Sec-Fetch-Site and sign with the Host they connect to, so
//   they pass untouched:
//   - Host must be a loopback name (localhost, *.localhost), an IP address, the address the
//     server is bound to, or a name given with --allowed-host: a page that rebinds its own DNS
//     name to 127.0.0.1 still sends that name (DNS rebinding). No Host (HTTP/1.0) passes.
//   - Origin must be the server's own origin (http://<Host>), or a page of this machine: its
//     host a loopback name, a loopback address, the bound address or an --allowed-host name.
//   - Sec-Fetch-Site must not be cross-site.
//   - The control API (control_paths.h, the web view included) takes only application/json
//     bodies, or none: a plain HTML form can send neither.
//   Refusals are 403 AccessDeniedException (415 for the control API's body type) with a message
//   saying what to change;
// - the body: no compressed or multipart bodies (415), a Content-Length within
//   Config::max_body_bytes (413, before the body is read).
// It also names the refusals the adapter gives on the way (the refusal statuses below).
#ifndef SHMOCK_HTTP_REQUEST_GATE_H_
#define SHMOCK_HTTP_REQUEST_GATE_H_

#include <httplib.h>

#include <optional>
#include <string>

#include "shmock/config.h"
#include "shmock/status.h"

namespace shmock {

// The request headers the gate reads, found in one pass. cpp-httplib's header map compares
// names through tolower() on every lookup, and the gate asks about a header some twenty times.
// For a repeated header, the value is the first, the one cpp-httplib's get_header_value gives.
class GateHeaders {
 public:
  enum Name { kHost, kContentLength, kTransferEncoding, kContentEncoding, kContentType, kOrigin, kSecFetchSite, kNames };

  explicit GateHeaders(const httplib::Headers& headers);
  size_t count(Name n) const { return count_[n]; }
  bool has(Name n) const { return count_[n] > 0; }
  // The first value, or "" when absent.
  const std::string& value(Name n) const { return has(n) ? *first_[n] : kNone; }
  // The first value, if sent.
  std::optional<std::string> Get(Name n) const {
    if (!has(n)) return std::nullopt;
    return *first_[n];
  }
  // Two Content-Length headers with different values.
  bool lengths_differ() const { return lengths_differ_; }
  // Whether a body follows the headers: a Transfer-Encoding, or a Content-Length above 0.
  bool HasBody() const;

 private:
  static int Find(const std::string& name);

  static inline const std::string kNone;
  const std::string* first_[kNames] = {};
  size_t count_[kNames] = {};
  bool lengths_differ_ = false;
};

class RequestGate {
 public:
  explicit RequestGate(const Config& config) : config_(config) {}

  // The refusal the headers alone earn `req`, or nothing: the request may be read and served.
  std::optional<Status> Check(const httplib::Request& req, const GateHeaders& headers) const;

 private:
  std::optional<Status> CheckFraming(const httplib::Request& req, const GateHeaders& headers) const;
  Status CheckBrowser(const std::string& path, const GateHeaders& headers) const;
  std::optional<Status> CheckBody(const GateHeaders& headers) const;
  bool IsOwnName(const std::string& host) const;

  const Config& config_;
};

// A proxy sends the request line in absolute form (GET http://127.0.0.1:9777/members); the
// server routes on the path alone.
std::string OriginPath(const std::string& target);

// The refusals of the HTTP adapter.
Status HeadersTooLarge();                            // 431
Status HeadersTimedOut(int header_timeout_sec);      // 408
Status BodyTooLarge(size_t max_body_bytes);          // 413
Status BodyTimedOut(int body_timeout_sec);           // 408
Status BodyUnreadable();                             // 400
Status Overloaded();                                 // 503

}  // namespace shmock

#endif  // SHMOCK_HTTP_REQUEST_GATE_H_
