// Control: the mock's own endpoints, under prefixes no AWS route uses.
//
//   GET  /_mock/health            liveness: version, uptime, database
//   GET  /_mock/state             the whole state as a fixture document (fixtures.h)
//   POST /_mock/fixtures          loads a fixture document: all of it, or on a refusal none of it
//   POST /_mock/reset             drops all state, access keys and fault rules included
//   POST /_mock/reset?fixtures=1  drops all state, then loads the start-up fixtures again
//   POST /_mock/faults            arms a fault rule; GET lists the rules, DELETE clears them
//   POST /_mock/snapshot          copies the database to {"path": ...} while serving (decision 74)
//   GET  /_localstack/health      readiness in LocalStack's shape, for tools written for it
//   GET  /_mock/ui, GET /_mock/console and the endpoints they poll: the web view (ui.h)
//
// With --control-token, every one but GET /_mock/health, GET /_localstack/health and the pages
// GET /_mock/ui and GET /_mock/console needs "Authorization: Bearer <token>" (see the constructor).
// Any other path under those prefixes (control_paths.h) is answered 404 with this list.
// They are for the people and tests around the mock, not for AWS clients. Refusals have the
// API's shape (status, x-amzn-ErrorType, {"Code","Message"}). Control reaches the domain
// services and the store; it knows nothing of sockets. A reply may carry any Content-Type
// (JSON, HTML), which the HTTP adapter writes as given.
#ifndef SHMOCK_CONTROL_H_
#define SHMOCK_CONTROL_H_

#include <functional>
#include <memory>
#include <string>

#include "shmock/access_keys.h"
#include "shmock/aggregator.h"
#include "shmock/http_call.h"
#include "shmock/config.h"
#include "shmock/faults.h"
#include "shmock/findings.h"
#include "shmock/fixtures.h"
#include "shmock/membership.h"
#include "shmock/organizations.h"
#include "shmock/insights.h"
#include "shmock/sessions.h"
#include "shmock/store.h"
#include "shmock/ui.h"

namespace shmock {

// Answers the paths of control_paths.h, unless --no-control-api is given (then the Dispatcher
// routes nothing here).
class Control : public CallHandler {
 public:
  // From `config`: the database the health endpoint reports, the Region a fixture entry
  // without one is in, and the --control-token. A non-empty token must come as
  // "Authorization: Bearer <token>" on every endpoint but four that reveal nothing: GET
  // /_mock/health (which without it answers everything but the database), GET
  // /_localstack/health and the pages GET /_mock/ui and GET /_mock/console (which send the
  // token they are given in their URL fragment on their own fetches). `startup` is the --fixtures document
  // (empty without one), kept for reset?fixtures=1. `faults` are the rules /_mock/faults arms
  // (faults.h); `web_view` answers the web view's paths.
  Control(Membership& membership, Organizations& organizations, Findings& findings,
          Insights& insights, Sessions& sessions, Aggregators& aggregators, Store& store,
          std::shared_ptr<AccessKeys> access_keys, Faults& faults, const Config& config,
          Fixture startup, WebView& web_view);
  HttpReply Handle(const HttpCall& call) override;

  // Writes `fixture` into the state: its records in one transaction, then its organization
  // (which parsing has fully checked), then its role sessions, then its access keys.
  // A refusal changes nothing; its message starts with the JSON pointer of the entry refused.
  Status Load(const Fixture& fixture);

  // How POST /_mock/snapshot writes a copy of the database to a path (SqliteStore::Snapshot).
  // Without it, the endpoint does not exist.
  void UseSnapshots(std::function<Status(const std::string& path)> snapshot);

 private:
  // OK when no token is set or the call presents it; else why not (AccessDeniedException).
  Status CheckToken(const HttpCall& call) const;
  HttpReply Health(bool with_database) const;
  HttpReply LocalStackHealth() const;
  HttpReply State();
  HttpReply LoadDocument(const std::string& body);
  HttpReply Reset(const HttpCall& call);
  HttpReply FaultRules(const HttpCall& call);
  HttpReply Snapshot(const std::string& body);

  Membership& membership_;
  Organizations& organizations_;
  Findings& findings_;
  Insights& insights_;
  Sessions& sessions_;
  Aggregators& aggregators_;
  Store& store_;
  std::shared_ptr<AccessKeys> access_keys_;
  Faults& faults_;
  std::string database_;
  std::string default_region_;
  std::string token_;
  bool has_startup_;
  Fixture startup_;
  WebView& web_view_;
  std::function<Status(const std::string& path)> snapshot_;
  Millis started_at_;
};

}  // namespace shmock

#endif  // SHMOCK_CONTROL_H_
