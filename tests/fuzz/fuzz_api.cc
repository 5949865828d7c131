// fuzz_api: a libFuzzer target over everything below the socket.
//
// One input is a short session of calls, each decoded from the bytes into an HttpCall the way
// the HTTP adapter builds it (path and query decoded by cpp-httplib's own decoders, header names
// lowercased) and handed to the Dispatcher as the adapter does: /_mock/ to Control, the rest
// authenticated, then to STS or the Security Hub face, which routes, decodes and validates, runs the domain against an in-memory
// SQLite store and renders. Every input starts from the same state (fixtures/example.json), so
// a crash reproduces from its input alone.
//
// The input format is the HTTP message text the captures are made of, minus the version, so
// seeds are readable and the dictionary's tokens land where they mean something:
//
//   POST /members?x=1            request line: METHOD SP TARGET (a trailing CR is dropped)
//   authorization: AWS4-...      headers until an empty line; a line without ':' is ignored
//
//   {"AccountDetails": [...]}    the rest, up to the separator, is the body
//   ---                          the line "---" separates calls (never inside valid JSON)
//
// Besides the sanitizers, each reply is checked for what every reply promises: no 5xx but 501;
// a refused call commits no change to the store (and no read transaction writes); a JSON body
// when it says JSON; for an error, the x-amzn-ErrorType header equal to the body's Code, with a
// non-empty Message. A broken promise aborts with the call and reply.
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/strings.h"
#include "shmock/access_keys.h"
#include "shmock/control.h"
#include "shmock/dispatcher.h"
#include "shmock/faults.h"
#include "shmock/fixtures.h"
#include "shmock/hubs.h"
#include "shmock/log.h"
#include "shmock/membership.h"
#include "shmock/organizations.h"
#include "shmock/sessions.h"
#include "shmock/sqlite_store.h"
#include "shmock/ui.h"
#include "shmock/versioned_store.h"

namespace shmock {
namespace {

constexpr size_t kMaxCalls = 16;  // keeps one execution short; longer sessions add little
constexpr std::string_view kSeparator = "\n---\n";

// Time stands still, so timestamps in replies do not depend on when the input ran.
class FrozenClock : public Clock {
 public:
  Millis NowMillis() override { return 1795921673449; }  // 2026-11-29T03:07:53.449Z
};

// A Store that notes whether a call committed a change, so the harness can hold an error reply
// to "changes no state" and a read transaction to reading only.
class WatchedStore : public Store {
 public:
  explicit WatchedStore(Store& inner) : inner_(inner) {}

  Status Run(Access access, const std::function<Status(StoreTransaction&)>& body) override {
    bool wrote = false;
    Status s = inner_.Run(access, [&](StoreTransaction& tx) {
      Watched watched(tx, &wrote);
      return body(watched);
    });
    if (wrote && access == Access::kRead) read_wrote_ = true;
    if (wrote && s.ok()) committed_ = true;
    return s;
  }
  Status Reset() override { return inner_.Reset(); }

  // Starts a new call: forgets what earlier calls did.
  void BeginCall() { committed_ = read_wrote_ = false; }
  bool committed() const { return committed_; }
  bool read_wrote() const { return read_wrote_; }

 private:
  // Each part of the transaction, passed through; a write marks the call.
  class WatchedHubs : public HubRecords {
   public:
    WatchedHubs(HubRecords& part, bool* wrote) : part_(part), wrote_(wrote) {}
    std::optional<Hub> Find(const std::string& region, const std::string& account) override {
      return part_.Find(region, account);
    }
    bool Exists(const std::string& region, const std::string& account) override {
      return part_.Exists(region, account);
    }
    void Put(const Hub& hub) override { *wrote_ = true, part_.Put(hub); }
    void Delete(const std::string& region, const std::string& account) override {
      *wrote_ = true, part_.Delete(region, account);
    }
    std::vector<Hub> All() override { return part_.All(); }

   private:
    HubRecords& part_;
    bool* wrote_;
  };

  class WatchedRelationships : public RelationshipRecords {
   public:
    WatchedRelationships(RelationshipRecords& part, bool* wrote) : part_(part), wrote_(wrote) {}
    std::optional<Relationship> Find(const std::string& region, const std::string& admin,
                                     const std::string& member) override {
      return part_.Find(region, admin, member);
    }
    std::vector<Relationship> Query(const RelationshipQuery& query) override {
      return part_.Query(query);
    }
    void Put(const Relationship& r) override { *wrote_ = true, part_.Put(r); }
    void Delete(const std::string& region, const std::string& admin,
                const std::string& member) override {
      *wrote_ = true, part_.Delete(region, admin, member);
    }
    std::vector<Relationship> All() override { return part_.All(); }

