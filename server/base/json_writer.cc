#include "base/json_writer.h"

#include <charconv>

#include "base/time.h"
#include "base/utf8.h"

namespace shmock {
namespace {

const char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

bool IsPlain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

void AppendEscapedAscii(unsigned char c, std::string* out) {
  switch (c) {
    case '"': out->append("\\\""); return;
    case '\\': out->append("\\\\"); return;
    case '\b': out->append("\\b"); return;
    case '\f': out->append("\\f"); return;
    case '\n': out->append("\\n"); return;
    case '\r': out->append("\\r"); return;
    case '\t': out->append("\\t"); return;
    default: {
      static const char kHex[] = "0123456789abcdef";
      const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out->append(escape, sizeof escape);
    }
  }
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t i = 0, plain_from = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (IsPlain(c)) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const Utf8Sequence seq = ReadUtf8Sequence(s, i);
      if (seq.valid) {  // kept as it is, part of the plain run
        i += seq.length;
        continue;
      }
      out->append(s.data() + plain_from, i - plain_from);
      out->append(kReplacement);
      // As nlohmann does: a bad lead byte is dropped; a sequence broken later is dropped up to
      // the byte that broke it, which is then read again as the start of what follows.
      i += seq.length == 0 ? 1 : seq.length;
      plain_from = i;
      continue;
    }
    out->append(s.data() + plain_from, i - plain_from);
    AppendEscapedAscii(c, out);
    plain_from = ++i;
  }
  out->append(s.data() + plain_from, s.size() - plain_from);
  out->push_back('"');
}

void JsonWriter::Key(std::string_view name) {
  Separate();
  AppendJsonString(name, &out_);
  out_.push_back(':');
  after_value_ = false;
}

void JsonWriter::String(std::string_view value) {
  Separate();
  AppendJsonString(value, &out_);
  after_value_ = true;
}

void JsonWriter::Int(int64_t value) {
  Separate();
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out_.append(buf, end);
  after_value_ = true;
}

void JsonWriter::Bool(bool value) {
  Separate();
  out_.append(value ? "true" : "false");
  after_value_ = true;
}

void JsonWriter::Timestamp(Millis t) {
  char buf[] = "\"0000-00-00T00:00:00.000Z\"";
  if (!WriteIso8601Millis(t, buf + 1)) {  // beyond what four digits hold: not a Security Hub time
    String(FormatIso8601Millis(t));
    return;
  }
  Separate();
  out_.append(buf, sizeof buf - 1);
  after_value_ = true;
}

}  // namespace shmock
