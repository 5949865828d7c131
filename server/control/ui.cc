#include "shmock/ui.h"

#include <map>
#include <nlohmann/json.hpp>

#include "shmock/control_paths.h"
#include "shmock/findings.h"
#include "shmock/records.h"

namespace shmock {

// The pages, from server/control/ui/index.html and console.html (generated ui_page.cc and
// console_page.cc).
extern const char kWebViewPage[];
extern const char kConsolePage[];

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

constexpr size_t kRecentRequests = 100;

// Answers that must not be cached: the page polls them for changes.
HttpReply JsonReply(const std::string& body) {
  HttpReply reply;
  reply.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}};
  reply.body = body;
  return reply;
}

HttpReply PageReply(const char* page) {
  HttpReply reply;
  reply.headers = {
      {"Content-Type", "text/html; charset=utf-8"},
      {"Cache-Control", "no-store"},
      // The page needs its own inline script and style and same-origin fetches, nothing else:
      // even a value that slipped past the page's escaping could load or send nothing.
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'none'"},
      {"Referrer-Policy", "no-referrer"}};
  reply.body = page;
  return reply;
}

std::optional<std::string> QueryValue(const HttpCall& call, const char* name) {
  auto it = call.query.find(name);
  if (it == call.query.end()) return std::nullopt;
  return it->second;
}

// What `operation` answers `caller`, through the same handler and renderer as the API:
// {"status": <HTTP status>, "body": <JSON body>}. A paginated list (`list_member`) is followed
// to its last page and its items joined, so the page shows every one of them.
ordered_json Answer(Services services, const Caller& caller, const char* operation,
                    json input, const char* list_member = nullptr) {
  const Handler handler = FindOperation(operation)->handler;
  ordered_json joined;
  while (true) {
    std::string body;
    Status s = handler(services, caller, input, &body);
    if (!s.ok()) {
      return {{"status", ErrorHttpStatus(s.code())},
              {"body", ordered_json::parse(ErrorReply(s).body)}};
    }
    ordered_json page = ordered_json::parse(body);
    if (list_member == nullptr) return {{"status", 200}, {"body", page}};
    if (joined.is_null()) {
      joined = page;
    } else {
      for (auto& item : page[list_member]) joined[list_member].push_back(std::move(item));
    }
    if (!page.contains("NextToken")) break;
    input["NextToken"] = page["NextToken"];
  }
  joined.erase("NextToken");
  return {{"status", 200}, {"body", joined}};
}

// Counts by severity label, the five labels always present in AWS's order (another label, which
// only a fixture could give, follows them).
ordered_json BySeverity(const std::map<std::string, int64_t>& counts) {
  static const char* const kLabels[] = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"};
  ordered_json out = ordered_json::object();
  int64_t total = 0;
  for (const char* label : kLabels) out[label] = 0;
  for (const auto& [label, count] : counts) {
    out[label.empty() ? "NONE" : label] = count;
    total += count;
  }
  out["total"] = total;
  return out;
}

// The web view's findings counts of the account (behavior.md §9): its own ACTIVE findings by
// severity, and the total of its view (its own and its Enabled members' in the Region).
ordered_json ActiveFindings(Services services, const Caller& caller) {
  ActiveFindingCounts counts;
  Status s = services.findings.CountActive(caller, &counts);
  if (!s.ok()) return {{"status", ErrorHttpStatus(s.code())}, {"body", ordered_json::parse(ErrorReply(s).body)}};
  return {{"status", 200},
          {"body", {{"account", BySeverity(counts.account)},
                    {"view", BySeverity(counts.view)},
                    {"viewAccounts", counts.view_accounts}}}};
}

}  // namespace

void RecentRequests::Add(RequestSummary summary) {
  std::lock_guard<std::mutex> lock(mu_);
  last_.push_back(std::move(summary));
  if (last_.size() > capacity_) last_.pop_front();
  ++count_;
}

std::deque<RequestSummary> RecentRequests::All() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_;
}

uint64_t RecentRequests::count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return count_;
}

WebView::WebView(Services services, const VersionedStore& store, const IdentityConfig& identity)
    : services_(services),
      store_(store),
      default_account_(identity.default_account),
      default_region_(identity.default_region),
      strict_auth_(identity.strict_auth),
      recent_(kRecentRequests) {}

std::optional<HttpReply> WebView::Handle(const HttpCall& call) const {
  if (call.method != "GET" && call.method != "HEAD") return std::nullopt;
  if (call.path == "/_mock/ui") return PageReply(kWebViewPage);
  if (call.path == "/_mock/console") return PageReply(kConsolePage);
  if (call.path == "/_mock/console/settings") {
    return JsonReply(ordered_json{{"defaultAccount", default_account_},
                                  {"defaultRegion", default_region_},
                                  {"strictAuth", strict_auth_}}
                         .dump());
  }
  if (call.path == "/_mock/state/version") {
    return JsonReply(ordered_json{{"version", store_.version()}, {"requests", recent_.count()}}.dump());
  }
  if (call.path == "/_mock/views") return Views(call);
  if (call.path == "/_mock/requests") {
    ordered_json list = ordered_json::array();
    for (const RequestSummary& r : recent_.All()) {
      list.push_back({{"time", FormatIso8601Millis(r.time)},
                      {"caller", r.caller},
                      {"operation", r.operation},
                      {"status", r.status},
                      {"errorCode", r.error_code}});
    }
    return JsonReply(ordered_json{{"requests", list}}.dump());
  }
  return std::nullopt;
}

HttpReply WebView::Views(const HttpCall& call) const {
  Caller caller;
  caller.account_id = QueryValue(call, "account").value_or("");
  caller.region = QueryValue(call, "region").value_or(default_region_);
  if (!IsAccountId(caller.account_id)) {
    return ErrorReply(Status::InvalidInput(
        "account='" + caller.account_id +
        "' is not a 12-digit account ID: ask for the views of one account, e.g. "
        "/_mock/views?account=111111111111&region=us-east-1"));
  }
  if (!IsRegionName(caller.region)) {
    return ErrorReply(Status::InvalidInput("region='" + caller.region +
                                           "' is not a Region name such as us-east-1"));
  }
  ordered_json views = {
      {"account", caller.account_id},
      {"region", caller.region},
      {"ListMembers", Answer(services_, caller, "ListMembers",
                             {{"OnlyAssociated", false}, {"MaxResults", 50}}, "Members")},
      {"ListInvitations",
       Answer(services_, caller, "ListInvitations", {{"MaxResults", 50}}, "Invitations")},
      {"GetAdministratorAccount", Answer(services_, caller, "GetAdministratorAccount", json::object())},
      {"ActiveFindings", ActiveFindings(services_, caller)},
      {"GetEnabledStandards", Answer(services_, caller, "GetEnabledStandards", {{"MaxResults", 100}},
                                     "StandardsSubscriptions")}};
  // The finding aggregator and the configuration policy the account follows (issue 18 item 6)
  // join here as their operations land, each as the API's answer to the account.
  return JsonReply(views.dump());
}

void WebView::Observe(const HttpCall& call, const HttpReply& reply) {
  if (IsControlPath(call.path)) return;
  RequestSummary r;
  r.time = SystemClock().NowMillis();
  r.caller = reply.account.empty() ? "" : reply.account + "@" + reply.region;
  r.operation = reply.operation;
  r.status = reply.status;
  for (const auto& [name, value] : reply.headers) {
    if (name == "x-amzn-ErrorType") r.error_code = value;
  }
  recent_.Add(std::move(r));
}

}  // namespace shmock
