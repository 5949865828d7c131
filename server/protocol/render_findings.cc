// The bodies of the findings and products operations (render.h), members in the order AWS's
// examples show them (behavior.md §13).
#include <nlohmann/json.hpp>

#include "base/json_writer.h"
#include "protocol/render.h"

namespace shmock {
namespace render {
namespace {

void NextToken(const std::string& next_token, JsonWriter& w) {
  if (next_token.empty()) return;
  w.Key("NextToken");
  w.String(next_token);
}

void Identifier(const FindingIdentifier& id, JsonWriter& w) {
  w.BeginObject();
  w.Key("Id");
  w.String(id.id);
  w.Key("ProductArn");
  w.String(id.product_arn);
  w.EndObject();
}

// {"<key>": [each document as stored], "NextToken"?}
std::string Documents(const char* key, const std::vector<nlohmann::json>& documents,
                      const std::string& next_token) {
  JsonWriter w(256 + 2048 * documents.size());
  w.BeginObject();
  w.Key(key);
  w.BeginArray();
  for (const nlohmann::json& d : documents) {
    w.Json(d.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  w.EndArray();
  NextToken(next_token, w);
  w.EndObject();
  return w.Take();
}

std::string Strings(const char* key, const std::vector<std::string>& values,
                    const std::string& next_token) {
  JsonWriter w(64 + 128 * values.size());
  w.BeginObject();
  w.Key(key);
  w.BeginArray();
  for (const std::string& v : values) w.String(v);
  w.EndArray();
  NextToken(next_token, w);
  w.EndObject();
  return w.Take();
}

void StringList(const char* key, const std::vector<std::string>& values, JsonWriter& w) {
  w.Key(key);
  w.BeginArray();
  for (const std::string& v : values) w.String(v);
  w.EndArray();
}

void WriteProduct(const ProductView& p, JsonWriter& w) {
  w.BeginObject();
  w.Key("ProductArn");
  w.String(p.product_arn);
  w.Key("ProductName");
  w.String(p.name);
  w.Key("CompanyName");
  w.String(p.company);
  w.Key("Description");
  w.String(p.description);
  StringList("Categories", p.categories, w);
  StringList("IntegrationTypes", p.integration_types, w);
  for (const auto& [key, value] : {std::make_pair("MarketplaceUrl", &p.marketplace_url),
                                   std::make_pair("ActivationUrl", &p.activation_url),
                                   std::make_pair("ProductSubscriptionResourcePolicy",
                                                  &p.subscription_policy)}) {
    if (value->empty()) continue;
    w.Key(key);
    w.String(*value);
  }
  w.EndObject();
}

}  // namespace

std::string ImportResultOf(const ImportResult& result) {
  JsonWriter w(64 + 256 * result.failed.size());
  w.BeginObject();
  w.Key("FailedCount");
  w.Int(static_cast<int64_t>(result.failed.size()));
  w.Key("SuccessCount");
  w.Int(result.success_count);
  w.Key("FailedFindings");
  w.BeginArray();
  for (const FailedFinding& f : result.failed) {
    w.BeginObject();
    w.Key("Id");
    w.String(f.id);
    w.Key("ErrorCode");
    w.String(f.error_code);
    w.Key("ErrorMessage");
    w.String(f.error_message);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

std::string FindingPage(const std::vector<nlohmann::json>& findings, const std::string& next_token) {
  return Documents("Findings", findings, next_token);
}

std::string BatchUpdateResultOf(const BatchUpdateResult& result) {
  JsonWriter w(64 + 256 * (result.processed.size() + result.unprocessed.size()));
  w.BeginObject();
  w.Key("ProcessedFindings");
  w.BeginArray();
  for (const FindingIdentifier& id : result.processed) Identifier(id, w);
  w.EndArray();
  w.Key("UnprocessedFindings");
  w.BeginArray();
  for (const UnprocessedFinding& u : result.unprocessed) {
    w.BeginObject();
    w.Key("FindingIdentifier");
    Identifier(u.identifier, w);
    w.Key("ErrorCode");
    w.String(u.error_code);
    w.Key("ErrorMessage");
    w.String(u.error_message);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

std::string FindingHistory(const std::vector<nlohmann::json>& records, const std::string& next_token) {
  return Documents("Records", records, next_token);
}

std::string ProductPage(const std::vector<ProductView>& products, const std::string& next_token) {
  JsonWriter w(64 + 512 * products.size());
  w.BeginObject();
  w.Key("Products");
  w.BeginArray();
  for (const ProductView& p : products) WriteProduct(p, w);
  w.EndArray();
  NextToken(next_token, w);
  w.EndObject();
  return w.Take();
}

std::string ProductSubscriptionArn(const std::string& arn) {
  JsonWriter w(64 + arn.size());
  w.BeginObject();
  w.Key("ProductSubscriptionArn");
  w.String(arn);
  w.EndObject();
  return w.Take();
}

std::string ProductSubscriptionPage(const std::vector<std::string>& arns,
                                    const std::string& next_token) {
  return Strings("ProductSubscriptions", arns, next_token);
}

}  // namespace render
}  // namespace shmock
