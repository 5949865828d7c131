#include "fixture_insights.h"

#include <algorithm>

namespace shmock {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

const char* const kMembers[] = {"accountId", "region", "insightArn", "name", "filters",
                                "groupByAttribute", "createdAt"};

// The first problem with one entry at `where`, or OK; fills `seed`.
Status ParseEntry(const json& entry, const std::string& where, const std::string& default_region,
                  InsightSeed* seed) {
  auto bad = [&](const std::string& member, const std::string& what) {
    return Status::InvalidInput(where + "/" + member + ": " + what);
  };
  for (const auto& item : entry.items()) {
    if (std::none_of(std::begin(kMembers), std::end(kMembers),
                     [&](const char* m) { return item.key() == m; })) {
      return Status::InvalidInput(where + ": '" + item.key().substr(0, 64) +
                                  "' is not a member of an insight; the members are accountId, "
                                  "region, insightArn, name, filters, groupByAttribute, createdAt");
    }
  }
  auto text = [&](const char* member, bool required, std::string* out) -> Status {
    auto it = entry.find(member);
    if (it == entry.end() || it->is_null()) {
      return required ? bad(member, "is required") : Status::OK();
    }
    if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
      return bad(member, "must be a non-empty string");
    }
    *out = it->get<std::string>();
    return Status::OK();
  };
  std::string arn, created_at;
  seed->region = default_region;
  for (Status s : {text("accountId", true, &seed->account_id), text("region", false, &seed->region),
                   text("insightArn", false, &arn), text("name", true, &seed->name),
                   text("groupByAttribute", true, &seed->group_by_attribute),
                   text("createdAt", false, &created_at)}) {
    if (!s.ok()) return s;
  }
  if (!IsAccountId(seed->account_id)) {
    return bad("accountId", "'" + seed->account_id.substr(0, 64) + "' is not a 12-digit account ID");
  }
  if (!arn.empty()) {
    const std::string prefix = Insights::CustomArn(seed->region, seed->account_id, "");
    if (arn.size() <= prefix.size() || arn.compare(0, prefix.size(), prefix) != 0 ||
        arn.find('/', prefix.size()) != std::string::npos) {
      return bad("insightArn", "must be " + prefix + "<id>, a custom insight of the entry's "
                               "account and Region");
    }
    seed->id = arn.substr(prefix.size());
  }
  if (!created_at.empty() && !ParseIso8601Millis(created_at, &seed->created_at)) {
    return bad("createdAt", "'" + created_at.substr(0, 64) +
                                "' is not an ISO 8601 UTC time such as 2021-10-22T11:31:48.385Z");
  }
  auto filters = entry.find("filters");
  seed->filters = json::object();
  if (filters != entry.end() && !filters->is_null()) {
    if (!filters->is_object()) return bad("filters", "must be an AwsSecurityFindingFilters object");
    seed->filters = *filters;
  }
  return Status::OK();
}

}  // namespace

Status ParseInsightsPart(const json& list, const std::string& default_region, Fixture* fixture) {
  if (!list.is_array()) return Status::InvalidInput("/insights: must be a list");
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = "/insights/" + std::to_string(i);
    if (!list[i].is_object()) return Status::InvalidInput(where + ": must be an object");
    InsightSeed seed;
    Status s = ParseEntry(list[i], where, default_region, &seed);
    if (!s.ok()) return s;
    fixture->insights.push_back(std::move(seed));
  }
  return Status::OK();
}

std::string DumpInsightsPart(const Fixture& fixture) {
  if (fixture.insights.empty()) return "";
  std::string out = "[\n";
  for (size_t i = 0; i < fixture.insights.size(); ++i) {
    const InsightSeed& s = fixture.insights[i];
    const ordered_json entry = {
        {"accountId", s.account_id},
        {"region", s.region},
        {"insightArn", Insights::CustomArn(s.region, s.account_id, s.id)},
        {"name", s.name},
        {"filters", s.filters},
        {"groupByAttribute", s.group_by_attribute},
        {"createdAt", FormatIso8601Millis(s.created_at)}};
    out += "    " + entry.dump(-1, ' ', false, ordered_json::error_handler_t::replace) +
           (i + 1 < fixture.insights.size() ? ",\n" : "\n");
  }
  return out + "  ]";
}

}  // namespace shmock
