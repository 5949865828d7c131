#include "product_catalogue.h"

namespace shmock {

const CatalogueProduct* FindCatalogueProduct(const std::string& key) {
  for (const CatalogueProduct& p : ProductCatalogue()) {
    if (p.key() == key) return &p;
  }
  return nullptr;
}

bool ParseProductArn(const std::string& arn, ParsedProductArn* out) {
  // arn : partition : securityhub : region : account : resource
  std::vector<std::string> parts;
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const size_t colon = arn.find(':', start);
    if (colon == std::string::npos) return false;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  const std::string resource = arn.substr(start);
  if (parts[0] != "arn" || parts[2] != "securityhub") return false;
  if (parts[1] != "aws" && parts[1] != "aws-cn" && parts[1] != "aws-us-gov") return false;
  if (parts[3].empty()) return false;
  const size_t slash1 = resource.find('/');
  if (slash1 == std::string::npos) return false;
  const size_t slash2 = resource.find('/', slash1 + 1);
  if (slash2 == std::string::npos || resource.find('/', slash2 + 1) != std::string::npos) {
    return false;
  }
  ParsedProductArn p;
  p.partition = parts[1];
  p.region = parts[3];
  p.account = parts[4];
  p.kind = resource.substr(0, slash1);
  p.company_id = resource.substr(slash1 + 1, slash2 - slash1 - 1);
  p.product_id = resource.substr(slash2 + 1);
  if ((p.kind != "product" && p.kind != "product-subscription") || p.company_id.empty() ||
      p.product_id.empty()) {
    return false;
  }
  *out = std::move(p);
  return true;
}

std::string ProductArnOf(const CatalogueProduct& p, const std::string& region) {
  return "arn:aws:securityhub:" + region + ":" + p.partner_account + ":product/" + p.key();
}

std::string SubscriptionArnOf(const std::string& key, const std::string& region,
                              const std::string& account_id) {
  return "arn:aws:securityhub:" + region + ":" + account_id + ":product-subscription/" + key;
}

std::string DefaultProductArn(const std::string& region, const std::string& account_id) {
  return "arn:aws:securityhub:" + region + ":" + account_id + ":product/" + account_id +
         "/default";
}

bool IsDefaultProductOf(const ParsedProductArn& arn, const std::string& account_id) {
  return arn.kind == "product" && arn.account == account_id && arn.company_id == account_id &&
         arn.product_id == "default";
}

bool ImportEnabled(StoreTransaction& tx, const std::string& region, const std::string& account_id,
                   const CatalogueProduct& product) {
  const auto record = tx.product_subscriptions().Find(region, account_id, product.key());
  return record ? record->enabled : product.enabled_by_default;
}

}  // namespace shmock
