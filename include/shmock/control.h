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
#include "shmock/organizations.h"
#include "shmock/store.h"

namespace shmock {

class Control {
 public:
  static constexpr const char* kPrefix = "/_mock/";
  // `database` is what the health endpoint reports (":memory:" shows as "in-memory").
  Control(Membership& membership, Organizations& organizations, Store& store,
          std::string database);
  HttpReply Handle(const HttpCall& call);

 private:
  HttpReply Health() const;
  HttpReply Reset();

  Membership& membership_;
  Organizations& organizations_;
  Store& store_;
  std::string database_;
  Millis started_at_;
};

}  // namespace shmock

#endif  // SHMOCK_CONTROL_H_
