// JsonWriter: writes one JSON document straight into a single std::string, for the response
// bodies the mock renders (render.h) on every call.
//
// The output is byte for byte what nlohmann's dump(-1, ' ', false, error_handler_t::replace)
// writes for the same values in the same order: no whitespace, `"` `\` and the control
// characters escaped (\b \f \n \r \t by name, the others as \u00xx in lowercase hex), other
// bytes kept as they are, and each invalid UTF-8 sequence replaced by U+FFFD exactly where
// nlohmann replaces it. Timestamps are written as Security Hub's ISO 8601 with milliseconds.
// The caller nests Begin/End calls correctly and puts a Key before every value of an object;
// the writer does not check.
#ifndef SHMOCK_BASE_JSON_WRITER_H_
#define SHMOCK_BASE_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "shmock/clock.h"

namespace shmock {

class JsonWriter {
 public:
  // `expected_size`: bytes reserved up front, so a body of about that size is written without
  // reallocating.
  explicit JsonWriter(size_t expected_size = 256) { out_.reserve(expected_size); }

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  void Key(std::string_view name);
  void String(std::string_view value);
  void Int(int64_t value);
  void Bool(bool value);
  // A JSON number as nlohmann writes a double (the shortest text that reads back the same).
  void Double(double value);
  // 2021-10-22T11:31:48.385Z, as a JSON string (FormatIso8601Millis's text).
  void Timestamp(Millis t);
  // A value already written as JSON (a stored finding's document), copied as it is.
  void Json(std::string_view json_text) {
    Separate();
    out_.append(json_text);
    after_value_ = true;
  }

  // The document written so far; the writer is empty afterwards.
  std::string Take() { return std::move(out_); }

 private:
  void Separate() {
    if (after_value_) out_.push_back(',');
  }
  void Open(char c) {
    Separate();
    out_.push_back(c);
    after_value_ = false;
  }
  void Close(char c) {
    out_.push_back(c);
    after_value_ = true;
  }
  void Escaped(std::string_view s);

  std::string out_;
  bool after_value_ = false;  // the next value or key needs a comma before it
};

// Appends `s` to `out` as a JSON string, quotes included, escaped as described above.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace shmock

#endif  // SHMOCK_BASE_JSON_WRITER_H_
