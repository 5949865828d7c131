#include "shmock/sigv4.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <string_view>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "base/time.h"
#include "base/url.h"
#include "shmock/records.h"

namespace shmock {
namespace {

const char kAlgorithm[] = "AWS4-HMAC-SHA256";

// AWS's wording for a malformed Authorization header: what is wrong, then the header.
Status Incomplete(const std::string& what, const std::string& header) {
  return Status::Error(ErrorCode::kIncompleteSignature, what + " Authorization=" + header);
}

std::string Hex(const unsigned char* bytes, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xF];
  }
  return out;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return Hex(digest, sizeof digest);
}

std::string HmacSha256(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &n);
  return std::string(reinterpret_cast<const char*>(mac), n);
}

// Every service but S3 signs the path encoded once more: clients encode what they send again,
// so a '%' in the path signs as "%25".
std::string CanonicalPath(const std::string& path) { return path.empty() ? "/" : UriEncode(path, true); }

// The query's pairs, decoded then encoded the one RFC 3986 way, sorted by name, then value.
std::string CanonicalQuery(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t pos = 0;
  while (pos < query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string::npos) amp = query.size();
    const std::string pair = query.substr(pos, amp - pos);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      pairs.emplace_back(UriEncode(FormDecode(pair.substr(0, eq)), false),
                         eq == std::string::npos ? "" : UriEncode(FormDecode(pair.substr(eq + 1)), false));
    }
    pos = amp + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

