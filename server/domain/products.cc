#include "shmock/products.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "accounts.h"
#include "product_catalogue.h"

namespace shmock {
namespace msg {
// Decision 23: the wording of EnableSecurityHub's conflict, for a product.
std::string AlreadyEnabled(const std::string& account, const std::string& arn) {
  return "Account " + account + " is already subscribed to product " + arn;
}
std::string UnknownProduct(const std::string& arn) {
  return "Invalid ProductArn: " + arn + " is not a product of this Region";
}
// The real text for another account's resource (Appendix A.9).
std::string NotAuthorized(const std::string& account, const std::string& arn) {
  return "Account id " + account + " is not authorized to perform action on resource: " + arn;
}
std::string NoSubscription(const std::string& arn) {
  return "Product subscription " + arn + " not found";
}
}  // namespace msg

namespace {

// The policy a partner product with an account of its own carries: the partner may import
// into the subscriber's account, the subscriber into the partner's product (Appendix A.9).
std::string SubscriptionPolicy(const CatalogueProduct& p, const std::string& region,
                               const std::string& account) {
  if (p.partner_account.empty()) return "";
  using nlohmann::json;
  auto statement = [&](const std::string& principal, const std::string& resource) {
    return json{{"Effect", "Allow"},
                {"Principal", {{"AWS", principal}}},
                {"Action", json::array({"securityhub:BatchImportFindings"})},
                {"Resource", resource},
                {"Condition", {{"StringEquals", {{"securityhub:TargetAccount", account}}}}}};
  };
  const json policy = {
      {"Version", "2012-10-17"},
      {"Statement", json::array({statement(p.partner_account,
                                           SubscriptionArnOf(p.key(), region, account)),
                                 statement(account, ProductArnOf(p, region))})}};
  return policy.dump();
}

// The catalogue product `arn` names in `region`: its ARN with no account or the partner's.
const CatalogueProduct* ProductOfArn(const std::string& arn, const std::string& region) {
  ParsedProductArn parsed;
  if (!ParseProductArn(arn, &parsed) || parsed.kind != "product" || parsed.region != region) {
    return nullptr;
  }
  const CatalogueProduct* p = FindCatalogueProduct(parsed.key());
  if (!p || (!parsed.account.empty() && parsed.account != p->partner_account)) return nullptr;
  return p;
}

}  // namespace

namespace {

// One page of `keys` (in order) after `page.after`: the items' keys, and the key to ask after
// next when more follow.
template <typename Key>
std::vector<Key> PageOf(const std::vector<Key>& keys, const PageRequest& page,
                        std::string* next_after) {
  size_t first = 0;
  if (!page.after.empty()) {
    while (first < keys.size() && keys[first] <= page.after) ++first;
  }
  std::vector<Key> out;
  for (size_t i = first; i < keys.size(); ++i) {
    if (static_cast<int>(out.size()) == page.max_results) {
      *next_after = out.back();
      break;
    }
    out.push_back(keys[i]);
  }
  return out;
}

}  // namespace

Status Products::DescribeProducts(const Caller& caller,
                                  const std::optional<std::string>& product_arn,
                                  const PageRequest& page, Page<ProductView>* out) {
  *out = {};
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction&) {
    // The catalogue's order is not the keys' order: page by position, the key naming it.
    const auto& catalogue = ProductCatalogue();
    size_t first = 0;
    if (!page.after.empty()) {
      while (first < catalogue.size() && catalogue[first].key() != page.after) ++first;
      ++first;  // past it; an unknown key (the protocol checked it was ours) ends the list
    }
    for (size_t i = first; i < catalogue.size(); ++i) {
      const CatalogueProduct& p = catalogue[i];
      if (product_arn && ProductOfArn(*product_arn, caller.region) != &p) continue;
      if (static_cast<int>(out->items.size()) == page.max_results) {
        out->next_after = catalogue[i - 1].key();
        break;
      }
      ProductView v;
      v.product_arn = ProductArnOf(p, caller.region);
      v.name = p.name;
      v.company = p.company;
      v.description = p.description;
      v.categories = p.categories;
      v.integration_types = p.integration_types;
      v.marketplace_url = p.marketplace_url;
      v.activation_url = p.activation_url;
      v.subscription_policy = SubscriptionPolicy(p, caller.region, caller.account_id);
      out->items.push_back(std::move(v));
    }
    return Status::OK();
  });
}

Status Products::EnableImportFindingsForProduct(const Caller& caller,
                                                const std::string& product_arn,
                                                std::string* subscription_arn) {
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    const CatalogueProduct* p = ProductOfArn(product_arn, caller.region);
    if (!p) return Status::InvalidInput(msg::UnknownProduct(product_arn));
    if (ImportEnabled(tx, caller.region, caller.account_id, *p)) {
      return Status::Conflict(msg::AlreadyEnabled(caller.account_id, product_arn));
    }
    tx.product_subscriptions().Put(
        {caller.region, caller.account_id, p->key(), true, clock_.NowMillis()});
    *subscription_arn = SubscriptionArnOf(p->key(), caller.region, caller.account_id);
    return Status::OK();
  });
}

Status Products::DisableImportFindingsForProduct(const Caller& caller,
                                                 const std::string& subscription_arn) {
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    ParsedProductArn parsed;
    if (!ParseProductArn(subscription_arn, &parsed)) {
      return Status::InvalidInput("Invalid ProductSubscriptionArn: " + subscription_arn);
    }
    if (parsed.kind != "product-subscription" || parsed.account != caller.account_id ||
        parsed.region != caller.region) {
      return Status::AccessDenied(msg::NotAuthorized(caller.account_id, subscription_arn));
    }
    const CatalogueProduct* p = FindCatalogueProduct(parsed.key());
    if (!p || !ImportEnabled(tx, caller.region, caller.account_id, *p)) {
      return Status::NotFound(msg::NoSubscription(subscription_arn));
    }
    tx.product_subscriptions().Put(
        {caller.region, caller.account_id, p->key(), false, clock_.NowMillis()});
    return Status::OK();
  });
}

Status Products::ListEnabledProductsForImport(const Caller& caller, const PageRequest& page,
                                              Page<std::string>* out) {
  *out = {};
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    std::vector<std::string> keys;  // enabled products, by key
    for (const CatalogueProduct& p : ProductCatalogue()) {
      if (ImportEnabled(tx, caller.region, caller.account_id, p)) keys.push_back(p.key());
    }
    std::sort(keys.begin(), keys.end());
    for (const std::string& key : PageOf(keys, page, &out->next_after)) {
      out->items.push_back(SubscriptionArnOf(key, caller.region, caller.account_id));
    }
    return Status::OK();
  });
}

}  // namespace shmock
