// Utf8: walking UTF-8 text, written once for the model's length checks (which count
// characters), header values (one '?' per character) and the JSON writer (which replaces
// ill-formed sequences exactly where nlohmann does).
#ifndef SHMOCK_BASE_UTF8_H_
#define SHMOCK_BASE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace shmock {

// A byte that continues a multi-byte sequence (10xxxxxx) rather than starting a character.
inline bool IsUtf8Continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The characters of `s`: its bytes that start one. A stray continuation byte counts nothing.
size_t Utf8Length(std::string_view s);

// The well-formed UTF-8 sequence (RFC 3629's table: no overlong forms, no surrogates, nothing
// above U+10FFFF) that starts at s[i], whose lead byte is >= 0x80: its length with `valid`; or,
// when it is ill-formed, the 0-based position of the first byte that breaks it (0: the lead
// byte itself), with `valid` false. A sequence cut off by the end of `s` breaks at s.size() - i.
struct Utf8Sequence {
  bool valid;
  size_t length;
};
Utf8Sequence ReadUtf8Sequence(std::string_view s, size_t i);

}  // namespace shmock

#endif  // SHMOCK_BASE_UTF8_H_
