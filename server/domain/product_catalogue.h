// The product catalogue and who may import a product's findings: what the products module
// (DescribeProducts, the subscriptions) and the findings module (BatchImportFindings) share,
// so that neither includes the other (design.md, "The domain's modules"). Internal to
// server/domain/. Rules and sources: behavior.md §13 (decisions 21-24), Appendix A.9.
#ifndef SHMOCK_DOMAIN_PRODUCT_CATALOGUE_H_
#define SHMOCK_DOMAIN_PRODUCT_CATALOGUE_H_

#include <optional>
#include <string>
#include <vector>

#include "shmock/store.h"

namespace shmock {

// A product of the catalogue, the same in every Region.
struct CatalogueProduct {
  std::string company_id;       // "aws", "prowler"
  std::string product_id;       // "guardduty", "prowler"
  std::string partner_account;  // the account in its ARN, empty for most
  std::string name;
  std::string company;
  std::string description;
  std::vector<std::string> categories;
  std::vector<std::string> integration_types;
  std::string marketplace_url;
  std::string activation_url;
  bool enabled_by_default = false;  // AWS's own integrations: subscribed from the start

  std::string key() const { return company_id + "/" + product_id; }  // "<company>/<product>"
};

// Every product, AWS's first (product_catalogue_data.cc).
const std::vector<CatalogueProduct>& ProductCatalogue();
// The product with this key, or nullptr.
const CatalogueProduct* FindCatalogueProduct(const std::string& key);

// The pieces of arn:<partition>:securityhub:<region>:<account>:<kind>/<company>/<product>.
struct ParsedProductArn {
  std::string partition;
  std::string region;
  std::string account;  // may be empty
  std::string kind;     // "product" or "product-subscription"
  std::string company_id;
  std::string product_id;
  std::string key() const { return company_id + "/" + product_id; }
};
// False for anything that is not such an ARN (partition aws, aws-cn or aws-us-gov).
bool ParseProductArn(const std::string& arn, ParsedProductArn* out);

std::string ProductArnOf(const CatalogueProduct& p, const std::string& region);
std::string SubscriptionArnOf(const std::string& key, const std::string& region,
                              const std::string& account_id);
// The account's own product: arn:aws:securityhub:<region>:<account>:product/<account>/default.
std::string DefaultProductArn(const std::string& region, const std::string& account_id);
bool IsDefaultProductOf(const ParsedProductArn& arn, const std::string& account_id);

// Whether `account_id` imports the catalogue product `key` in `region`: its subscription
// record decides, or, without one, whether the product is enabled by default.
bool ImportEnabled(StoreTransaction& tx, const std::string& region, const std::string& account_id,
                   const CatalogueProduct& product);

}  // namespace shmock

#endif  // SHMOCK_DOMAIN_PRODUCT_CATALOGUE_H_
