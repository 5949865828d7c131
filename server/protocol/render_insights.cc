// The bodies of the insight operations (render.h), members in the service model's order
// (behavior.md §14).
#include <nlohmann/json.hpp>

#include "base/json_writer.h"
#include "protocol/render.h"

namespace shmock {
namespace render {

std::string InsightArn(const std::string& arn) {
  JsonWriter w(32 + arn.size());
  w.BeginObject();
  w.Key("InsightArn");
  w.String(arn);
  w.EndObject();
  return w.Take();
}

std::string InsightPage(const std::vector<InsightView>& insights, const std::string& next_token) {
  JsonWriter w(64 + 512 * insights.size());
  w.BeginObject();
  w.Key("Insights");
  w.BeginArray();
  for (const InsightView& i : insights) {
    w.BeginObject();
    w.Key("InsightArn");
    w.String(i.arn);
    w.Key("Name");
    w.String(i.name);
    w.Key("Filters");
    w.Json(i.filters.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    w.Key("GroupByAttribute");
    w.String(i.group_by_attribute);
    w.EndObject();
  }
  w.EndArray();
  if (!next_token.empty()) {
    w.Key("NextToken");
    w.String(next_token);
  }
  w.EndObject();
  return w.Take();
}

std::string InsightResults(const InsightResultsView& results) {
  JsonWriter w(128 + results.arn.size() + 96 * results.values.size());
  w.BeginObject();
  w.Key("InsightResults");
  w.BeginObject();
  w.Key("InsightArn");
  w.String(results.arn);
  w.Key("GroupByAttribute");
  w.String(results.group_by_attribute);
  w.Key("ResultValues");
  w.BeginArray();
  for (const auto& [value, count] : results.values) {
    w.BeginObject();
    w.Key("GroupByAttributeValue");
    w.String(value);
    w.Key("Count");
    w.Int(count);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  return w.Take();
}

}  // namespace render
}  // namespace shmock
