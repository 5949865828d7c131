// Ids: the identifiers the service hands out, and the URL-safe encoding of opaque tokens.
//
// Random values come from one per-thread generator seeded from the OS, so no call takes a
// lock. They identify things; they protect nothing, so they need not be cryptographic.
#ifndef SHMOCK_IDS_H_
#define SHMOCK_IDS_H_

#include <cstddef>
#include <string>

namespace shmock {

// 32 lowercase hex digits, the form of a Security Hub InvitationId.
std::string NewInvitationId();
// A random (version 4) UUID in lowercase, the form of AWS's x-amzn-RequestId.
std::string NewRequestId();

// `length` characters of `alphabet`, from OpenSSL's RAND_bytes: the material of temporary
// credentials (a secret access key, a session token), which --strict-auth checks signatures with.
std::string RandomCharacters(const std::string& alphabet, size_t length);
// `length` characters of `alphabet` derived from `seed` (SHA-256): the same seed always gives
// the same string, as a role's unique id stays the same however often it is assumed.
std::string StableCharacters(const std::string& seed, const std::string& alphabet, size_t length);

// Base64 with the URL-safe alphabet (RFC 4648 §5) and no padding, so a token survives a
// query string unescaped. Decoding refuses any other character and any impossible length.
std::string Base64UrlEncode(const std::string& bytes);
bool Base64UrlDecode(const std::string& text, std::string* bytes);

}  // namespace shmock

#endif  // SHMOCK_IDS_H_
