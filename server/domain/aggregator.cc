// The finding aggregator (behavior.md §17): one per account, created in its home Region.
#include "shmock/aggregator.h"

#include <set>

#include "accounts.h"
#include "aggregation.h"
#include "shmock/ids.h"

namespace shmock {
namespace msg {
// The real text for a member account (Appendix A.12).
const char kMemberAccount[] = "A finding aggregator cannot be created by a member account.";
std::string UnknownMode(const std::string& mode) {
  return "Invalid RegionLinkingMode '" + mode +
         "'. Valid values are ALL_REGIONS, ALL_REGIONS_EXCEPT_SPECIFIED, SPECIFIED_REGIONS and "
         "NO_REGIONS.";
}
std::string RegionsNotAllowed(const std::string& mode) {
  return "Regions must be empty when RegionLinkingMode is " + mode + ".";
}
std::string RegionsRequired(const std::string& mode) {
  return "Regions must list at least one Region when RegionLinkingMode is " + mode + ".";
}
std::string UnknownRegions(const std::string& regions) {
  return "Invalid Regions: " + regions +
         ". Each must be an AWS Region where Security Hub is available, such as eu-west-1.";
}
std::string HomeRegionListed(const std::string& home) {
  return "The home Region " + home + " cannot be listed in Regions: it is always part of the "
         "aggregation.";
}
const char kTooManyRegions[] = "Regions may list at most 100 Regions.";
std::string AlreadyExists(const std::string& account, const std::string& arn,
                          const std::string& home) {
  return "Account " + account + " already has a finding aggregator, " + arn +
         ", with home Region " + home +
         ". An account has one finding aggregator: update it, or delete it to create another.";
}
std::string NotFound(const std::string& arn) { return "Finding aggregator " + arn + " not found."; }
std::string NotHomeRegion(const std::string& arn, const std::string& verb, const std::string& home) {
  return "Finding aggregator " + arn + " can be " + verb + " only from its home Region " + home + ".";
}
}  // namespace msg

namespace {

constexpr size_t kMaxRegions = 100;

// A Region name or an id: 1-64 lowercase letters, digits and hyphens (what goes into an ARN).
bool IsPlainName(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool IsLinkingMode(const std::string& mode) {
  return mode == "ALL_REGIONS" || mode == "ALL_REGIONS_EXCEPT_SPECIFIED" ||
         mode == "SPECIFIED_REGIONS" || mode == "NO_REGIONS";
}

// Decision 60: the settings as they hold for `home_region`, with the Regions each kept once in
// the order given; or the refusal.
Status CheckSettings(const AggregatorSettings& settings, const std::string& home_region,
                     std::vector<std::string>* regions) {
  regions->clear();
  const std::string& mode = settings.linking_mode;
  if (!IsLinkingMode(mode)) return Status::InvalidInput(msg::UnknownMode(mode));
  const std::vector<std::string> given = settings.regions.value_or(std::vector<std::string>{});
  if (given.size() > kMaxRegions) return Status::InvalidInput(msg::kTooManyRegions);
  const bool names_regions = mode == "ALL_REGIONS_EXCEPT_SPECIFIED" || mode == "SPECIFIED_REGIONS";
  if (!names_regions && !given.empty()) return Status::InvalidInput(msg::RegionsNotAllowed(mode));
  if (names_regions && given.empty()) return Status::InvalidInput(msg::RegionsRequired(mode));
  std::string unknown;
  std::set<std::string> seen;
  for (const std::string& r : given) {
    if (!IsKnownRegion(r)) {
      unknown += (unknown.empty() ? "" : ", ") + r;
    } else if (seen.insert(r).second) {
      regions->push_back(r);
    }
  }
  if (!unknown.empty()) return Status::InvalidInput(msg::UnknownRegions(unknown));
  if (seen.count(home_region)) return Status::InvalidInput(msg::HomeRegionListed(home_region));
  return Status::OK();
}

FindingAggregatorView AnswerOf(const AggregatorRecord& a) {
  return {FindingAggregatorArn(a), a.home_region, a.linking_mode, a.regions};
}

// The caller's aggregator if `arn` names it; otherwise ResourceNotFound.
Status FindNamed(StoreTransaction& tx, const Caller& caller, const std::string& arn,
                 AggregatorRecord* out) {
  std::optional<AggregatorRecord> a = tx.aggregators().Find(caller.account_id);
  if (!a || FindingAggregatorArn(*a) != arn) return Status::NotFound(msg::NotFound(arn));
  *out = std::move(*a);
  return Status::OK();
}

// Decision 61: a change comes from the home Region.
Status RequireHomeRegion(const Caller& caller, const AggregatorRecord& a, const char* verb) {
  if (caller.region == a.home_region) return Status::OK();
  return Status::InvalidInput(msg::NotHomeRegion(FindingAggregatorArn(a), verb, a.home_region));
}

}  // namespace

std::string FindingAggregatorArn(const AggregatorRecord& a) {
  return "arn:aws:securityhub:" + a.home_region + ":" + a.account_id + ":finding-aggregator/" +
         a.id;
}

Status Aggregators::Create(const Caller& caller, const AggregatorSettings& settings,
                           FindingAggregatorView* out) {
  AggregatorRecord a;
  a.account_id = caller.account_id;
  a.home_region = caller.region;
  a.linking_mode = settings.linking_mode;
  a.id = NewRequestId();
  a.created_at = clock_.NowMillis();
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    Status s = CheckSettings(settings, caller.region, &a.regions);
    if (!s.ok()) return s;
    if (EnabledAdministratorOf(tx, caller)) return Status::InvalidInput(msg::kMemberAccount);
    if (std::optional<AggregatorRecord> existing = tx.aggregators().Find(caller.account_id)) {
      return Status::InvalidInput(msg::AlreadyExists(
          caller.account_id, FindingAggregatorArn(*existing), existing->home_region));
    }
    tx.aggregators().Put(a);
    *out = AnswerOf(a);
    return Status::OK();
  });
}

