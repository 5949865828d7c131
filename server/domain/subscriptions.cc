#include "subscriptions.h"

namespace shmock {
namespace {

std::string AccountPrefix(const std::string& region, const std::string& account_id) {
  return "arn:aws:securityhub:" + region + ":" + account_id + ":";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// ARNs

std::string SubscriptionArn(const std::string& region, const std::string& account_id,
                            const StandardDefinition& standard) {
  return AccountPrefix(region, account_id) + "subscription/" + standard.Path();
}

std::string StandardsControlArn(const std::string& region, const std::string& account_id,
                                const StandardDefinition& standard, const std::string& control_id) {
  return AccountPrefix(region, account_id) + "control/" + standard.Path() + "/" + control_id;
}

std::string SecurityControlArn(const std::string& region, const std::string& account_id,
                               const std::string& control_id) {
  return AccountPrefix(region, account_id) + "security-control/" + control_id;
}

std::optional<std::string> OwnResource(const std::string& arn, const Caller& caller,
                                       const std::string& kind) {
  const std::string prefix = AccountPrefix(caller.region, caller.account_id) + kind + "/";
  if (arn.size() <= prefix.size() || arn.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  return arn.substr(prefix.size());
}

// ---------------------------------------------------------------------------------------------
// Subscriptions

std::optional<StandardsStatus> StatusAt(const StandardsSubscriptionRecord& record, Millis now,
                                        Millis delay) {
  const bool over = now - record.requested_at >= delay;
  if (record.deleting) {
    if (over) return std::nullopt;
    return StandardsStatus::kDeleting;
  }
  if (!over) return StandardsStatus::kPending;
  return record.status_reason.empty() ? StandardsStatus::kReady : StandardsStatus::kIncomplete;
}

std::vector<LiveSubscription> LiveSubscriptions(StoreTransaction& tx, const Caller& account,
                                                Millis now, Millis delay) {
  std::vector<LiveSubscription> out;
  const Catalogue& catalogue = Catalogue::Get();
  for (StandardsSubscriptionRecord& r : tx.standards().Subscriptions(account.region, account.account_id)) {
    auto status = StatusAt(r, now, delay);
    const StandardDefinition* standard = catalogue.FindStandard(r.standard_id);
    if (!status || !standard) continue;
    out.push_back({std::move(r), standard, *status});
  }
  return out;
}

std::optional<LiveSubscription> FindLiveSubscription(StoreTransaction& tx, const Caller& account,
                                                     const StandardDefinition& standard,
                                                     Millis now, Millis delay) {
  for (LiveSubscription& s : LiveSubscriptions(tx, account, now, delay)) {
    if (s.standard == &standard) return std::move(s);
  }
  return std::nullopt;
}

StandardsSubscriptionRecord Subscribe(StoreTransaction& tx, const Caller& account,
                                      const StandardDefinition& standard,
                                      const std::map<std::string, std::string>& input, Millis now) {
  StandardsSubscriptionRecord r;
  r.region = account.region;
  r.account_id = account.account_id;
  r.standard_id = standard.id;
  r.standards_input = input;
  r.requested_at = now;
  tx.standards().DeleteAssociations(account.region, account.account_id, standard.id);
  tx.standards().PutSubscription(r);
  return r;
}

StandardsSubscriptionRecord Unsubscribe(StoreTransaction& tx, const Caller& account,
                                        const StandardDefinition& standard, Millis now,
                                        Millis delay) {
  StandardsSubscriptionRecord r;
  for (StandardsSubscriptionRecord& found :
       tx.standards().Subscriptions(account.region, account.account_id)) {
    if (found.standard_id == standard.id) r = std::move(found);
  }
  r.region = account.region;
  r.account_id = account.account_id;
  r.standard_id = standard.id;
  r.requested_at = now;
  r.deleting = true;
  tx.standards().DeleteAssociations(account.region, account.account_id, standard.id);
  if (delay <= 0) {
    tx.standards().DeleteSubscription(account.region, account.account_id, standard.id);
  } else {
    tx.standards().PutSubscription(r);
  }
  return r;
}

void PurgeGoneSubscriptions(StoreTransaction& tx, const Caller& account, Millis now,
                            Millis delay) {
  for (const StandardsSubscriptionRecord& r :
       tx.standards().Subscriptions(account.region, account.account_id)) {
    if (!StatusAt(r, now, delay)) {
      tx.standards().DeleteSubscription(r.region, r.account_id, r.standard_id);
    }
  }
}

void SubscribeDefaultStandards(StoreTransaction& tx, const Caller& account, Millis now) {
  for (const StandardDefinition& s : Catalogue::Get().standards()) {
    if (s.enabled_by_default) Subscribe(tx, account, s, {}, now);
  }
}

void DropStandards(StoreTransaction& tx, const Caller& account) {
  tx.standards().DeleteAccount(account.region, account.account_id);
}

// ---------------------------------------------------------------------------------------------
// Control associations

AssociationRecords ReadAssociations(StoreTransaction& tx, const Caller& account) {
  AssociationRecords out;
  for (ControlAssociationRecord& a : tx.standards().Associations(account.region, account.account_id)) {
    auto key = std::make_pair(a.standard_id, a.control_id);
    out.emplace(std::move(key), std::move(a));
  }
  return out;
}

AssociationState AssociationOf(const AssociationRecords& records,
                               const LiveSubscription& subscription,
                               const ControlDefinition& control) {
  auto it = records.find({subscription.standard->id, control.id});
  if (it != records.end()) {
    return {it->second.enabled, it->second.updated_reason, it->second.updated_at};
  }
  // Decision 55: a service-managed standard's controls start disabled (UG, Control Tower).
  return {!subscription.standard->service_managed, "", subscription.record.requested_at};
}

void SetAssociation(StoreTransaction& tx, const Caller& account,
                    const LiveSubscription& subscription, const ControlDefinition& control,
                    bool enabled, const std::string& reason, Millis now) {
  ControlAssociationRecord a;
  a.region = account.region;
  a.account_id = account.account_id;
  a.standard_id = subscription.standard->id;
  a.control_id = control.id;
  a.enabled = enabled;
  a.updated_reason = reason;
  a.updated_at = now;
  tx.standards().PutAssociation(a);
}

// ---------------------------------------------------------------------------------------------
// Lists

bool NaturalLess(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      size_t ie = i, je = j;
      while (ie < a.size() && digit(a[ie])) ++ie;
      while (je < b.size() && digit(b[je])) ++je;
      // Without leading zeros, the longer run is the larger number.
      size_t is = i, js = j;
      while (is + 1 < ie && a[is] == '0') ++is;
      while (js + 1 < je && b[js] == '0') ++js;
      if (ie - is != je - js) return ie - is < je - js;
      int c = a.compare(is, ie - is, b, js, je - js);
      if (c != 0) return c < 0;
      i = ie, j = je;
      continue;
    }
    if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    ++i, ++j;
  }
  if (i < a.size() || j < b.size()) return j < b.size() && i == a.size();
  return a < b;  // equal as numbers ("01" and "1"): the text decides
}

std::string Quoted(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace shmock
