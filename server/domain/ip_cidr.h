// IP addresses and CIDR blocks for the IpFilter of the finding filter language: a block parsed
// once into bytes and a prefix length, and a test of a finding's address against it that
// allocates nothing.
#ifndef SHMOCK_DOMAIN_IP_CIDR_H_
#define SHMOCK_DOMAIN_IP_CIDR_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace shmock {

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4
};

// An IPv4 dotted quad (no leading zeros) or an IPv6 address in any RFC 4291 text form.
bool ParseIpAddress(std::string_view text, IpAddress* out);

class CidrBlock {
 public:
  // "address/length" with length 0-32 (IPv4) or 0-128 (IPv6), or a bare address, which is the
  // block of that one address. Bits past the prefix are ignored: 10.1.2.3/8 is 10.0.0.0/8.
  static bool Parse(std::string_view text, CidrBlock* out);
  // Whether `address` (a finding's value, as text) lies in the block. An address of the other
  // family, or text that is no address, is never inside.
  bool Contains(std::string_view address) const;
  bool Contains(const IpAddress& address) const;

 private:
  IpAddress network_;
  int prefix_ = 0;
};

}  // namespace shmock

#endif  // SHMOCK_DOMAIN_IP_CIDR_H_