Status Aggregators::Get(const Caller& caller, const std::string& arn, FindingAggregatorView* out) {
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    AggregatorRecord a;
    Status s = FindNamed(tx, caller, arn, &a);
    if (s.ok()) *out = AnswerOf(a);
    return s;
  });
}

Status Aggregators::Update(const Caller& caller, const std::string& arn,
                           const AggregatorSettings& settings, FindingAggregatorView* out) {
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    AggregatorRecord a;
    Status s = FindNamed(tx, caller, arn, &a);
    if (s.ok()) s = RequireHomeRegion(caller, a, "updated");
    if (s.ok()) s = CheckSettings(settings, a.home_region, &a.regions);
    if (!s.ok()) return s;
    a.linking_mode = settings.linking_mode;
    tx.aggregators().Put(a);
    *out = AnswerOf(a);
    return Status::OK();
  });
}

Status Aggregators::Delete(const Caller& caller, const std::string& arn) {
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    AggregatorRecord a;
    Status s = FindNamed(tx, caller, arn, &a);
    if (s.ok()) s = RequireHomeRegion(caller, a, "deleted");
    if (!s.ok()) return s;
    tx.aggregators().Delete(caller.account_id);
    return Status::OK();
  });
}

Status Aggregators::List(const Caller& caller, std::vector<std::string>* arns) {
  arns->clear();
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    if (std::optional<AggregatorRecord> a = tx.aggregators().Find(caller.account_id)) {
      arns->push_back(FindingAggregatorArn(*a));
    }
    return Status::OK();
  });
}

Status Aggregators::Seed(std::vector<AggregatorRecord> aggregators, size_t* refused) {
  std::set<std::string> accounts;
  for (size_t i = 0; i < aggregators.size(); ++i) {
    AggregatorRecord& a = aggregators[i];
    *refused = i;
    if (!IsAccountId(a.account_id)) {
      return Status::InvalidInput("accountId: '" + a.account_id + "' is not a 12-digit account ID");
    }
    if (!accounts.insert(a.account_id).second) {
      return Status::InvalidInput("accountId: '" + a.account_id +
                                  "' is listed twice; an account has one finding aggregator");
    }
    if (!IsPlainName(a.home_region)) {
      return Status::InvalidInput("homeRegion: '" + a.home_region + "' is not a Region name");
    }
    if (!a.id.empty() && !IsPlainName(a.id)) {
      return Status::InvalidInput("id: '" + a.id + "' is not an id such as a UUID");
    }
    AggregatorSettings settings{a.linking_mode, a.regions};
    Status s = CheckSettings(settings, a.home_region, &a.regions);
    if (!s.ok()) return s;
    if (a.id.empty()) a.id = NewRequestId();
  }
  *refused = aggregators.size();
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    for (const AggregatorRecord& a : aggregators) tx.aggregators().Put(a);
    return Status::OK();
  });
}

}  // namespace shmock
