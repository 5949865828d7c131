// Insights (decisions 85-89): custom insights kept per account and Region, the managed ones
// from the catalogue, and results counted over the caller's view of findings.
#include "shmock/insights.h"

#include <algorithm>
#include <map>
#include <set>

#include "accounts.h"
#include "finding_documents.h"
#include "insight_catalogue.h"
#include "shmock/finding_filter.h"
#include "shmock/ids.h"
#include "shmock/store.h"

namespace shmock {
namespace msg {
std::string BadGroupBy(const std::string& attribute) {
  return "GroupByAttribute '" + attribute.substr(0, 64) + (attribute.size() > 64 ? "..." : "") +
         "' is not a finding attribute insights can group by; use a string attribute of "
         "AwsSecurityFindingFilters such as ResourceId, ResourceType, SeverityLabel or AwsAccountId";
}
std::string TooManyInsights(const std::string& account) {
  return "Account " + account + " already has 100 custom insights in this Region, the most it "
         "may have; delete one before creating another";
}
std::string InsightNotFound(const std::string& arn) {
  return "Insight " + arn.substr(0, 256) + (arn.size() > 256 ? "..." : "") + " not found";
}
std::string ManagedInsight(const std::string& arn) {
  return "Insight " + arn + " is a managed insight; managed insights cannot be updated or "
         "deleted. Create a custom insight with its filters instead";
}
const char kMaxResults[] = "MaxResults must be between 1 and 100";
const char kBadNextToken[] = "The NextToken is not valid for this request";
const char kTooManyArns[] = "InsightArns must hold at most 200 ARNs";
}  // namespace msg

namespace {

using nlohmann::json;

constexpr const char kManagedPrefix[] = "arn:aws:securityhub:::insight/securityhub/default/";

std::string ManagedArn(int number) { return kManagedPrefix + std::to_string(number); }

// The managed insight `arn` names, or nullptr.
const ManagedInsight* FindManaged(const std::string& arn) {
  if (arn.rfind(kManagedPrefix, 0) != 0) return nullptr;
  const std::string number = arn.substr(sizeof(kManagedPrefix) - 1);
  for (const ManagedInsight& m : ManagedInsights()) {
    if (number == std::to_string(m.number)) return &m;
  }
  return nullptr;
}

InsightView ViewOfManaged(const ManagedInsight& m) {
  return {ManagedArn(m.number), m.name, json::parse(m.filters), m.group_by_attribute};
}

InsightView ViewOfCustom(const InsightRecord& r) {
  return {Insights::CustomArn(r.region, r.account_id, r.id), r.name, r.filters,
          r.group_by_attribute};
}

// The id of the caller's custom insight `arn` names, or "" when it names none of the caller's
// (another account's, another Region's, or no custom insight ARN at all).
std::string CustomIdOf(const Caller& caller, const std::string& arn) {
  const std::string prefix = Insights::CustomArn(caller.region, caller.account_id, "");
  if (arn.size() <= prefix.size() || arn.compare(0, prefix.size(), prefix) != 0) return "";
  return arn.substr(prefix.size());
}

// Decision 86: a String attribute of the filter language (the values a group is named by).
Status CheckGroupBy(const std::string& attribute) {
  const FindingAttribute* a = FindFindingAttribute(attribute);
  if (!a || a->type != FilterType::kString) return Status::InvalidInput(msg::BadGroupBy(attribute));
  return Status::OK();
}

// The checks CreateInsight and UpdateInsight make of what they would store.
Status CheckInsight(const json& filters, const std::string& group_by, Millis now) {
  FindingFilter parsed;
  Status s = FindingFilter::Parse(filters, now, &parsed);
  if (!s.ok()) return s;
  return CheckGroupBy(group_by);
}

// Decision 89: per finding, each distinct string value of the attribute counts once.
void CountValues(const json& document, const FindingAttribute& attribute,
                 std::map<std::string, int64_t>* counts) {
  std::vector<const json*> values;
  AttributeValues(document, attribute, &values);
  std::set<std::string> distinct;
  for (const json* v : values) {
    if (v->is_string() && !v->get_ref<const std::string&>().empty()) {
      distinct.insert(v->get<std::string>());
    }
  }
  for (const std::string& v : distinct) ++(*counts)[v];
}

// Count descending, then value ascending, at most 100 (the User Guide's quota).
std::vector<std::pair<std::string, int64_t>> Ranked(const std::map<std::string, int64_t>& counts) {
  std::vector<std::pair<std::string, int64_t>> out(counts.begin(), counts.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (out.size() > kMaxInsightResultValues) out.resize(kMaxInsightResultValues);
  return out;
}

}  // namespace

std::string Insights::CustomArn(const std::string& region, const std::string& account_id,
                                const std::string& id) {
  return "arn:aws:securityhub:" + region + ":" + account_id + ":insight/" + account_id +
         "/custom/" + id;
}

Status Insights::CreateInsight(const Caller& caller, const std::string& name, const json& filters,
                               const std::string& group_by_attribute, std::string* arn) {
  const Millis now = clock_.NowMillis();
  Status s = CheckInsight(filters, group_by_attribute, now);
  if (!s.ok()) return s;
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    if (tx.insights().OfAccount(caller.region, caller.account_id).size() >= kMaxCustomInsights) {
      return Status::Error(ErrorCode::kLimitExceeded, msg::TooManyInsights(caller.account_id));
    }
    const InsightRecord record{caller.region, caller.account_id, NewRequestId(), name,
                               filters.is_null() ? json::object() : filters, group_by_attribute,
                               now};
    tx.insights().Put(record);
    *arn = CustomArn(record.region, record.account_id, record.id);
    return Status::OK();
  });
}

