// The handlers of the findings and products operations (handlers.h): read the validated
// input, call the domain (findings.h, products.h), render (render_findings.cc).
#include <cmath>

#include "protocol/handlers.h"
#include "protocol/input.h"
#include "protocol/next_token.h"
#include "protocol/render.h"

namespace shmock {
namespace {

using nlohmann::json;
using namespace input;  // the readers of protocol/input.h

// MaxResults and NextToken of a list whose page key is one part (the domain's own key).
// `largest` is the default page (decision 34: the model's maximum, 100).
Status ReadPage(const char* operation, const json& in, int largest, int* max_results,
                std::string* after) {
  const json& max = Member(in, "MaxResults");
  *max_results = max.is_number_integer() ? max.get<int>() : largest;
  const std::string token = Text(in, "NextToken");
  PageKey key;
  if (!token.empty() && (!DecodeNextToken(operation, token, &key) || key.size() != 1)) {
    return Status::InvalidInput("The NextToken '" + token + "' is not valid for " + operation +
                                ". Pass the NextToken value returned by the previous " +
                                operation + " call, unchanged.");
  }
  *after = key.empty() ? "" : key[0];
  return Status::OK();
}

std::string TokenOf(const char* operation, const std::string& next_after) {
  return EncodeNextToken(operation, next_after.empty() ? PageKey{} : PageKey{next_after});
}

// A timestamp member as the clients send it in a restJson1 body: epoch seconds (the SDKs'
// default) or an ISO 8601 string (hand-written requests).
std::optional<std::string> TimestampMember(const json& in, const char* name) {
  const json& v = Member(in, name);
  if (v.is_number()) return FormatIso8601Millis(std::llround(v.get<double>() * 1000));
  if (v.is_string()) return v.get<std::string>();
  return std::nullopt;
}

}  // namespace

namespace handlers {

Status BatchImportFindings(Services& sv, const Caller& c, const json& in, std::string* body) {
  ImportResult result;
  Status s = sv.findings.BatchImportFindings(c, Member(in, "Findings"), &result);
  if (s.ok()) *body = render::ImportResultOf(result);
  return s;
}

Status GetFindings(Services& sv, const Caller& c, const json& in, std::string* body) {
  FindingsQuery query;
  Status s = ReadPage("GetFindings", in, 100, &query.max_results, &query.after);
  if (!s.ok()) return s;
  query.filters = Member(in, "Filters");
  query.sort_criteria = Member(in, "SortCriteria");
  FindingsPage page;
  s = sv.findings.GetFindings(c, query, &page);
  if (s.ok()) *body = render::FindingPage(page.findings, TokenOf("GetFindings", page.next_after));
  return s;
}

Status BatchUpdateFindings(Services& sv, const Caller& c, const json& in, std::string* body) {
  BatchUpdateResult result;
  Status s = sv.findings.BatchUpdateFindings(c, in, &result);
  if (s.ok()) *body = render::BatchUpdateResultOf(result);
  return s;
}

Status UpdateFindings(Services& sv, const Caller& c, const json& in, std::string* body) {
  Status s = sv.findings.UpdateFindings(c, Member(in, "Filters"), Member(in, "Note"),
                                        Text(in, "RecordState"));
  if (s.ok()) *body = render::Empty();
  return s;
}

Status GetFindingHistory(Services& sv, const Caller& c, const json& in, std::string* body) {
  FindingHistoryQuery query;
  Status s = ReadPage("GetFindingHistory", in, 100, &query.max_results, &query.after);
  if (!s.ok()) return s;
  const json& identifier = Member(in, "FindingIdentifier");
  query.identifier = {Text(identifier, "Id"), Text(identifier, "ProductArn")};
  query.start_time = TimestampMember(in, "StartTime");
  query.end_time = TimestampMember(in, "EndTime");
  FindingHistoryPage page;
  s = sv.findings.GetFindingHistory(c, query, &page);
  if (s.ok()) {
    *body = render::FindingHistory(page.records, TokenOf("GetFindingHistory", page.next_after));
  }
  return s;
}

Status DescribeProducts(Services& sv, const Caller& c, const json& in, std::string* body) {
  PageRequest request;
  Status s = ReadPage("DescribeProducts", in, 100, &request.max_results, &request.after);
  if (!s.ok()) return s;
  std::optional<std::string> arn;
  if (Member(in, "ProductArn").is_string()) arn = Text(in, "ProductArn");
  Page<ProductView> page;
  s = sv.products.DescribeProducts(c, arn, request, &page);
  if (s.ok()) *body = render::ProductPage(page.items, TokenOf("DescribeProducts", page.next_after));
  return s;
}

Status EnableImportFindingsForProduct(Services& sv, const Caller& c, const json& in,
                                      std::string* body) {
  std::string arn;
  Status s = sv.products.EnableImportFindingsForProduct(c, Text(in, "ProductArn"), &arn);
  if (s.ok()) *body = render::ProductSubscriptionArn(arn);
  return s;
}

Status DisableImportFindingsForProduct(Services& sv, const Caller& c, const json& in,
                                       std::string* body) {
  Status s =
      sv.products.DisableImportFindingsForProduct(c, Text(in, "ProductSubscriptionArn"));
  if (s.ok()) *body = render::Empty();
  return s;
}

Status ListEnabledProductsForImport(Services& sv, const Caller& c, const json& in,
                                    std::string* body) {
  PageRequest request;
  Status s = ReadPage("ListEnabledProductsForImport", in, 100, &request.max_results, &request.after);
  if (!s.ok()) return s;
  Page<std::string> page;
  s = sv.products.ListEnabledProductsForImport(c, request, &page);
  if (s.ok()) {
    *body = render::ProductSubscriptionPage(page.items,
                                            TokenOf("ListEnabledProductsForImport", page.next_after));
  }
  return s;
}

}  // namespace handlers
}  // namespace shmock
