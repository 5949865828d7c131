// The handlers of the insight operations (handlers.h): read the validated input, call the
// domain (insights.h), render (render_insights.cc).
#include "protocol/handlers.h"
#include "protocol/input.h"
#include "protocol/next_token.h"
#include "protocol/render.h"

namespace shmock {
namespace {

using nlohmann::json;
using namespace input;  // the readers of protocol/input.h

}  // namespace

namespace handlers {

Status CreateInsight(Services& sv, const Caller& c, const json& in, std::string* body) {
  std::string arn;
  Status s = sv.insights.CreateInsight(c, Text(in, "Name"), Member(in, "Filters"),
                                       Text(in, "GroupByAttribute"), &arn);
  if (s.ok()) *body = render::InsightArn(arn);
  return s;
}

Status GetInsights(Services& sv, const Caller& c, const json& in, std::string* body) {
  PageRequest request;
  const json& max = Member(in, "MaxResults");
  request.max_results = max.is_number_integer() ? max.get<int>() : 100;
  const std::string token = Text(in, "NextToken");
  PageKey key;
  if (!token.empty() && (!DecodeNextToken("GetInsights", token, &key) || key.size() != 1)) {
    return Status::InvalidInput("The NextToken '" + token +
                                "' is not valid for GetInsights. Pass the NextToken value "
                                "returned by the previous GetInsights call, unchanged.");
  }
  request.after = key.empty() ? "" : key[0];
  std::optional<std::vector<std::string>> arns;
  const json& list = Member(in, "InsightArns");
  if (list.is_array()) {
    arns.emplace();
    for (const json& a : list) {
      if (a.is_string()) arns->push_back(a.get<std::string>());
    }
  }
  Page<InsightView> page;
  Status s = sv.insights.GetInsights(c, arns, request, &page);
  if (s.ok()) {
    *body = render::InsightPage(
        page.items,
        EncodeNextToken("GetInsights", page.next_after.empty() ? PageKey{} : PageKey{page.next_after}));
  }
  return s;
}

Status UpdateInsight(Services& sv, const Caller& c, const json& in, std::string* body) {
  InsightUpdate update;
  update.name = OptionalText(in, "Name");
  update.group_by_attribute = OptionalText(in, "GroupByAttribute");
  const json& filters = Member(in, "Filters");
  if (!filters.is_null()) update.filters = filters;
  Status s = sv.insights.UpdateInsight(c, Text(in, "InsightArn"), update);
  if (s.ok()) *body = render::Empty();
  return s;
}

Status DeleteInsight(Services& sv, const Caller& c, const json& in, std::string* body) {
  const std::string arn = Text(in, "InsightArn");
  Status s = sv.insights.DeleteInsight(c, arn);
  if (s.ok()) *body = render::InsightArn(arn);
  return s;
}

Status GetInsightResults(Services& sv, const Caller& c, const json& in, std::string* body) {
  InsightResultsView results;
  Status s = sv.insights.GetInsightResults(c, Text(in, "InsightArn"), &results);
  if (s.ok()) *body = render::InsightResults(results);
  return s;
}

}  // namespace handlers
}  // namespace shmock
