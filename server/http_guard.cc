#include "shmock/http_guard.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "base/strings.h"
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

bool HttpGuard::IsOwnName(const std::string& host) const {
  if (IsLoopback(host)) return true;
  const std::string bound = Lowercase(config_.host);
  if (host == bound || host == "[" + bound + "]") return bound != "0.0.0.0" && bound != "::";
  return std::any_of(config_.allowed_hosts.begin(), config_.allowed_hosts.end(),
                     [&](const std::string& name) { return HostOf(name) == host; });
}

Status HttpGuard::Check(const std::string& path, bool has_body, const HeaderLookup& header) const {
  const std::optional<std::string> host = header("Host");
  // An IP address cannot be rebound: only a DNS name can point a page's origin at this machine.
  if (host && !IsOwnName(HostOf(*host)) && !IsIpv4(HostOf(*host)) && !IsIpv6(HostOf(*host))) {
    return Denied("The Host '" + *host +
                  "' is not a name of this server, so the request is refused (a web page can rebind its "
                  "own name to this machine). Use localhost or an IP address, or start the server with "
                  "--allowed-host " + HostOf(*host) + ".");
  }
  if (const std::optional<std::string> origin = header("Origin")) {
    const bool same_origin = host && Lowercase(*origin) == "http://" + Lowercase(*host);
    const std::optional<std::string> authority = OriginAuthority(*origin);
    if (!same_origin && !(authority && IsOwnName(HostOf(*authority)))) {
      return Denied("The request comes from a web page of another site (Origin '" + *origin +
                    "'); securityhub-mock answers only pages it serves itself and pages of this machine. "
                    "AWS clients send no Origin.");
    }
  }
  if (const std::optional<std::string> site = header("Sec-Fetch-Site"); site && Lowercase(*site) == "cross-site") {
    return Denied("The request comes from a web page of another site (Sec-Fetch-Site: cross-site); "
                  "securityhub-mock answers only pages it serves itself and pages of this machine.");
  }
  if (config_.control_api && IsControlPath(path)) {
    const std::optional<std::string> type = header("Content-Type");
    const std::string media = type ? Lowercase(type->substr(0, type->find(';'))) : "";
    const std::string trimmed = media.substr(0, media.find_last_not_of(" \t") + 1);
    if ((type || has_body) && trimmed != "application/json") {
      return Status::Error(ErrorCode::kUnsupportedMediaType,
                           "The control API takes a JSON body (Content-Type: application/json) or none, not " +
                               (type ? "Content-Type '" + *type + "'" : std::string("a body without Content-Type")) +
                               ".");
    }
  }
  return Status::OK();
}

}  // namespace shmock
