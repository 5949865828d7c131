#include "ip_cidr.h"

#include <arpa/inet.h>

#include <cstring>

namespace shmock {

bool ParseIpAddress(std::string_view text, IpAddress* out) {
  // inet_pton wants a C string: copy into a stack buffer (the longest IPv6 text is 45 chars).
  char buffer[INET6_ADDRSTRLEN + 1];
  if (text.empty() || text.size() >= sizeof buffer) return false;
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  IpAddress parsed;
  parsed.v6 = text.find(':') != std::string_view::npos;
  if (inet_pton(parsed.v6 ? AF_INET6 : AF_INET, buffer, parsed.bytes.data()) != 1) return false;
  *out = parsed;
  return true;
}

bool CidrBlock::Parse(std::string_view text, CidrBlock* out) {
  const size_t slash = text.find('/');
  CidrBlock block;
  if (!ParseIpAddress(text.substr(0, slash), &block.network_)) return false;
  const int max = block.network_.v6 ? 128 : 32;
  block.prefix_ = max;
  if (slash != std::string_view::npos) {
    const std::string_view length = text.substr(slash + 1);
    if (length.empty() || length.size() > 3) return false;
    int value = 0;
    for (char c : length) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    if (value > max) return false;
    block.prefix_ = value;
  }
  // Clear the host bits once, so Contains compares whole bytes and one masked byte.
  for (int bit = block.prefix_; bit < max; ++bit) {
    block.network_.bytes[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
  }
  *out = block;
  return true;
}

bool CidrBlock::Contains(const IpAddress& address) const {
  if (address.v6 != network_.v6) return false;
  const int whole = prefix_ / 8, rest = prefix_ % 8;
  if (std::memcmp(address.bytes.data(), network_.bytes.data(), whole) != 0) return false;
  if (rest == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xFFu << (8 - rest));
  return (address.bytes[whole] & mask) == network_.bytes[whole];
}

bool CidrBlock::Contains(std::string_view address) const {
  IpAddress parsed;
  return ParseIpAddress(address, &parsed) && Contains(parsed);
}

}  // namespace shmock