namespace {

// A page of `items` after the position `after` names: `key(i)` is item i's page key, and keys
// increase along `items`.
template <typename Key>
void PageAfter(std::vector<InsightView> items, const std::vector<Key>& keys, const Key* after,
               int max_results, Page<InsightView>* out, std::string (*format)(const Key&)) {
  size_t first = 0;
  if (after) first = std::upper_bound(keys.begin(), keys.end(), *after) - keys.begin();
  for (size_t i = first; i < items.size(); ++i) {
    if (static_cast<int>(out->items.size()) == max_results) {
      out->next_after = format(keys[i - 1]);
      break;
    }
    out->items.push_back(std::move(items[i]));
  }
}

std::string FormatCustomKey(const std::pair<Millis, std::string>& k) {
  return std::to_string(k.first) + ":" + k.second;
}
std::string FormatIndexKey(const size_t& k) { return std::to_string(k); }

bool ParseCustomKey(const std::string& text, std::pair<Millis, std::string>* key) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 19) return false;
  for (size_t i = 0; i < colon; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  *key = {std::stoll(text.substr(0, colon)), text.substr(colon + 1)};
  return true;
}

bool ParseIndexKey(const std::string& text, size_t* key) {
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  *key = static_cast<size_t>(std::stoul(text));
  return true;
}

// The insights `arns` name, each once in the order first named; ResourceNotFound for the first
// that is not the caller's custom insight nor a managed one.
Status NamedInsights(StoreTransaction& tx, const Caller& caller, const std::vector<std::string>& arns,
                     std::vector<InsightView>* out) {
  std::set<std::string> seen;
  for (const std::string& arn : arns) {
    if (!seen.insert(arn).second) continue;
    if (const ManagedInsight* m = FindManaged(arn)) {
      out->push_back(ViewOfManaged(*m));
      continue;
    }
    const std::string id = CustomIdOf(caller, arn);
    std::optional<InsightRecord> r =
        id.empty() ? std::nullopt : tx.insights().Find(caller.region, caller.account_id, id);
    if (!r) return Status::NotFound(msg::InsightNotFound(arn));
    out->push_back(ViewOfCustom(*r));
  }
  return Status::OK();
}

}  // namespace

Status Insights::GetInsights(const Caller& caller, const std::optional<std::vector<std::string>>& arns,
                             const PageRequest& page, Page<InsightView>* out) {
  *out = {};
  if (page.max_results < 1 || page.max_results > 100) return Status::InvalidInput(msg::kMaxResults);
  if (arns && arns->size() > kMaxInsightArns) return Status::InvalidInput(msg::kTooManyArns);
  // Decision 87: an empty list asks for no ARNs in particular, as an absent one does.
  const bool named = arns && !arns->empty();
  std::pair<Millis, std::string> custom_after;
  size_t index_after = 0;
  if (!page.after.empty() && !(named ? ParseIndexKey(page.after, &index_after)
                                     : ParseCustomKey(page.after, &custom_after))) {
    return Status::InvalidInput(msg::kBadNextToken);
  }
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    std::vector<InsightView> items;
    if (named) {
      Status s = NamedInsights(tx, caller, *arns, &items);
      if (!s.ok()) return s;
      std::vector<size_t> keys(items.size());
      for (size_t i = 0; i < keys.size(); ++i) keys[i] = i;
      PageAfter(std::move(items), keys, page.after.empty() ? nullptr : &index_after,
                page.max_results, out, FormatIndexKey);
      return Status::OK();
    }
    std::vector<std::pair<Millis, std::string>> keys;
    for (const InsightRecord& r : tx.insights().OfAccount(caller.region, caller.account_id)) {
      keys.emplace_back(r.created_at, r.id);
      items.push_back(ViewOfCustom(r));
    }
    PageAfter(std::move(items), keys, page.after.empty() ? nullptr : &custom_after,
              page.max_results, out, FormatCustomKey);
    return Status::OK();
  });
}

