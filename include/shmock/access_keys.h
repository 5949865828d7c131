// AccessKeys: access key ids that stand for accounts, for clients whose keys are not 12-digit
// account ids. Fixtures bring them (fixtures.h); the API looks one up on every signed call and
// the control endpoints replace them at run time, so the table is shared and thread-safe.
// Lookups take a shared lock: they never wait on one another, only on a load or a reset.
#ifndef SHMOCK_ACCESS_KEYS_H_
#define SHMOCK_ACCESS_KEYS_H_

#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>

namespace shmock {

struct AccessKey {
  std::string account_id;
  // Kept for signature verification; never written out (a state dump omits it).
  std::string secret_access_key;  // empty: none given
};

class AccessKeys {
 public:
  // A table holding `keys`, for a configuration written in one expression.
  static std::shared_ptr<AccessKeys> Of(const std::map<std::string, AccessKey>& keys);

  // The entry for `key_id`, if a fixture mapped it.
  std::optional<AccessKey> Find(const std::string& key_id) const;
  // The account `key_id` stands for, if a fixture mapped it.
  std::optional<std::string> AccountOf(const std::string& key_id) const;
  std::map<std::string, AccessKey> All() const;
  // Adds `keys`, replacing any entry with the same key id.
  void Add(const std::map<std::string, AccessKey>& keys);
  void Clear();

 private:
  mutable std::shared_mutex mu_;
  std::map<std::string, AccessKey> keys_;
};

}  // namespace shmock

#endif  // SHMOCK_ACCESS_KEYS_H_