   private:
    RelationshipRecords& part_;
    bool* wrote_;
  };

  class WatchedOrganization : public OrganizationRecords {
   public:
    WatchedOrganization(OrganizationRecords& part, bool* wrote) : part_(part), wrote_(wrote) {}
    std::optional<OrganizationAccount> FindAccount(const std::string& account) override {
      return part_.FindAccount(account);
    }
    std::optional<OrganizationAccount> FindManagementAccount() override {
      return part_.FindManagementAccount();
    }
    std::vector<OrganizationAccount> AllAccounts() override { return part_.AllAccounts(); }
    void PutAccount(const OrganizationAccount& account) override {
      *wrote_ = true, part_.PutAccount(account);
    }
    void DeleteAccount(const std::string& account) override {
      *wrote_ = true, part_.DeleteAccount(account);
    }
    std::optional<DelegatedAdministrator> FindDelegatedAdministrator(const std::string& region) override {
      return part_.FindDelegatedAdministrator(region);
    }
    std::vector<DelegatedAdministrator> AllDelegatedAdministrators() override {
      return part_.AllDelegatedAdministrators();
    }
    void PutDelegatedAdministrator(const DelegatedAdministrator& admin) override {
      *wrote_ = true, part_.PutDelegatedAdministrator(admin);
    }
    void DeleteDelegatedAdministrator(const std::string& region) override {
      *wrote_ = true, part_.DeleteDelegatedAdministrator(region);
    }

   private:
    OrganizationRecords& part_;
    bool* wrote_;
  };

  class WatchedStandards : public StandardsRecords {
   public:
    WatchedStandards(StandardsRecords& part, bool* wrote) : part_(part), wrote_(wrote) {}
    std::vector<StandardsSubscriptionRecord> Subscriptions(const std::string& region,
                                                           const std::string& account) override {
      return part_.Subscriptions(region, account);
    }
    void PutSubscription(const StandardsSubscriptionRecord& s) override {
      *wrote_ = true, part_.PutSubscription(s);
    }
    void DeleteSubscription(const std::string& region, const std::string& account,
                            const std::string& standard) override {
      *wrote_ = true, part_.DeleteSubscription(region, account, standard);
    }
    std::vector<ControlAssociationRecord> Associations(const std::string& region,
                                                       const std::string& account) override {
      return part_.Associations(region, account);
    }
    void PutAssociation(const ControlAssociationRecord& a) override {
      *wrote_ = true, part_.PutAssociation(a);
    }
    void DeleteAssociations(const std::string& region, const std::string& account,
                            const std::string& standard) override {
      *wrote_ = true, part_.DeleteAssociations(region, account, standard);
    }
    std::optional<SecurityControlRecord> FindControl(const std::string& region,
                                                     const std::string& account,
                                                     const std::string& control) override {
      return part_.FindControl(region, account, control);
    }
    void PutControl(const SecurityControlRecord& c) override { *wrote_ = true, part_.PutControl(c); }
    void DeleteControl(const std::string& region, const std::string& account,
                       const std::string& control) override {
      *wrote_ = true, part_.DeleteControl(region, account, control);
    }
    void DeleteAccount(const std::string& region, const std::string& account) override {
      *wrote_ = true, part_.DeleteAccount(region, account);
    }
    std::vector<StandardsSubscriptionRecord> AllSubscriptions() override {
      return part_.AllSubscriptions();
    }
    std::vector<ControlAssociationRecord> AllAssociations() override {
      return part_.AllAssociations();
    }
    std::vector<SecurityControlRecord> AllControls() override { return part_.AllControls(); }

   private:
    StandardsRecords& part_;
    bool* wrote_;
  };

