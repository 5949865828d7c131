// Clock: where the domain gets "now" from, so tests can use a fake one.
#ifndef SHMOCK_CLOCK_H_
#define SHMOCK_CLOCK_H_

#include <chrono>
#include <cstdint>
#include <string>

namespace shmock {

using Millis = int64_t;  // milliseconds since the Unix epoch, UTC

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis NowMillis() = 0;
};

class SystemClock : public Clock {
 public:
  Millis NowMillis() override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};

// ISO 8601 UTC with milliseconds, the wire format of Security Hub timestamps:
// 2021-10-22T11:31:48.385Z
std::string FormatIso8601Millis(Millis t);
// The inverse, for that form and the same without the fraction; false for anything else.
bool ParseIso8601Millis(const std::string& text, Millis* t);

}  // namespace shmock

#endif  // SHMOCK_CLOCK_H_
