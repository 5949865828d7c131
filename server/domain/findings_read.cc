// GetFindings and GetFindingHistory: what the caller's view holds (decisions 33, 34, 39).
#include <algorithm>
#include <limits>

#include "accounts.h"
#include "finding_documents.h"
#include "shmock/asff_timestamp.h"
#include "shmock/findings.h"
#include "shmock/store.h"

namespace shmock {
namespace msg {
const char kBadNextToken[] = "The NextToken is not valid for this request";
const char kMaxResults[] = "MaxResults must be between 1 and 100";
const char kBadTime[] = "StartTime and EndTime must be ISO 8601 timestamps";
const char kTimeOrder[] = "StartTime must not be later than EndTime";
}  // namespace msg

using namespace findings_internal;  // NOLINT: this module's own helpers

namespace {

// The default order is the store's: a page stops after max + 1 matches. Its key is the last
// finding's position "d:<updated_at>:<number>".
Status PageInStoreOrder(StoreTransaction& tx, FindingScan scan, const FindingFilter& filter,
                        const FindingsQuery& query, FindingsPage* page) {
  const size_t max = static_cast<size_t>(query.max_results);
  if (!query.after.empty()) {
    FindingPosition p;
    if (!ParsePositionKey(query.after, "d:", &p.updated_at, &p.number)) {
      return Status::InvalidInput(msg::kBadNextToken);
    }
    scan.after = p;
  }
  std::vector<FindingRecord> matches;
  tx.findings().Scan(scan, [&](FindingRecord&& r) {
    if (filter.Matches(r.document)) matches.push_back(std::move(r));
    return matches.size() <= max;
  });
  if (matches.size() > max) {
    matches.pop_back();
    page->next_after = PositionKey("d:", matches.back().updated_at, matches.back().number);
  }
  for (FindingRecord& r : matches) page->findings.push_back(std::move(r.document));
  return Status::OK();
}

// Under SortCriteria: every match, sorted (the default order breaks ties), then the page after
// the last finding returned, whose key is "s:" + [account, ProductArn, Id]. Imports between
// pages fall into their place without moving the ones already returned.
Status PageInSortOrder(StoreTransaction& tx, const Caller& caller, const FindingScan& scan,
                       const FindingFilter& filter, const std::vector<SortKey>& keys,
                       const FindingsQuery& query, FindingsPage* page) {
  std::vector<FindingRecord> matches;
  tx.findings().Scan(scan, [&](FindingRecord&& r) {
    if (filter.Matches(r.document)) matches.push_back(std::move(r));
    return true;
  });
  auto before = [&keys](const FindingRecord& a, const FindingRecord& b) {
    const int c = CompareFindings(a.document, b.document, keys);
    if (c != 0) return c < 0;
    return std::make_pair(a.updated_at, a.number) > std::make_pair(b.updated_at, b.number);
  };
  std::sort(matches.begin(), matches.end(), before);
  size_t first = 0;
  if (!query.after.empty()) {
    const json key = query.after.rfind("s:", 0) == 0
                         ? json::parse(query.after.substr(2), nullptr, false) : json();
    // [account, ProductArn, Id, Region]; a key without the Region (issued before aggregation
    // showed other Regions' findings) names one in the caller's Region.
    const bool strings = key.is_array() && std::all_of(key.begin(), key.end(), [](const json& k) {
                           return k.is_string();
                         });
    if (!strings || (key.size() != 3 && key.size() != 4)) {
      return Status::InvalidInput(msg::kBadNextToken);
    }
    const std::string region = key.size() == 4 ? key[3].get<std::string>() : caller.region;
    std::optional<FindingRecord> last = tx.findings().Find(region, key[0], key[1], key[2]);
    if (!last) return Status::InvalidInput(msg::kBadNextToken);
    first = static_cast<size_t>(
        std::upper_bound(matches.begin(), matches.end(), *last, before) - matches.begin());
  }
  const size_t max = static_cast<size_t>(query.max_results);
  for (size_t i = first; i < matches.size(); ++i) {
    if (page->findings.size() == max) {
      const FindingRecord& r = matches[i - 1];
      page->next_after = "s:" + json::array({r.account_id, r.product_arn, r.id, r.region}).dump();
      break;
    }
    page->findings.push_back(std::move(matches[i].document));
  }
  return Status::OK();
}

}  // namespace

Status Findings::GetFindings(const Caller& caller, const FindingsQuery& query, FindingsPage* page) {
  *page = {};
  if (query.max_results < 1 || query.max_results > 100) return Status::InvalidInput(msg::kMaxResults);
  FindingFilter filter;
  Status s = FindingFilter::Parse(query.filters, clock_.NowMillis(), &filter);
  if (!s.ok()) return s;
  std::vector<SortKey> keys;
  s = ParseSortCriteria(query.sort_criteria, &keys);
  if (!s.ok()) return s;
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    FindingScan scan;
    scan.view = ViewOf(tx, caller);
    scan.conditions = IndexConditionsOf(filter);
    if (keys.empty()) return PageInStoreOrder(tx, std::move(scan), filter, query, page);
    return PageInSortOrder(tx, caller, scan, filter, keys, query, page);
  });
}

Status Findings::GetFindingHistory(const Caller& caller, const FindingHistoryQuery& query,
                                   FindingHistoryPage* page) {
  *page = {};
  if (query.max_results < 1 || query.max_results > 100) return Status::InvalidInput(msg::kMaxResults);
  const Millis now = clock_.NowMillis();
  Millis from = std::numeric_limits<Millis>::min(), to = now;
  if ((query.start_time && !ParseAsffTimestamp(*query.start_time, &from)) ||
      (query.end_time && !ParseAsffTimestamp(*query.end_time, &to))) {
    return Status::InvalidInput(msg::kBadTime);
  }
  if (from > to) return Status::InvalidInput(msg::kTimeOrder);
  std::optional<std::pair<Millis, int64_t>> after;
  if (!query.after.empty()) {
    std::pair<Millis, int64_t> p;
    if (!ParsePositionKey(query.after, "h:", &p.first, &p.second)) {
      return Status::InvalidInput(msg::kBadNextToken);
    }
    after = p;
  }
  const size_t max = static_cast<size_t>(query.max_results);
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    std::optional<FindingRecord> finding =
        FindVisible(tx, caller, ViewOf(tx, caller), query.identifier);
    if (!finding) return Status::OK();  // decision 39: no records, no hint that it exists
    std::vector<FindingHistoryEntry> entries =
        tx.findings().History(finding->number, from, to, after, max + 1);
    if (entries.size() > max) {
      entries.pop_back();
      page->next_after = PositionKey("h:", entries.back().time, entries.back().sequence);
    }
    for (FindingHistoryEntry& e : entries) page->records.push_back(std::move(e.record));
    return Status::OK();
  });
}

Status Findings::CountActive(const Caller& caller, ActiveFindingCounts* out) {
  *out = {};
  return store_.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    for (const auto& [region, account] : ViewOf(tx, caller)) {
      out->view_accounts.push_back(account);
      for (const auto& [label, count] : tx.findings().CountBySeverity(region, account, "ACTIVE")) {
        if (account == caller.account_id) out->account[label] += count;
        out->view[label] += count;
      }
    }
    return Status::OK();
  });
}

}  // namespace shmock
