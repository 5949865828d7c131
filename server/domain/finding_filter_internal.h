// The compiled form of a FindingFilter: what finding_filter_parse.cc builds once per request
// and finding_filter.cc tests against each finding. Values are pre-parsed (timestamps to
// milliseconds, CIDR blocks to bytes) so that a test allocates nothing.
#ifndef SHMOCK_DOMAIN_FINDING_FILTER_INTERNAL_H_
#define SHMOCK_DOMAIN_FINDING_FILTER_INTERNAL_H_

#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "ip_cidr.h"
#include "shmock/finding_filter.h"

namespace shmock {

// How a string (or a map entry's value) is compared; the polarity is which list holds it.
enum class TextOp { kEquals, kPrefix, kContains };

struct TextTest {
  TextOp op;
  std::string value;
  bool Hit(std::string_view text) const {
    switch (op) {
      case TextOp::kEquals: return text == value;
      case TextOp::kPrefix: return text.substr(0, value.size()) == value;
      case TextOp::kContains: return text.find(value) != std::string_view::npos;
    }
    return false;
  }
};

// One MapFilter: the entry `key` of a map, its value tested like a string.
struct MapTest {
  std::string key;
  TextTest test;
};

// The bounds of one NumberFilter, AND-ed.
struct NumberTest {
  double low = -std::numeric_limits<double>::infinity();
  bool low_strict = false;
  double high = std::numeric_limits<double>::infinity();
  bool high_strict = false;
  // Narrows the range by one more bound (bounds of one filter are AND-ed).
  void AtLeast(double v, bool strict) {
    if (v > low || (v == low && strict)) low = v, low_strict = strict;
  }
  void AtMost(double v, bool strict) {
    if (v < high || (v == high && strict)) high = v, high_strict = strict;
  }
  bool Hit(double v) const {
    return (low_strict ? v > low : v >= low) && (high_strict ? v < high : v <= high);
  }
};

// One DateFilter as an inclusive instant range (DateRange already resolved against `now`).
struct DateTest {
  Millis first = std::numeric_limits<Millis>::min();
  Millis last = std::numeric_limits<Millis>::max();
  bool Hit(Millis t) const { return first <= t && t <= last; }
};

// The condition on one attribute: which members are used depends on its FilterType. A finding
// passes when some value hits a positive test (or there are none) and no value hits a
// negative one; for the other types, when some value hits some test.
struct Condition {
  const FindingAttribute* attribute = nullptr;
  std::vector<TextTest> positives, negatives;          // kString
  std::vector<MapTest> map_positives, map_negatives;   // kMap
  std::vector<NumberTest> numbers;                     // kNumber
  std::vector<DateTest> dates;                         // kDate
  std::vector<CidrBlock> blocks;                       // kIp
  bool accepts_true = false, accepts_false = false;    // kBoolean
  std::vector<std::string> keywords;                   // kKeyword
};

struct FindingFilter::Compiled {
  std::vector<Condition> conditions;  // model order of their attributes
};

// `text` for a message: at most 64 bytes, cut at a character boundary, "..." when cut.
std::string Shortened(std::string_view text);

// Builds the condition of one attribute from its filter list (finding_filter_parse.cc).
Status CompileCondition(const FindingAttribute& attribute, const nlohmann::json& filters,
                        Millis now, Condition* out);

}  // namespace shmock

#endif  // SHMOCK_DOMAIN_FINDING_FILTER_INTERNAL_H_
