// ServiceModel: the facts of the Security Hub API the protocol layer needs, parsed once from the
// table scripts/gen_service_model.py derives from the AWS service model: every operation's
// route, and the input shapes of the operations this mock implements.
//
// It routes (method, path) to an operation, and turns a request's query string and JSON body
// into one validated input document: required members, types, list and map lengths, string
// patterns and enums, integer bounds. A violation becomes one InvalidInputException whose
// message names each offending member, in the wording AWS's request validation uses.
// Validation takes time linear in the input and stack that follows the model's nesting, never
// a value's length: patterns are matched by pattern.h, not by a backtracking regex engine, and
// a string over its max length is reported as such and not matched at all.
#ifndef SHMOCK_PROTOCOL_SERVICE_MODEL_H_
#define SHMOCK_PROTOCOL_SERVICE_MODEL_H_

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "protocol/pattern.h"
#include "shmock/status.h"

namespace shmock {

extern const char* const kServiceModelJson;  // generated: server/protocol/service_model_data.cc

struct Operation {
  std::string name;
  std::string method;
  std::string uri;            // the model's request URI, e.g. /members/get
  std::string input_shape;    // empty for operations this mock does not implement
  std::vector<std::string> uri_segments;  // `uri` split at '/', for routing
  bool implemented() const { return !input_shape.empty(); }
};

class ServiceModel {
 public:
  // `unbounded_lists`: list shapes whose maximum length is not enforced here because the
  // domain applies its own rule to them (decision 3 for AccountDetailsList). `model_json` is
  // the generated table, or another in its format for tests.
  // Throws std::logic_error when the model uses a string pattern pattern.h has no matcher
  // for: a build whose validation would skip a check must not start.
  // `blank_means_absent`: members whose empty or blank string value is not validated, as if
  // it were absent, because the domain gives such a value its meaning (decision 58).
  // `domain_checked`: shapes whose values are not validated here at all, because the domain
  // checks each one and reports it per item (AwsSecurityFinding: a bad finding fails alone in
  // FailedFindings, decision 27), where a model error would refuse the whole request.
  explicit ServiceModel(std::set<std::string> unbounded_lists = {},
                        const char* model_json = kServiceModelJson,
                        std::set<std::string> blank_means_absent = {},
                        std::set<std::string> domain_checked = {});

  // The operation at (method, path), or nullptr. Literal path segments win over {labels}.
  const Operation* Route(const std::string& method, const std::string& path) const;
  // An operation with this path under another method, for a precise "wrong method" error.
  const Operation* RouteAnyMethod(const std::string& path) const;

  // Builds the input document of `op` from the path (its {labels}, `path` being one Route
  // gave `op` for, decoded), the query string and the body, and validates it.
  Status ParseInput(const Operation& op, const std::string& path,
                    const std::multimap<std::string, std::string>& query,
                    const std::string& body, nlohmann::json* input) const;

  const std::vector<Operation>& operations() const { return operations_; }

 private:
  // One value being validated: the shape it must satisfy and where it is in the input.
  struct Value {
    const std::string& shape_name;
    const nlohmann::json& shape;
    const nlohmann::json& value;
    const std::string& path;
  };
  // Appends to `errors` each way `value` at `path` breaks the shape `shape_name`.
  void Validate(const std::string& shape_name, const nlohmann::json& value,
                const std::string& path, std::vector<std::string>* errors) const;
  void ValidateStructure(const Value& v, std::vector<std::string>* errors) const;
  void ValidateList(const Value& v, std::vector<std::string>* errors) const;
  void ValidateMap(const Value& v, std::vector<std::string>* errors) const;
  void ValidateString(const Value& v, std::vector<std::string>* errors) const;
  void ValidateInteger(const Value& v, std::vector<std::string>* errors) const;
  // Checks a length against the shape's min and max; false when it is over the max.
  bool Bounded(const Value& v, size_t length, const char* what, std::vector<std::string>* errors) const;
  Status QueryValue(const std::string& shape_name, const std::string& member,
                    const std::string& raw, nlohmann::json* value) const;

  std::vector<Operation> operations_;
  nlohmann::json shapes_;
  std::map<std::string, Pattern> patterns_;  // by string shape name, compiled once
  std::set<std::string> unbounded_lists_;
  std::set<std::string> blank_means_absent_;
  std::set<std::string> domain_checked_;
};

}  // namespace shmock

#endif  // SHMOCK_PROTOCOL_SERVICE_MODEL_H_
