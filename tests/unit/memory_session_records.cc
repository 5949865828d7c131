// The role sessions part of MemoryStore.
#include "memory_store.h"

namespace shmock {

std::optional<RoleSession> MemorySessionRecords::Find(const std::string& access_key_id) {
  auto it = sessions_.find(access_key_id);
  if (it == sessions_.end()) return std::nullopt;
  return it->second;
}

void MemorySessionRecords::Put(const RoleSession& session) { sessions_[session.access_key_id] = session; }

std::vector<RoleSession> MemorySessionRecords::All() {
  std::vector<RoleSession> out;
  for (const auto& [key, session] : sessions_) out.push_back(session);
  return out;
}

}  // namespace shmock