  class WatchedFindings : public FindingRecords {
   public:
    WatchedFindings(FindingRecords& part, bool* wrote) : part_(part), wrote_(wrote) {}
    std::optional<FindingRecord> Find(const std::string& region, const std::string& account,
                                      const std::string& product_arn, const std::string& id) override {
      return part_.Find(region, account, product_arn, id);
    }
    std::vector<FindingRecord> FindByIdentifier(const std::string& region,
                                                const std::string& product_arn,
                                                const std::string& id) override {
      return part_.FindByIdentifier(region, product_arn, id);
    }
    void Put(FindingRecord* record) override { *wrote_ = true, part_.Put(record); }
    void Scan(const FindingScan& scan,
              const std::function<bool(FindingRecord&&)>& visit) override {
      part_.Scan(scan, visit);
    }
    std::vector<std::pair<std::string, int64_t>> CountBySeverity(
        const std::string& region, const std::string& account,
        const std::string& record_state) override {
      return part_.CountBySeverity(region, account, record_state);
    }
    void All(const std::function<void(FindingRecord&&)>& visit) override { part_.All(visit); }
    void AddHistory(FindingHistoryEntry* entry) override { *wrote_ = true, part_.AddHistory(entry); }
    std::vector<FindingHistoryEntry> History(int64_t finding, Millis from, Millis to,
                                             const std::optional<std::pair<Millis, int64_t>>& after,
                                             size_t limit) override {
      return part_.History(finding, from, to, after, limit);
    }
    void ClearHistory(int64_t finding) override { *wrote_ = true, part_.ClearHistory(finding); }
    void AllHistory(const std::function<void(FindingHistoryEntry&&)>& visit) override {
      part_.AllHistory(visit);
    }

   private:
    FindingRecords& part_;
    bool* wrote_;
  };

  class WatchedSubscriptions : public ProductSubscriptionRecords {
   public:
    WatchedSubscriptions(ProductSubscriptionRecords& part, bool* wrote) : part_(part), wrote_(wrote) {}
    std::optional<ProductSubscription> Find(const std::string& region, const std::string& account,
                                            const std::string& product) override {
      return part_.Find(region, account, product);
    }
    void Put(const ProductSubscription& s) override { *wrote_ = true, part_.Put(s); }
    std::vector<ProductSubscription> OfAccount(const std::string& region,
                                               const std::string& account) override {
      return part_.OfAccount(region, account);
    }
    std::vector<ProductSubscription> All() override { return part_.All(); }

   private:
    ProductSubscriptionRecords& part_;
    bool* wrote_;
  };

  class WatchedSessions : public SessionRecords {
   public:
    WatchedSessions(SessionRecords& part, bool* wrote) : part_(part), wrote_(wrote) {}
    std::optional<RoleSession> Find(const std::string& key) override { return part_.Find(key); }
    void Put(const RoleSession& session) override { *wrote_ = true, part_.Put(session); }
    std::vector<RoleSession> All() override { return part_.All(); }

   private:
    SessionRecords& part_;
    bool* wrote_;
  };

  class WatchedInsights : public InsightRecords {
   public:
    WatchedInsights(InsightRecords& part, bool* wrote) : part_(part), wrote_(wrote) {}
    std::optional<InsightRecord> Find(const std::string& region, const std::string& account,
                                      const std::string& id) override {
      return part_.Find(region, account, id);
    }
    std::vector<InsightRecord> OfAccount(const std::string& region,
                                         const std::string& account) override {
      return part_.OfAccount(region, account);
    }
    void Put(const InsightRecord& insight) override { *wrote_ = true, part_.Put(insight); }
    void Delete(const std::string& region, const std::string& account,
                const std::string& id) override {
      *wrote_ = true, part_.Delete(region, account, id);
    }
    std::vector<InsightRecord> All() override { return part_.All(); }

   private:
    InsightRecords& part_;
    bool* wrote_;
  };

  class WatchedAggregators : public AggregatorRecords {
   public:
    WatchedAggregators(AggregatorRecords& part, bool* wrote) : part_(part), wrote_(wrote) {}
    std::optional<AggregatorRecord> Find(const std::string& account) override {
      return part_.Find(account);
    }
    void Put(const AggregatorRecord& a) override { *wrote_ = true, part_.Put(a); }
    void Delete(const std::string& account) override { *wrote_ = true, part_.Delete(account); }
    std::vector<AggregatorRecord> All() override { return part_.All(); }

   private:
    AggregatorRecords& part_;
    bool* wrote_;
  };

