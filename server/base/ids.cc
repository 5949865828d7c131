#include "shmock/ids.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstdint>
#include <random>
#include <string>

namespace shmock {
namespace {

uint64_t RandomBits() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng();
}

// Appends the low `digits` hex digits of `bits`, most significant first. Request ids are made
// on every call, so this replaces snprintf's format parsing.
void AppendHex(uint64_t bits, int digits, std::string* out) {
  static const char kDigits[] = "0123456789abcdef";
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) *out += kDigits[(bits >> shift) & 0xF];
}

}  // namespace

std::string NewInvitationId() {
  std::string id;
  id.reserve(32);
  AppendHex(RandomBits(), 16, &id);
  AppendHex(RandomBits(), 16, &id);
  return id;
}

std::string NewRequestId() {
  uint64_t a = RandomBits(), b = RandomBits();
  a = (a & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  // 8-4-4-4-12 hex digits.
  std::string id;
  id.reserve(36);
  AppendHex(a >> 32, 8, &id);
  id += '-';
  AppendHex(a >> 16, 4, &id);
  id += '-';
  AppendHex(a, 4, &id);
  id += '-';
  AppendHex(b >> 48, 4, &id);
  id += '-';
  AppendHex(b, 12, &id);
  return id;
}

std::string RandomCharacters(const std::string& alphabet, size_t length) {
  std::string bytes(length, '\0');
  // 256 is not a multiple of most alphabets' sizes; the slight bias does not matter here.
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(length)) != 1) {
    for (char& c : bytes) c = static_cast<char>(RandomBits());  // RAND_bytes never fails on Linux
  }
  std::string out;
  out.reserve(length);
  for (char c : bytes) out += alphabet[static_cast<unsigned char>(c) % alphabet.size()];
  return out;
}

std::string StableCharacters(const std::string& seed, const std::string& alphabet, size_t length) {
  std::string out;
  out.reserve(length);
  // Each block of 32 characters hashes the seed with the block's number.
  for (size_t block = 0; out.size() < length; ++block) {
    const std::string input = seed + '\0' + std::to_string(block);
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
    for (unsigned char b : digest) {
      if (out.size() == length) break;
      out += alphabet[b % alphabet.size()];
    }
  }
  return out;
}

std::string Base64UrlEncode(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

bool Base64UrlDecode(const std::string& text, std::string* bytes) {
  bytes->clear();
  if (text.size() % 4 == 1) return false;  // no byte count encodes to this length
  std::string standard = text;
  for (char& c : standard) {
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (!alnum) return false;  // EVP_DecodeBlock would skip blanks; a token has none
  }
  const size_t padding = (4 - standard.size() % 4) % 4;
  standard.append(padding, '=');
  std::string out(standard.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(standard.data()),
                                static_cast<int>(standard.size()));
  if (n < 0) return false;
  out.resize(static_cast<size_t>(n) - padding);  // EVP_DecodeBlock counts the padding as bytes
  *bytes = std::move(out);
  return true;
}

}  // namespace shmock
