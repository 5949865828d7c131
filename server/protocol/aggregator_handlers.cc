// The handlers of the finding aggregator operations (handlers.h; behavior.md §17): read the
// validated input, call the aggregator module (aggregator.h), render (render.cc).
#include "protocol/handlers.h"
#include "protocol/input.h"
#include "protocol/next_token.h"
#include "protocol/render.h"

namespace shmock {
namespace handlers {
namespace {

using nlohmann::json;
using namespace input;  // the readers of protocol/input.h

AggregatorSettings SettingsOf(const json& in) {
  AggregatorSettings settings;
  settings.linking_mode = Text(in, "RegionLinkingMode");
  auto it = in.find("Regions");
  if (it != in.end() && it->is_array()) {
    settings.regions.emplace();
    for (const json& r : *it) settings.regions->push_back(r.is_string() ? r.get<std::string>() : "");
  }
  return settings;
}

}  // namespace

Status CreateFindingAggregator(Services& sv, const Caller& c, const json& in, std::string* body) {
  FindingAggregatorView view;
  Status s = sv.aggregators.Create(c, SettingsOf(in), &view);
  if (s.ok()) *body = render::FindingAggregatorOf(view);
  return s;
}

Status GetFindingAggregator(Services& sv, const Caller& c, const json& in, std::string* body) {
  FindingAggregatorView view;
  Status s = sv.aggregators.Get(c, Text(in, "FindingAggregatorArn"), &view);
  if (s.ok()) *body = render::FindingAggregatorOf(view);
  return s;
}

Status UpdateFindingAggregator(Services& sv, const Caller& c, const json& in, std::string* body) {
  FindingAggregatorView view;
  Status s = sv.aggregators.Update(c, Text(in, "FindingAggregatorArn"), SettingsOf(in), &view);
  if (s.ok()) *body = render::FindingAggregatorOf(view);
  return s;
}

Status DeleteFindingAggregator(Services& sv, const Caller& c, const json& in, std::string* body) {
  Status s = sv.aggregators.Delete(c, Text(in, "FindingAggregatorArn"));
  if (s.ok()) *body = render::Empty();
  return s;
}

// One page holds every aggregator (an account has at most one), so no NextToken is ever
// issued, and none is valid (decision 62).
Status ListFindingAggregators(Services& sv, const Caller& c, const json& in, std::string* body) {
  const std::string token = Text(in, "NextToken");
  if (!token.empty()) {
    return Status::InvalidInput("The NextToken '" + token +
                                "' is not valid for ListFindingAggregators. Pass the NextToken "
                                "value returned by the previous ListFindingAggregators call, "
                                "unchanged.");
  }
  std::vector<std::string> arns;
  Status s = sv.aggregators.List(c, &arns);
  if (s.ok()) *body = render::FindingAggregatorList(arns);
  return s;
}

}  // namespace handlers
}  // namespace shmock
