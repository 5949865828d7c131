#include "shmock/app.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "shmock/api.h"
#include "shmock/control.h"
#include "shmock/faults.h"
#include "shmock/fixtures.h"
#include "shmock/http_server.h"
#include "shmock/log.h"
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
  std::unique_ptr<Findings> findings;
  std::unique_ptr<ReadCache> read_cache;  // keyed to `versioned`'s write version; none with --read-cache-bytes 0
  std::unique_ptr<Faults> faults;
  std::unique_ptr<Api> api;
  std::unique_ptr<WebView> web_view;
  std::unique_ptr<Control> control;
  std::unique_ptr<HttpServer> server;
};

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
App::~App() = default;

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
  s = SqliteStore::Open(config.db, &p->store);
  if (!s.ok()) return s;
  p->versioned = std::make_unique<VersionedStore>(*p->store);

  Membership::Options options;
  options.reject_oversized_batches = config.reject_oversized_batches;
  p->hubs = std::make_unique<Hubs>(*p->versioned, p->clock);
  p->membership = std::make_unique<Membership>(*p->versioned, p->clock, options);
  p->organizations = std::make_unique<Organizations>(*p->versioned, p->clock);
  p->findings = std::make_unique<Findings>(*p->versioned, p->clock);
  const Services services{*p->hubs, *p->membership, *p->organizations};

  const IdentityConfig& identity = p->config.identity;
  const bool startup_secret = std::any_of(startup.access_keys.begin(), startup.access_keys.end(),
                                          [](const auto& key) { return !key.second.secret_access_key.empty(); });
  if (identity.strict_auth && identity.default_secret.empty() && !startup_secret) {
    Log(LogLevel::kWarn, "--strict-auth without --default-secret or a fixture secretAccessKey: every call "
                         "will be refused until POST /_mock/fixtures loads a key with its secret");
  }
  // A fault rule may name the operations the mock implements (faults.h): those with a handler,
  // which CheckHandlers holds equal to the model's implemented operations.
  std::set<std::string> operations;
  for (const auto& [name, handler] : OperationHandlers()) operations.insert(name);
  p->faults = std::make_unique<Faults>(std::move(operations));
  try {
    p->api = std::make_unique<Api>(services, p->config.identity, p->faults.get());
    if (config.read_cache_bytes > 0) {  // 0: every read goes to the store
      p->read_cache = std::make_unique<ReadCache>(
          [versioned = p->versioned.get()] { return versioned->version(); }, config.read_cache_bytes);
      p->api->UseReadCache(p->read_cache.get());
    }
  } catch (const std::logic_error& e) {
    return Status::Internal(e.what());
  }
  p->web_view = std::make_unique<WebView>(services, *p->versioned, config.identity.default_region);
  p->control = std::make_unique<Control>(*p->membership, *p->organizations, *p->findings, *p->versioned,
                                         p->config.identity.access_keys, *p->faults, p->config,
                                         startup,
                                         *p->web_view);
  if (!config.fixtures.empty()) {
    s = p->control->Load(startup);
    if (!s.ok()) return Status::Error(s.code(), config.fixtures + ": " + s.message());
    Log(LogLevel::kInfo, "loaded " + config.fixtures + ": " + std::to_string(startup.hubs.size()) +
                             " hubs, " + std::to_string(startup.relationships.size()) +
                             " members, " + std::to_string(startup.access_keys.size()) +
                             " access keys");
  }
  p->server = std::make_unique<HttpServer>(*p->api, *p->control, p->config);
  app->reset(new App(std::move(p)));
  return Status::OK();
}

Status App::Bind(int* port) { return parts_->server->Bind(port); }
void App::Serve() { parts_->server->Serve(); }
void App::Stop() { parts_->server->Stop(); }
void App::CloseDatabase() { parts_->store.reset(); }
Membership& App::membership() { return *parts_->membership; }

}  // namespace shmock
