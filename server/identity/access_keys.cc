#include "shmock/access_keys.h"

#include <mutex>

namespace shmock {

std::shared_ptr<AccessKeys> AccessKeys::Of(const std::map<std::string, AccessKey>& keys) {
  auto table = std::make_shared<AccessKeys>();
  table->Add(keys);
  return table;
}

std::optional<AccessKey> AccessKeys::Find(const std::string& key_id) const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  auto it = keys_.find(key_id);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> AccessKeys::AccountOf(const std::string& key_id) const {
  auto key = Find(key_id);
  if (!key) return std::nullopt;
  return key->account_id;
}

std::map<std::string, AccessKey> AccessKeys::All() const {
  std::shared_lock<std::shared_mutex> lock(mu_);
  return keys_;
}

void AccessKeys::Add(const std::map<std::string, AccessKey>& keys) {
  std::unique_lock<std::shared_mutex> lock(mu_);
  for (const auto& [id, key] : keys) keys_[id] = key;
}

void AccessKeys::Clear() {
  std::unique_lock<std::shared_mutex> lock(mu_);
  keys_.clear();
}

}  // namespace shmock
