#include "base/utf8.h"

namespace shmock {

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += !IsUtf8Continuation(c);
  return n;
}

Utf8Sequence ReadUtf8Sequence(std::string_view s, size_t i) {
  const unsigned char lead = static_cast<unsigned char>(s[i]);
  size_t length;
  unsigned char second_low = 0x80, second_high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_low = 0xA0;   // no overlong forms
    if (lead == 0xED) second_high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_low = 0x90;
    if (lead == 0xF4) second_high = 0x8F;  // nothing above U+10FFFF
  } else {
    return {false, 0};
  }
  for (size_t k = 1; k < length; ++k) {
    if (i + k >= s.size()) return {false, k};
    const unsigned char c = static_cast<unsigned char>(s[i + k]);
    const unsigned char low = k == 1 ? second_low : 0x80, high = k == 1 ? second_high : 0xBF;
    if (c < low || c > high) return {false, k};
  }
  return {true, length};
}

}  // namespace shmock