Status Insights::UpdateInsight(const Caller& caller, const std::string& arn,
                               const InsightUpdate& update) {
  const Millis now = clock_.NowMillis();
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    if (FindManaged(arn)) return Status::InvalidInput(msg::ManagedInsight(arn));
    const std::string id = CustomIdOf(caller, arn);
    std::optional<InsightRecord> r =
        id.empty() ? std::nullopt : tx.insights().Find(caller.region, caller.account_id, id);
    if (!r) return Status::NotFound(msg::InsightNotFound(arn));
    if (update.name) r->name = *update.name;
    if (update.filters) r->filters = update.filters->is_null() ? json::object() : *update.filters;
    if (update.group_by_attribute) r->group_by_attribute = *update.group_by_attribute;
    Status s = CheckInsight(r->filters, r->group_by_attribute, now);
    if (!s.ok()) return s;
    tx.insights().Put(*r);
    return Status::OK();
  });
}

Status Insights::DeleteInsight(const Caller& caller, const std::string& arn) {
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    if (FindManaged(arn)) return Status::InvalidInput(msg::ManagedInsight(arn));
    const std::string id = CustomIdOf(caller, arn);
    if (id.empty() || !tx.insights().Find(caller.region, caller.account_id, id)) {
      return Status::NotFound(msg::InsightNotFound(arn));
    }
    tx.insights().Delete(caller.region, caller.account_id, id);
    return Status::OK();
  });
}

Status Insights::GetInsightResults(const Caller& caller, const std::string& arn,
                                   InsightResultsView* out) {
  *out = {};
  const Millis now = clock_.NowMillis();
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    std::vector<InsightView> insight;
    Status s = NamedInsights(tx, caller, {arn}, &insight);
    if (!s.ok()) return s;
    FindingFilter filter;
    s = FindingFilter::Parse(insight[0].filters, now, &filter);  // DateRange: from now
    if (!s.ok()) return s;
    const FindingAttribute* group_by = FindFindingAttribute(insight[0].group_by_attribute);
    if (!group_by) return Status::Internal("stored insight groups by an unknown attribute");
    FindingScan scan;
    scan.view = findings_internal::ViewOf(tx, caller);
    scan.conditions = findings_internal::IndexConditionsOf(filter);
    std::map<std::string, int64_t> counts;
    tx.findings().Scan(scan, [&](FindingRecord&& r) {
      if (filter.Matches(r.document)) CountValues(r.document, *group_by, &counts);
      return true;
    });
    out->arn = insight[0].arn;
    out->group_by_attribute = insight[0].group_by_attribute;
    out->values = Ranked(counts);
    return Status::OK();
  });
}

Status Insights::CheckSeed(const std::vector<InsightSeed>& insights, size_t* refused) {
  const Millis now = clock_.NowMillis();
  for (size_t i = 0; i < insights.size(); ++i) {
    Status s = CheckInsight(insights[i].filters, insights[i].group_by_attribute, now);
    if (!s.ok()) {
      *refused = i;
      return s;
    }
  }
  return Status::OK();
}

Status Insights::Seed(const std::vector<InsightSeed>& insights, size_t* refused) {
  Status s = CheckSeed(insights, refused);
  if (!s.ok()) return s;
  const Millis now = clock_.NowMillis();
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    for (const InsightSeed& seed : insights) {
      tx.insights().Put({seed.region, seed.account_id, seed.id.empty() ? NewRequestId() : seed.id,
                         seed.name, seed.filters.is_null() ? json::object() : seed.filters,
                         seed.group_by_attribute, seed.created_at ? seed.created_at : now});
    }
    return Status::OK();
  });
}

}  // namespace shmock
