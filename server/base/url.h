// Url: the percent codec, written once for the query strings SigV4 signs and the form bodies
// STS reads.
#ifndef SHMOCK_BASE_URL_H_
#define SHMOCK_BASE_URL_H_

#include <string>
#include <string_view>

namespace shmock {

// application/x-www-form-urlencoded decoding, as the clients' own signature verifiers do it:
// '+' is a space, %XX a byte (either case), and a malformed escape stays as it is.
std::string FormDecode(std::string_view s);

// RFC 3986 encoding: every byte but the unreserved characters A-Z a-z 0-9 - _ . ~ (and '/'
// when `keep_slash`) as %XX in uppercase hex.
std::string UriEncode(std::string_view s, bool keep_slash);

}  // namespace shmock

#endif  // SHMOCK_BASE_URL_H_
