// Durability: what an acknowledged write of a file database survives (--durability;
// docs/behavior.md §8.5). Both modes run SQLite in WAL mode; they differ in when it syncs.
#ifndef SHMOCK_DURABILITY_H_
#define SHMOCK_DURABILITY_H_

#include <optional>
#include <string_view>

namespace shmock {

enum class Durability {
  // The server's process dying (kill -9, a crash, the OOM killer): synchronous=NORMAL. A commit
  // has written its frames to the -wal file before the write is acknowledged, so the kernel
  // holds them whatever becomes of the process; only checkpoints sync. The default.
  kProcess,
  // The machine losing power, or its kernel crashing, as well: synchronous=FULL, one fsync of
  // the -wal file per commit. Concurrent writes share a commit, so they share the fsync.
  kPower,
};

inline std::optional<Durability> ParseDurability(std::string_view name) {
  if (name == "process") return Durability::kProcess;
  if (name == "power") return Durability::kPower;
  return std::nullopt;
}

inline const char* DurabilityName(Durability durability) {
  return durability == Durability::kPower ? "power" : "process";
}

}  // namespace shmock

#endif  // SHMOCK_DURABILITY_H_
