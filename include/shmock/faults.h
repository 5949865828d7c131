// Faults: rules that make chosen Security Hub calls fail, or wait, on purpose, so that a
// client's retry and error handling can be tested (POST, GET and DELETE /_mock/faults).
//
// A rule names an operation (or "*"), optionally one account and one Region. It applies to the
// next `count` calls it matches, or to each matching call with a `probability`. Applied, it
// delays the call by `delayMs` and then lets it run, or answers `error` (status, code, message)
// instead of running it, or both: waits, then answers the error. The Dispatcher asks before the
// operation runs, so a call answered with an error has changed nothing.
//
// Rules are tried in the order they were armed and the first that applies decides. Every rule a
// call matches counts it (`matched`), applied or not, so a test can count its client's attempts
// at the server. A rule whose count is spent stays listed, with `remaining` 0, until DELETE.
//
// The rule document is the API: rules arrive and are listed as JSON, and a bad one is refused
// with an InvalidInputException that names the member at fault. Bounds: kMaxRules rules,
// delayMs up to kMaxDelayMs, count up to kMaxCount, error status 400-599.
#ifndef SHMOCK_FAULTS_H_
#define SHMOCK_FAULTS_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "shmock/status.h"

namespace shmock {

struct FaultError {
  int status = 0;
  std::string code;
  std::string message;  // may be empty, as AWS's transient BadRequestException is
};

// One thing an applied rule does to a call. A new kind (closing the connection, answering a
// malformed body) is one more Kind, one more member of the rule document, and one more case
// where the Dispatcher applies the effects (dispatcher.cc), which the compiler points out.
struct FaultEffect {
  enum class Kind {
    kDelay,  // wait `delay_ms`, then go on
    kError,  // answer `error` instead of running the call
  };
  Kind kind = Kind::kDelay;
  int delay_ms = 0;
  FaultError error;
};

// What the Dispatcher does to one call, in order; no effects: run the call as usual. A rule's
// delay comes before its error.
struct FaultDecision {
  std::vector<FaultEffect> effects;
};

class Faults {
 public:
  static constexpr size_t kMaxRules = 100;
  static constexpr int kMaxDelayMs = 10000;  // below every client's default read timeout
  static constexpr int64_t kMaxCount = 1000000;

  // `operations`: what a rule may name besides "*" (the operations the mock implements).
  // `seed` drives probability rules, so a test can make them repeatable.
  Faults(std::set<std::string> operations, uint64_t seed = std::random_device()());

  // Validates the rule document `rule_json` and arms it. `*stored` is the rule as List shows it,
  // with its `id`.
  Status Arm(const std::string& rule_json, std::string* stored);
  // {"rules": [...]}, in the order they were armed.
  std::string List() const;
  void Clear();

  // Called once for every call before it runs. Costs one atomic load while no rule is armed.
  FaultDecision Decide(const std::string& operation, const std::string& account,
                       const std::string& region);

 private:
  struct Rule {
    int64_t id = 0;
    std::string operation;
    std::optional<std::string> account;
    std::optional<std::string> region;
    std::optional<int64_t> count;
    int64_t remaining = 0;
    std::optional<double> probability;
    std::vector<FaultEffect> effects;  // delayMs, then error
    int64_t matched = 0;
    int64_t applied = 0;
  };
  Status Parse(const std::string& rule_json, Rule* rule) const;
  Status ParseScope(const nlohmann::json& doc, Rule* rule) const;
  static Status ParseSelection(const nlohmann::json& doc, Rule* rule);
  static Status ParseEffects(const nlohmann::json& doc, Rule* rule);
  static std::string Render(const Rule& rule);

  const std::set<std::string> operations_;
  mutable std::mutex mu_;
  std::vector<Rule> rules_;      // guarded by mu_
  int64_t next_id_ = 1;          // guarded by mu_
  std::mt19937_64 random_;       // guarded by mu_
  std::atomic<bool> armed_{false};  // !rules_.empty(), readable without mu_
};

}  // namespace shmock

#endif  // SHMOCK_FAULTS_H_
