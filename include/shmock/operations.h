// Operations: the one table of the Security Hub operations this mock implements, one row each
// (moto's one place per operation): its name, the handler that answers it (handlers.h), and
// whether it only reads. Everything that depends on the set is derived from the table:
//   - the implemented operations of the generated model: scripts/gen_service_model.py reads
//     the rows of server/protocol/operations.cc, and CheckOperations holds the two equal at start;
//   - the read cache's operations: the kRead rows (security_hub_api.cc);
//   - the operations a fault rule may name: every row (faults.h, app.cc).
// docs/design.md, "Adding an operation", says what else a new row needs.
#ifndef SHMOCK_OPERATIONS_H_
#define SHMOCK_OPERATIONS_H_

#include <nlohmann/json_fwd.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "shmock/aggregator.h"
#include "shmock/controls.h"
#include "shmock/findings.h"
#include "shmock/hubs.h"
#include "shmock/insights.h"
#include "shmock/membership.h"
#include "shmock/organizations.h"
#include "shmock/products.h"
#include "shmock/standards.h"
#include "shmock/status.h"

namespace shmock {

class ServiceModel;

// The domain services a handler may call.
struct Services {
  Hubs& hubs;
  Membership& membership;
  Organizations& organizations;
  Standards& standards;
  Controls& controls;
  Findings& findings;
  Products& products;
  Insights& insights;
  Aggregators& aggregators;
};

// Reads the operation's input (already validated against the model), calls the domain and
// renders the output into `body`. A refusal is the returned Status.
using Handler = Status (*)(Services& services, const Caller& caller, const nlohmann::json& input,
                           std::string* body);

enum class Access {
  kRead,   // never changes state, so its reply may be cached until the next write
  kWrite,  // may change state (a read with a side effect is one)
};

struct OperationRow {
  const char* name;
  Handler handler;
  Access access;
};

// Every row, in the table's order.
const std::vector<OperationRow>& Operations();
// The row named `name`, or nullptr.
const OperationRow* FindOperation(std::string_view name);
// The names of every row.
std::set<std::string> OperationNames();

// OK when `rows` name exactly the operations `model` marks implemented; otherwise an Internal
// status naming each operation without a row and each row without one.
Status CheckOperations(const ServiceModel& model, const std::vector<OperationRow>& rows);

}  // namespace shmock

#endif  // SHMOCK_OPERATIONS_H_
