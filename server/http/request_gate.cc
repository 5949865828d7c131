#include "http/request_gate.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>

#include "base/strings.h"
#include "http/connection.h"
#include "shmock/control_paths.h"

namespace shmock {
namespace {

// The host of "host", "host:port", "[v6]" or "[v6]:port", lowercased, without a final '.'.
std::string HostOf(const std::string& authority) {
  std::string host;
  if (!authority.empty() && authority[0] == '[') {
    host = authority.substr(0, authority.find(']') + 1);
  } else {
    host = authority.substr(0, authority.find(':'));
  }
  host = Lowercase(host);
  if (!host.empty() && host.back() == '.') host.pop_back();
  return host;
}

// "scheme://authority" of an Origin header, or nullopt for "null" and other opaque origins.
std::optional<std::string> OriginAuthority(const std::string& origin) {
  const size_t sep = origin.find("://");
  if (sep == std::string::npos) return std::nullopt;
  return origin.substr(sep + 3, origin.find('/', sep + 3) - (sep + 3));
}

bool IsIpv4(const std::string& host) {
  in_addr addr{};
  return inet_pton(AF_INET, host.c_str(), &addr) == 1;
}

bool IsIpv6(const std::string& host) {
  in6_addr addr{};
  return host.size() > 2 && host.front() == '[' && host.back() == ']' &&
         inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &addr) == 1;
}

bool IsLoopback(const std::string& host) {
  const std::string suffix = ".localhost";
  return host == "localhost" || (host.size() > suffix.size() && EndsWith(host, suffix)) ||
         (IsIpv4(host) && host.rfind("127.", 0) == 0) || host == "[::1]";
}

Status Denied(const std::string& message) { return Status::Error(ErrorCode::kAccessDenied, message); }

}  // namespace

GateHeaders::GateHeaders(const httplib::Headers& headers) {
  for (const auto& [name, value] : headers) {
    const int i = Find(name);
    if (i == kNames) continue;
    if (count_[i]++ == 0) {
      first_[i] = &value;
    } else if (i == kContentLength && value != *first_[i]) {
      lengths_differ_ = true;
    }
  }
}

int GateHeaders::Find(const std::string& name) {
  static constexpr std::string_view kText[kNames] = {"host", "content-length", "transfer-encoding",
                                                     "content-encoding", "content-type", "origin",
                                                     "sec-fetch-site"};
  for (int i = 0; i < kNames; ++i) {
    if (EqualsLowercase(name, kText[i])) return i;
  }
  return kNames;
}

bool GateHeaders::HasBody() const {
  if (has(kTransferEncoding)) return true;
  const std::string& length = value(kContentLength);
  return !length.empty() && length.find_first_not_of('0') != std::string::npos;
}

std::optional<Status> RequestGate::Check(const httplib::Request& req, const GateHeaders& headers) const {
  if (std::optional<Status> refusal = CheckFraming(req, headers)) return refusal;
  Status exposure = CheckBrowser(OriginPath(req.path), headers);
  if (!exposure.ok()) return exposure;
  return CheckBody(headers);
}

// Framing first (RFC 9112 §3.2, §6.3): two Host headers, or two different lengths, are how a
// request is smuggled past a check that reads one of them.
std::optional<Status> RequestGate::CheckFraming(const httplib::Request& req, const GateHeaders& headers) const {
  const size_t hosts = headers.count(GateHeaders::kHost);
  if (hosts > 1 || (hosts == 0 && req.version == "HTTP/1.1")) {
    return Status::BadRequest("An HTTP/1.1 request must carry exactly one Host header; this one carries " +
                              std::to_string(hosts) + ".");
  }
  if (headers.lengths_differ()) {
    return Status::BadRequest("The request carries Content-Length headers with different values.");
  }
  return std::nullopt;
}

Status RequestGate::CheckBrowser(const std::string& path, const GateHeaders& headers) const {
  const std::optional<std::string> host = headers.Get(GateHeaders::kHost);
  // An IP address cannot be rebound: only a DNS name can point a page's origin at this machine.
  if (host && !IsOwnName(HostOf(*host)) && !IsIpv4(HostOf(*host)) && !IsIpv6(HostOf(*host))) {
    return Denied("The Host '" + *host +
                  "' is not a name of this server, so the request is refused (a web page can rebind its "
                  "own name to this machine). Use localhost or an IP address, or start the server with "
                  "--allowed-host " + HostOf(*host) + ".");
  }
  if (const std::optional<std::string> origin = headers.Get(GateHeaders::kOrigin)) {
    const bool same_origin = host && Lowercase(*origin) == "http://" + Lowercase(*host);
    const std::optional<std::string> authority = OriginAuthority(*origin);
    if (!same_origin && !(authority && IsOwnName(HostOf(*authority)))) {
      return Denied("The request comes from a web page of another site (Origin '" + *origin +
                    "'); securityhub-mock answers only pages it serves itself and pages of this machine. "
                    "AWS clients send no Origin.");
    }
  }
  if (const std::optional<std::string> site = headers.Get(GateHeaders::kSecFetchSite);
      site && Lowercase(*site) == "cross-site") {
    return Denied("The request comes from a web page of another site (Sec-Fetch-Site: cross-site); "
                  "securityhub-mock answers only pages it serves itself and pages of this machine.");
  }
  if (config_.control_api && IsControlPath(path)) {
    const std::optional<std::string> type = headers.Get(GateHeaders::kContentType);
    const std::string media = type ? Lowercase(type->substr(0, type->find(';'))) : "";
    const std::string trimmed = media.substr(0, media.find_last_not_of(" \t") + 1);
    if ((type || headers.HasBody()) && trimmed != "application/json") {
      return Status::Error(ErrorCode::kUnsupportedMediaType,
                           "The control API takes a JSON body (Content-Type: application/json) or none, not " +
                               (type ? "Content-Type '" + *type + "'" : std::string("a body without Content-Type")) +
                               ".");
    }
  }
  return Status::OK();
}