  class Watched : public StoreTransaction {
   public:
    Watched(StoreTransaction& tx, bool* wrote)
        : hubs_(tx.hubs(), wrote),
          relationships_(tx.relationships(), wrote),
          organization_(tx.organization(), wrote),
          standards_(tx.standards(), wrote),
          findings_(tx.findings(), wrote),
          subscriptions_(tx.product_subscriptions(), wrote),
          sessions_(tx.sessions(), wrote),
          insights_(tx.insights(), wrote),
          aggregators_(tx.aggregators(), wrote) {}
    HubRecords& hubs() override { return hubs_; }
    RelationshipRecords& relationships() override { return relationships_; }
    OrganizationRecords& organization() override { return organization_; }
    StandardsRecords& standards() override { return standards_; }
    FindingRecords& findings() override { return findings_; }
    ProductSubscriptionRecords& product_subscriptions() override { return subscriptions_; }
    SessionRecords& sessions() override { return sessions_; }
    InsightRecords& insights() override { return insights_; }
    AggregatorRecords& aggregators() override { return aggregators_; }

   private:
    WatchedHubs hubs_;
    WatchedRelationships relationships_;
    WatchedOrganization organization_;
    WatchedStandards standards_;
    WatchedFindings findings_;
    WatchedSubscriptions subscriptions_;
    WatchedSessions sessions_;
    WatchedInsights insights_;
    WatchedAggregators aggregators_;
  };

  Store& inner_;
  bool committed_ = false;
  bool read_wrote_ = false;
};

// The server's parts, built once; Reset() returns them to the starting state.
class Harness {
 public:
  Harness() {
    SetLogLevel(LogLevel::kError);
    Status s = SqliteStore::Open(":memory:", &store_);
    if (s.ok()) s = ReadFixtureFile(SHMOCK_FIXTURES_DIR "/example.json", "us-east-1", &fixture_);
    if (!s.ok()) Die("cannot start: " + s.message());
    Membership::Options options;
    // Numbered InvitationIds: a seed's session can name the invitations it will receive.
    options.new_invitation_id = [this] {
      char id[33];
      std::snprintf(id, sizeof id, "%032x", ++invitations_);
      return std::string(id);
    };
    watched_ = std::make_unique<WatchedStore>(*store_);
    versioned_ = std::make_unique<VersionedStore>(*watched_);
    hubs_ = std::make_unique<Hubs>(*versioned_, clock_);
    membership_ = std::make_unique<Membership>(*versioned_, clock_, options);
    organizations_ = std::make_unique<Organizations>(*versioned_, clock_);
    standards_ = std::make_unique<Standards>(*versioned_, clock_);
    controls_ = std::make_unique<Controls>(*versioned_, clock_);
    findings_ = std::make_unique<Findings>(*versioned_, clock_);
    products_ = std::make_unique<Products>(*versioned_, clock_);
    insights_ = std::make_unique<Insights>(*versioned_, clock_);
    aggregators_ = std::make_unique<Aggregators>(*versioned_, clock_);
    sessions_ = std::make_unique<Sessions>(*versioned_, clock_);
    // Wired as App wires them (app.cc), over the watched store and the frozen clock.
    Config config;
    config.db = ":memory:";
    config.identity.access_keys = AccessKeys::Of(fixture_.access_keys);
    config.identity.sessions = sessions_.get();
    faults_ = std::make_unique<Faults>(OperationNames(), /*seed=*/1);
    const Services services{*hubs_,     *membership_, *organizations_, *standards_, *controls_,
                            *findings_, *products_,   *insights_,       *aggregators_};
    security_hub_ = std::make_unique<SecurityHubApi>(services);
    web_view_ = std::make_unique<WebView>(services, *versioned_, config.identity);
    control_ = std::make_unique<Control>(*membership_, *organizations_, *findings_, *insights_, *sessions_, *aggregators_, *versioned_,
                                         config.identity.access_keys, *faults_, config, fixture_,
                                         *web_view_);
    dispatcher_ = std::make_unique<Dispatcher>(*security_hub_, config.identity,
                                               Dispatcher::Faces{control_.get(), faults_.get(), web_view_.get()});
  }

  void Reset() {
    invitations_ = 0;
    faults_->Clear();  // a session may arm fault rules; the next starts without them
    Status s = store_->Reset();
    if (s.ok()) s = membership_->Seed(fixture_.hubs, fixture_.relationships);
    if (!s.ok()) Die("cannot reset: " + s.message());
  }

  // What the HTTP adapter does with a parsed request (server/http/, Serve).
  HttpReply Dispatch(const HttpCall& call) {
    watched_->BeginCall();
    return dispatcher_->Handle(call);
  }

  const WatchedStore& store() const { return *watched_; }

  [[noreturn]] static void Die(const std::string& why) {
    std::fprintf(stderr, "fuzz_api: %s\n", why.c_str());
    std::abort();
  }

