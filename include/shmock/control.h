// Control: the mock's own endpoints, under a prefix no AWS route uses (/_mock/).
//
// They are for the people and tests around the mock, not for AWS clients: health, reset, and
// (as they come) the state snapshot, fixtures at run time, fault rules and the web view. It
// reaches the domain services and the store; it knows nothing of sockets. A reply may carry
// any Content-Type (JSON, HTML), which the HTTP adapter writes as given.
#ifndef SHMOCK_CONTROL_H_
#define SHMOCK_CONTROL_H_

#include <string>

#include "shmock/api.h"
#include "shmock/membership.h"
#include "shmock/store.h"

namespace shmock {

class Control {
 public:
  static constexpr const char* kPrefix = "/_mock/";
  // `database` is what the health endpoint reports (":memory:" shows as "in-memory"). A
  // non-empty `token` (--control-token) must come as "Authorization: Bearer <token>" on every
  // endpoint but GET /_mock/health, which without it answers everything but the database.
  Control(Membership& membership, Store& store, std::string database, std::string token = "");
  HttpReply Handle(const HttpCall& call);

 private:
  // OK when no token is set or the call presents it; else why not (AccessDeniedException).
  Status CheckToken(const HttpCall& call) const;
  HttpReply Health(bool with_database) const;
  HttpReply Reset();

  Membership& membership_;
  Store& store_;
  std::string database_;
  std::string token_;
  Millis started_at_;
};

}  // namespace shmock

#endif  // SHMOCK_CONTROL_H_