std::optional<Status> RequestGate::CheckBody(const GateHeaders& headers) const {
  using H = GateHeaders;
  const std::string& encoding = headers.value(H::kContentEncoding);
  if (!encoding.empty() && encoding != "identity") {
    // AWS clients do not compress requests to this API; inflating one could exceed any limit.
    return Status::Error(ErrorCode::kUnsupportedMediaType,
                         "Content-Encoding '" + encoding + "' is not supported: send the request body uncompressed.");
  }
  const std::string& type = headers.value(H::kContentType);
  if (type.rfind("multipart/", 0) == 0) {
    return Status::Error(ErrorCode::kUnsupportedMediaType,
                         "Content-Type '" + type + "' is not supported: send the request body as application/json.");
  }
  const bool chunked = headers.has(H::kTransferEncoding);
  if (chunked && headers.value(H::kTransferEncoding) != "chunked") {
    return Status::BadRequest("Transfer-Encoding '" + headers.value(H::kTransferEncoding) +
                              "' is not supported: send a Content-Length or Transfer-Encoding: chunked.");
  }
  if (!headers.has(H::kContentLength)) return std::nullopt;
  if (chunked) {
    return Status::BadRequest("A request must not carry both Content-Length and Transfer-Encoding.");
  }
  const std::string& length = headers.value(H::kContentLength);
  if (length.empty() || !std::all_of(length.begin(), length.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return Status::BadRequest("Content-Length '" + length + "' is not a number of bytes.");
  }
  const size_t digits = length.find_first_not_of('0') == std::string::npos ? 0 : length.size() - length.find_first_not_of('0');
  if (digits > 18 || std::stoull(length) > config_.max_body_bytes) return BodyTooLarge(config_.max_body_bytes);
  return std::nullopt;
}

bool RequestGate::IsOwnName(const std::string& host) const {
  if (IsLoopback(host)) return true;
  const std::string bound = Lowercase(config_.host);
  if (host == bound || host == "[" + bound + "]") return bound != "0.0.0.0" && bound != "::";
  return std::any_of(config_.allowed_hosts.begin(), config_.allowed_hosts.end(),
                     [&](const std::string& name) { return HostOf(name) == host; });
}

std::string OriginPath(const std::string& target) {
  for (const char* scheme : {"http://", "https://"}) {
    if (target.rfind(scheme, 0) == 0) {
      size_t slash = target.find('/', std::strlen(scheme));
      return slash == std::string::npos ? "/" : target.substr(slash);
    }
  }
  return target;
}

Status HeadersTooLarge() {
  return Status::Error(ErrorCode::kRequestHeadersTooLarge,
                       "The request line and headers are larger than " + std::to_string(kMaxHeaderBytes) + " bytes.");
}

Status HeadersTimedOut(int header_timeout_sec) {
  return Status::Error(ErrorCode::kRequestTimeout,
                       "The request line and headers did not arrive within " + std::to_string(header_timeout_sec) +
                           (header_timeout_sec == 1 ? " second" : " seconds") + " of their first byte.");
}

Status BodyTooLarge(size_t max_body_bytes) {
  return Status::Error(ErrorCode::kRequestTooLarge,
                       "The request body is larger than " + std::to_string(max_body_bytes) + " bytes.");
}

Status BodyTimedOut(int body_timeout_sec) {
  return Status::Error(ErrorCode::kRequestTimeout,
                       "The request body did not arrive within " + std::to_string(body_timeout_sec) +
                           (body_timeout_sec == 1 ? " second" : " seconds") + " of its headers.");
}

Status BodyUnreadable() {
  return Status::BadRequest("The request body could not be read: it ended early or its chunked framing is malformed.");
}

Status Overloaded() {
  return Status::Error(ErrorCode::kServiceUnavailable,
                       "securityhub-mock is at its limit of busy worker threads (--threads) or open connections "
                       "(--max-connections): retry shortly.");
}

}  // namespace shmock