 private:
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<WatchedStore> watched_;
  Fixture fixture_;
  FrozenClock clock_;
  unsigned invitations_ = 0;
  std::unique_ptr<VersionedStore> versioned_;
  std::unique_ptr<Hubs> hubs_;
  std::unique_ptr<Membership> membership_;
  std::unique_ptr<Organizations> organizations_;
  std::unique_ptr<Standards> standards_;
  std::unique_ptr<Controls> controls_;
  std::unique_ptr<Findings> findings_;
  std::unique_ptr<Products> products_;
  std::unique_ptr<Insights> insights_;
  std::unique_ptr<Aggregators> aggregators_;
  std::unique_ptr<Sessions> sessions_;
  std::unique_ptr<Faults> faults_;
  std::unique_ptr<SecurityHubApi> security_hub_;
  std::unique_ptr<WebView> web_view_;
  std::unique_ptr<Control> control_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

// Splits off the text up to `delim` (or all of it) and returns it.
std::string_view TakeUntil(std::string_view* rest, std::string_view delim) {
  size_t at = rest->find(delim);
  std::string_view head = rest->substr(0, at);
  rest->remove_prefix(at == std::string_view::npos ? rest->size() : at + delim.size());
  return head;
}

std::string_view TakeLine(std::string_view* rest) {
  std::string_view line = TakeUntil(rest, "\n");
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

HttpCall DecodeCall(std::string_view text) {
  HttpCall call;
  std::string_view request_line = TakeLine(&text);
  call.method = std::string(TakeUntil(&request_line, " "));
  const std::string target(request_line);
  const size_t q = target.find('?');
  // cpp-httplib decodes the path without turning '+' into a space, and the query with it.
  call.path = httplib::detail::decode_url(target.substr(0, q), false);
  call.raw_path = target.substr(0, q);
  if (q != std::string::npos) {
    call.raw_query = target.substr(q + 1);
    httplib::Params params;
    httplib::detail::parse_query_text(call.raw_query, params);
    for (const auto& [name, value] : params) call.query.emplace(name, value);
  }
  while (!text.empty()) {
    std::string_view line = TakeLine(&text);
    if (line.empty()) break;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    call.headers.emplace(Lowercase(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1))));
  }
  call.body = std::string(text);
  call.request_id = "00000000-0000-4000-8000-000000000000";
  return call;
}

std::string HeaderOf(const HttpReply& reply, const std::string& name) {
  for (const auto& [n, v] : reply.headers) {
    if (n == name) return v;
  }
  return "";
}

// The promises every reply keeps, whatever the call was.
void CheckReply(const HttpCall& call, const HttpReply& reply, const WatchedStore& store) {
  auto broken = [&](const std::string& promise) {
    std::string what = promise + "\n  call: " + call.method + " " + call.path + "?" + call.raw_query +
                       "\n  body: " + call.body.substr(0, 512) + "\n  reply: " +
                       std::to_string(reply.status) + " " + reply.body.substr(0, 512);
    Harness::Die(what);
  };
  if (reply.status >= 500 && reply.status != 501) broken("no 5xx (but 501) answers bad input");
  if (reply.status >= 400 && store.committed()) broken("a refused call changes no state");
  if (store.read_wrote()) broken("a read transaction writes nothing");
  const bool json_reply = HeaderOf(reply, "Content-Type") == "application/json";
  if (!json_reply) return;  // the web view's HTML, as it comes
  if (!nlohmann::json::accept(reply.body)) broken("a JSON reply's body is JSON");
  if (reply.status < 300) return;
  const auto body = nlohmann::json::parse(reply.body);
  const std::string type = HeaderOf(reply, "x-amzn-ErrorType");
  if (type.empty()) broken("an error reply has x-amzn-ErrorType");
  if (!body.is_object() || !body.contains("Code") || body["Code"] != type) {
    broken("an error body's Code is its x-amzn-ErrorType");
  }
  if (!body.contains("Message") || !body["Message"].is_string() || body["Message"].get<std::string>().empty()) {
    broken("an error body has a Message");
  }
}

}  // namespace
}  // namespace shmock

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static shmock::Harness* harness = new shmock::Harness();  // lives for the whole run
  harness->Reset();
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  for (size_t n = 0; n < shmock::kMaxCalls && !rest.empty(); ++n) {
    const shmock::HttpCall call = shmock::DecodeCall(shmock::TakeUntil(&rest, shmock::kSeparator));
    shmock::CheckReply(call, harness->Dispatch(call), harness->store());
  }
  return 0;
}
