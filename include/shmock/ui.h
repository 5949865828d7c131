// The web view: a live picture of the membership state, for demos and for debugging tests.
//
//   GET /_mock/ui                           the page: HTML, CSS and JS in one document, built
//                                           into the binary (server/control/ui/index.html)
//   GET /_mock/state/version                {"version": V, "requests": R}: V moves whenever a
//                                           write commits, R whenever an API call is answered
//   GET /_mock/views?account=ID&region=R    ListMembers, ListInvitations and
//                                           GetAdministratorAccount as the API answers them to
//                                           that account, each {"status": ..., "body": ...}
//   GET /_mock/requests                     the last API calls answered, oldest first
//   GET /_mock/console                      the console: a page that acts as one account
//                                           through the public API (server/control/ui/console.html)
//   GET /_mock/console/settings             {"defaultAccount", "defaultRegion", "strictAuth"}:
//                                           whom the console acts as unless told, and whether
//                                           it must ask for secrets to sign its calls
//
// The page polls /_mock/state/version and fetches /_mock/state, /_mock/requests or the views
// only when a number moved, so an idle page costs two tiny replies a second. Everything here
// reads; nothing changes state: the console changes it only through the Security Hub API, with
// the same signed requests a client sends. It is part of the control API (control.h), which routes to it.
#ifndef SHMOCK_UI_H_
#define SHMOCK_UI_H_

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "shmock/http_call.h"
#include "shmock/identity.h"
#include "shmock/operations.h"
#include "shmock/membership.h"
#include "shmock/versioned_store.h"

namespace shmock {

// One answered API call, as the page's request log shows it.
struct RequestSummary {
  Millis time = 0;
  std::string caller;  // "<account>@<region>", or empty when the call named none
  std::string operation;
  int status = 0;
  std::string error_code;  // x-amzn-ErrorType, empty on success
};

// The last `capacity` answered API calls. Safe to use from every server thread.
class RecentRequests {
 public:
  explicit RecentRequests(size_t capacity) : capacity_(capacity) {}
  void Add(RequestSummary summary);
  std::deque<RequestSummary> All() const;
  uint64_t count() const;  // how many were ever added

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::deque<RequestSummary> last_;
  uint64_t count_ = 0;
};

class WebView : public CallObserver {
 public:
  // `services` answer the views as the API does; the identity settings give the Region of a
  // views request that names none, and what the console's settings report.
  WebView(Services services, const VersionedStore& store, const IdentityConfig& identity);

  // The reply for a GET or HEAD of one of the paths above; nullopt for any other call.
  std::optional<HttpReply> Handle(const HttpCall& call) const;
  // Notes an answered call for the request log. Calls to the control endpoints are left out:
  // the page's own polling would push everything else out of the log.
  void Observe(const HttpCall& call, const HttpReply& reply) override;

 private:
  HttpReply Views(const HttpCall& call) const;

  Services services_;
  const VersionedStore& store_;
  std::string default_account_;
  std::string default_region_;
  bool strict_auth_;
  RecentRequests recent_;
};

}  // namespace shmock

#endif  // SHMOCK_UI_H_