// A header value as signed: trimmed, each run of spaces one space.
std::string CanonicalValue(const std::string& value) {
  std::string out;
  bool space = false;
  for (char c : Trim(value)) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// yyyymmddTHHMMSSZ as seconds since the epoch; false if it is not that form.
bool ParseAmzDate(const std::string& text, std::time_t* out) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return false;
  for (size_t i : {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  std::tm tm{};
  tm.tm_year = std::stoi(text.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(text.substr(4, 2)) - 1;
  tm.tm_mday = std::stoi(text.substr(6, 2));
  tm.tm_hour = std::stoi(text.substr(9, 2));
  tm.tm_min = std::stoi(text.substr(11, 2));
  tm.tm_sec = std::stoi(text.substr(13, 2));
  if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60) {
    return false;
  }
  *out = timegm(&tm);
  return true;
}

std::string Scope(const SigV4Credential& c) {
  return c.date + "/" + c.region + "/" + c.service + "/aws4_request";
}

}  // namespace

Status ParseAuthorization(const std::string& header, SigV4Credential* credential) {
  // Read through views of `header`: this runs on every request, so it copies only the six
  // fields it keeps.
  const std::string_view h = Trim(header);
  constexpr std::string_view algorithm(kAlgorithm, sizeof(kAlgorithm) - 1);
  if (h.substr(0, algorithm.size()) != algorithm || h.size() == algorithm.size() || h[algorithm.size()] != ' ') {
    return Incomplete("Authorization header must use the AWS4-HMAC-SHA256 algorithm.", header);
  }
  std::string_view cred, signed_headers, signature;
  const std::string_view rest = h.substr(algorithm.size() + 1);
  size_t pos = 0;
  while (pos <= rest.size()) {
    const size_t comma = rest.find(',', pos);
    const std::string_view part = Trim(rest.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos) {
      const std::string_view key = part.substr(0, eq), value = part.substr(eq + 1);
      if (key == "Credential") cred = value;
      else if (key == "SignedHeaders") signed_headers = value;
      else if (key == "Signature") signature = value;
    }
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  if (cred.empty()) return Incomplete("Authorization header requires 'Credential' parameter.", header);
  if (signed_headers.empty()) return Incomplete("Authorization header requires 'SignedHeaders' parameter.", header);
  if (signature.empty()) return Incomplete("Authorization header requires 'Signature' parameter.", header);

  // AKID/date/region/service/aws4_request, split from the right.
  std::string_view scope[4];
  std::string_view remaining = cred;
  for (int i = 3; i >= 0; --i) {
    const size_t slash = remaining.rfind('/');
    if (slash == std::string_view::npos) {
      return Incomplete("Credential must have the form <key>/<date>/<region>/<service>/aws4_request.", header);
    }
    scope[i] = remaining.substr(slash + 1);
    remaining = remaining.substr(0, slash);
  }
  if (scope[3] != "aws4_request") {
    return Incomplete("Credential should be scoped with a valid terminator: 'aws4_request'.", header);
  }
  if (!IsRegionName(scope[1])) {
    return Incomplete("Credential should be scoped to a valid region, not '" + std::string(scope[1]) + "'.", header);
  }
  // Signing names have a Region name's shape: lowercase words with digits or '-' (securityhub,
  // sts, s3-outposts).
  if (!IsRegionName(scope[2])) {
    return Incomplete("Credential should be scoped to a valid service, not '" + std::string(scope[2]) + "'.", header);
  }
  credential->access_key_id = remaining;
  credential->date = scope[0];
  credential->region = scope[1];
  credential->service = scope[2];
  credential->signed_headers = signed_headers;
  credential->signature = signature;
  return Status::OK();
}

std::string CanonicalRequest(const SignedRequest& request, const std::string& signed_headers) {
  std::string headers;
  size_t pos = 0;
  while (pos <= signed_headers.size()) {
    size_t semi = signed_headers.find(';', pos);
    if (semi == std::string::npos) semi = signed_headers.size();
    const std::string name = signed_headers.substr(pos, semi - pos);
    // A header named more than once signs as its values joined by ','; a signed header the
    // request lacks signs as empty, so the signature will not match.
    std::string values;
    auto [from, to] = request.headers.equal_range(name);
    for (auto it = from; it != to; ++it) values += (it == from ? "" : ",") + CanonicalValue(it->second);
    headers += name + ":" + values + "\n";
    pos = semi + 1;
  }
  return request.method + "\n" + CanonicalPath(request.path) + "\n" + CanonicalQuery(request.query) + "\n" +
         headers + "\n" + signed_headers + "\n" + Sha256Hex(request.body);
}

std::string StringToSign(const std::string& amz_date, const SigV4Credential& credential,
                         const std::string& canonical_request) {
  return std::string(kAlgorithm) + "\n" + amz_date + "\n" + Scope(credential) + "\n" + Sha256Hex(canonical_request);
}

std::string Sign(const std::string& secret, const SigV4Credential& credential, const std::string& string_to_sign) {
  std::string key = HmacSha256("AWS4" + secret, credential.date);
  key = HmacSha256(key, credential.region);
  key = HmacSha256(key, credential.service);
  key = HmacSha256(key, "aws4_request");
  const std::string mac = HmacSha256(key, string_to_sign);
  return Hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

Status VerifySignature(const SignedRequest& request, const SigV4Credential& credential,
                       const std::string& secret, std::time_t now) {
  auto date_header = request.headers.find("x-amz-date");
  if (date_header == request.headers.end()) {
    auto authorization = request.headers.find("authorization");
    return Incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
                      authorization == request.headers.end() ? "" : authorization->second);
  }
  const std::string amz_date(Trim(date_header->second));
  std::time_t signed_at = 0;
  if (!ParseAmzDate(amz_date, &signed_at)) {
    return Status::Error(ErrorCode::kIncompleteSignature,
                         "X-Amz-Date '" + amz_date + "' is not a date of the form yyyymmddTHHMMSSZ (UTC).");
  }
  if (amz_date.compare(0, 8, credential.date) != 0) {
    return Status::Error(ErrorCode::kInvalidSignature,
                         "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
                             credential.date + "' != '" + amz_date.substr(0, 8) + "', from '" + amz_date + "'.");
  }
  if (signed_at < now - kMaxClockSkewSeconds) {
    return Status::Error(ErrorCode::kInvalidSignature,
                         "Signature expired: " + amz_date + " is now earlier than " +
                             FormatAmzDate(now - kMaxClockSkewSeconds) + " (" + FormatAmzDate(now) + " - 15 min.)");
  }
  if (signed_at > now + kMaxClockSkewSeconds) {
    return Status::Error(ErrorCode::kInvalidSignature,
                         "Signature not yet current: " + amz_date + " is still later than " +
                             FormatAmzDate(now + kMaxClockSkewSeconds) + " (" + FormatAmzDate(now) + " + 15 min.)");
  }
  const std::string expected =
      Sign(secret, credential, StringToSign(amz_date, credential, CanonicalRequest(request, credential.signed_headers)));
  // Compared in constant time, so the reply's timing says nothing about the right signature.
  if (credential.signature.size() != expected.size() ||
      CRYPTO_memcmp(credential.signature.data(), expected.data(), expected.size()) != 0) {
    return Status::Error(ErrorCode::kInvalidSignature,
                         "The request signature we calculated does not match the signature you provided. Check your "
                         "AWS Secret Access Key and signing method. Consult the service documentation for details.");
  }
  return Status::OK();
}

}  // namespace shmock
