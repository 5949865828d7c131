// App: the one place the server's parts are wired together, for main and for the in-process
// tests alike. It opens the store, seeds the start-up fixtures, and builds the domain services,
// the Security Hub face, the Control endpoints, the Dispatcher and the HTTP adapter over them.
// A new part (a domain service, a control module) is added here once.
#ifndef SHMOCK_APP_H_
#define SHMOCK_APP_H_

#include <memory>

#include "shmock/config.h"
#include "shmock/status.h"
#include "shmock/store.h"

namespace shmock {

class App {
 public:
  // Builds the server described by `config`. Fails, with a one-line reason, when the database
  // cannot be used or the fixtures cannot be loaded; nothing is listening then. A fixture
  // refusal is InvalidInput, its message "<file>: <JSON pointer>: <reason>" (fixtures.h).
  static Status Create(const Config& config, std::unique_ptr<App>* app);
  ~App();

  // Binds the listening socket; `*port` is the port bound (useful with port 0).
  Status Bind(int* port);
  // Serves until Stop(); see HttpServer::Serve.
  void Serve();
  // Stops accepting and returns once every call in flight has been answered.
  void Stop();
  // Closes the database (a file database checkpoints its WAL). Only after Stop().
  void CloseDatabase();

 private:
  struct Parts;
  explicit App(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace shmock

#endif  // SHMOCK_APP_H_
