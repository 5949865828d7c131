#include "shmock/app.h"

#include <algorithm>
#include <stdexcept>

#include "shmock/control.h"
#include "shmock/dispatcher.h"
#include "shmock/faults.h"
#include "shmock/fixtures.h"
#include "shmock/http_server.h"
#include "shmock/log.h"
#include "shmock/security_hub_api.h"
#include "shmock/sqlite_store.h"
#include "shmock/ui.h"
#include "shmock/versioned_store.h"

namespace shmock {
// Declared in the order they depend on each other, so they are destroyed in reverse.
struct App::Parts {
  Config config;
  std::unique_ptr<SqliteStore> store;
  std::unique_ptr<VersionedStore> versioned;  // what every part writes through
  SystemClock clock;
  std::unique_ptr<Hubs> hubs;
  std::unique_ptr<Membership> membership;
  std::unique_ptr<Organizations> organizations;
  std::unique_ptr<Standards> standards;
  std::unique_ptr<Controls> controls;
  std::unique_ptr<Findings> findings;
  std::unique_ptr<Products> products;
  std::unique_ptr<Insights> insights;
  std::unique_ptr<Aggregators> aggregators;
  std::unique_ptr<Sessions> sessions;  // the role sessions STS AssumeRole issues
  std::unique_ptr<ReadCache> read_cache;  // keyed to `versioned`'s write version; none with --read-cache-bytes 0
  std::unique_ptr<Faults> faults;
  std::unique_ptr<SecurityHubApi> security_hub;
  std::unique_ptr<WebView> web_view;
  std::unique_ptr<Control> control;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<HttpServer> server;

  // The store and the domain services over it.
  Status OpenState();
  // The faces of the server and the chain above them; `startup` is kept for reset?fixtures=1.
  Status BuildFaces(const Fixture& startup);
};

namespace {

void WarnOfStrictAuthWithoutSecrets(const IdentityConfig& identity, const Fixture& startup) {
  const bool startup_secret = std::any_of(startup.access_keys.begin(), startup.access_keys.end(),
                                          [](const auto& key) { return !key.second.secret_access_key.empty(); });
  if (identity.strict_auth && identity.default_secret.empty() && !startup_secret) {
    Log(LogLevel::kWarn, "--strict-auth without --default-secret or a fixture secretAccessKey: every call "
                         "will be refused until POST /_mock/fixtures loads a key with its secret");
  }
}

}  // namespace

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
App::~App() = default;

Status App::Parts::OpenState() {
  SqliteStore::Options options;
  options.durability = config.durability;
  Status s = SqliteStore::Open(config.db, options, &store);
  if (!s.ok()) return s;
  versioned = std::make_unique<VersionedStore>(*store);
  Membership::Options membership_options;
  membership_options.reject_oversized_batches = config.reject_oversized_batches;
  hubs = std::make_unique<Hubs>(*versioned, clock);
  membership = std::make_unique<Membership>(*versioned, clock, membership_options);
  organizations = std::make_unique<Organizations>(*versioned, clock);
  const StandardsOptions standards_options{config.standards_delay_ms};
  standards = std::make_unique<Standards>(*versioned, clock, standards_options);
  controls = std::make_unique<Controls>(*versioned, clock, standards_options);
  findings = std::make_unique<Findings>(*versioned, clock);
  products = std::make_unique<Products>(*versioned, clock);
  insights = std::make_unique<Insights>(*versioned, clock);
  aggregators = std::make_unique<Aggregators>(*versioned, clock);
  sessions = std::make_unique<Sessions>(*versioned, clock);
  config.identity.sessions = sessions.get();
  return Status::OK();
}

Status App::Parts::BuildFaces(const Fixture& startup) {
  // A fault rule may name the operations the mock implements (faults.h): the table's rows.
  faults = std::make_unique<Faults>(OperationNames());
  const Services services{*hubs,     *membership, *organizations, *standards,  *controls,
                          *findings, *products,   *insights,      *aggregators};
  try {
    security_hub = std::make_unique<SecurityHubApi>(services);
  } catch (const std::logic_error& e) {
    return Status::Internal(e.what());
  }
  if (config.read_cache_bytes > 0) {  // 0: every read goes to the store
    read_cache = std::make_unique<ReadCache>(
        [store = versioned.get()] { return store->version(); }, config.read_cache_bytes);
    security_hub->UseReadCache(read_cache.get());
  }
  web_view = std::make_unique<WebView>(services, *versioned, config.identity);
  control = std::make_unique<Control>(*membership, *organizations, *findings, *insights, *sessions, *aggregators, *versioned, config.identity.access_keys,
                                      *faults, config, startup, *web_view);
  control->UseSnapshots([store = store.get()](const std::string& path) { return store->Snapshot(path); });
  Dispatcher::Faces faces;
  // With the control API off, its paths (the web view's too) are paths like any other: no
  // Security Hub operation.
  faces.control = config.control_api ? control.get() : nullptr;
  faces.faults = faults.get();
  faces.observer = web_view.get();
  dispatcher = std::make_unique<Dispatcher>(*security_hub, config.identity, faces);
  return Status::OK();
}

Status App::Create(const Config& config, std::unique_ptr<App>* app) {
  auto p = std::make_unique<Parts>();
  p->config = config;
  // A table of its own, even when two Apps are built from one Config.
  p->config.identity.access_keys = std::make_shared<AccessKeys>();

  // The fixture file first: a mistake in it is reported before anything else is touched.
  Fixture startup;
  Status s;
  if (!config.fixtures.empty()) {
    s = ReadFixtureFile(config.fixtures, config.identity.default_region, &startup);
    if (!s.ok()) return s;
  }
  s = p->OpenState();
  if (!s.ok()) return s;
  WarnOfStrictAuthWithoutSecrets(p->config.identity, startup);
  s = p->BuildFaces(startup);
  if (!s.ok()) return s;
  if (!config.fixtures.empty()) {
    s = p->control->Load(startup);
    if (!s.ok()) return Status::Error(s.code(), config.fixtures + ": " + s.message());
    Log(LogLevel::kInfo, "loaded " + config.fixtures + ": " + std::to_string(startup.hubs.size()) +
                             " hubs, " + std::to_string(startup.relationships.size()) +
                             " members, " + std::to_string(startup.access_keys.size()) +
                             " access keys");
  }
  p->server = std::make_unique<HttpServer>(*p->dispatcher, p->config);
  app->reset(new App(std::move(p)));
  return Status::OK();
}

Status App::Bind(int* port) { return parts_->server->Bind(port); }
void App::Serve() { parts_->server->Serve(); }
void App::Stop() { parts_->server->Stop(); }
void App::CloseDatabase() { parts_->store.reset(); }

}  // namespace shmock
