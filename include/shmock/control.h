// Control: the mock's own endpoints, under prefixes no AWS route uses.
//
//   GET  /_mock/health            liveness: version, uptime, database
//   GET  /_mock/state             the whole state as a fixture document (fixtures.h)
//   POST /_mock/fixtures          loads a fixture document: all of it, or on a refusal none of it
//   POST /_mock/reset             drops all state, access keys included
//   POST /_mock/reset?fixtures=1  drops all state, then loads the start-up fixtures again
//   GET  /_localstack/health      readiness in LocalStack's shape, for tools written for it
//   GET  /_mock/ui and the endpoints it polls: the web view (ui.h)
//
// Any other path under those prefixes is answered 404 with this list.
// They are for the people and tests around the mock, not for AWS clients. Refusals have the
// API's shape (status, x-amzn-ErrorType, {"Code","Message"}). Control reaches the domain
// services and the store; it knows nothing of sockets. A reply may carry any Content-Type
// (JSON, HTML), which the HTTP adapter writes as given.
#ifndef SHMOCK_CONTROL_H_
#define SHMOCK_CONTROL_H_

#include <memory>
#include <string>

#include "shmock/access_keys.h"
#include "shmock/api.h"
#include "shmock/config.h"
#include "shmock/fixtures.h"
#include "shmock/membership.h"
#include "shmock/organizations.h"
#include "shmock/store.h"
#include "shmock/ui.h"

namespace shmock {

class Control {
 public:
  // True for the paths Control answers rather than the Api.
  static bool Handles(const std::string& path);

  // From `config`: the database the health endpoint reports and the Region a fixture entry
  // without one is in. `startup` is the --fixtures document (empty without one), kept for
  // reset?fixtures=1. `web_view` answers the web view's paths.
  Control(Membership& membership, Organizations& organizations, Store& store,
          std::shared_ptr<AccessKeys> access_keys, const Config& config, Fixture startup,
          WebView& web_view);
  HttpReply Handle(const HttpCall& call);
  // Called by the HTTP adapter with every call it answered, for the web view's request log.
  void Observe(const HttpCall& call, const HttpReply& reply) { web_view_.Observe(call, reply); }

  // Writes `fixture` into the state: its records in one transaction, then its organization
  // (which parsing has fully checked), then its access keys.
  // A refusal changes nothing; its message starts with the JSON pointer of the entry refused.
  Status Load(const Fixture& fixture);

 private:
  HttpReply Health() const;
  HttpReply LocalStackHealth() const;
  HttpReply State();
  HttpReply LoadDocument(const std::string& body);
  HttpReply Reset(const HttpCall& call);

  Membership& membership_;
  Organizations& organizations_;
  Store& store_;
  std::shared_ptr<AccessKeys> access_keys_;
  std::string database_;
  std::string default_region_;
  bool has_startup_;
  Fixture startup_;
  WebView& web_view_;
  Millis started_at_;
};

}  // namespace shmock

#endif  // SHMOCK_CONTROL_H_
