// The mock's own paths: /_mock/ and /_localstack/, prefixes no AWS route uses. The Dispatcher
// sends them to the control endpoints (control.h), the HTTP adapter holds them to the control
// API's body rules, and the web view leaves them out of its request log.
#ifndef SHMOCK_CONTROL_PATHS_H_
#define SHMOCK_CONTROL_PATHS_H_

#include <string_view>

namespace shmock {

inline bool IsControlPath(std::string_view path) {
  return path.substr(0, 7) == "/_mock/" || path.substr(0, 13) == "/_localstack/";
}

}  // namespace shmock

#endif  // SHMOCK_CONTROL_PATHS_H_
