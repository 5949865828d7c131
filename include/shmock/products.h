// Products: the catalogue of integrations (DescribeProducts) and an account's choice of which
// products may import findings into it (Enable/DisableImportFindingsForProduct,
// ListEnabledProductsForImport). Per Region, per account ("Self" for administrators and members
// alike). Rules and sources: behavior.md §13 (decisions 21-24), Appendix A.9.
//
// A domain module beside hubs and membership: no HTTP, no SQL; each call is one transaction.
// What BatchImportFindings asks of it (may this account import this product?) lives in
// server/domain/product_catalogue.h, which both modules stand on.
#ifndef SHMOCK_PRODUCTS_H_
#define SHMOCK_PRODUCTS_H_

#include <optional>
#include <string>
#include <vector>

#include "shmock/clock.h"
#include "shmock/page.h"
#include "shmock/records.h"
#include "shmock/status.h"

namespace shmock {

class Store;

// A product as DescribeProducts answers it.
struct ProductView {
  std::string product_arn;
  std::string name;
  std::string company;
  std::string description;
  std::vector<std::string> categories;
  std::vector<std::string> integration_types;
  std::string marketplace_url;   // empty: not answered
  std::string activation_url;    // empty: not answered
  std::string subscription_policy;  // a JSON document as text; empty: not answered
};

class Products {
 public:
  Products(Store& store, Clock& clock) : store_(store), clock_(clock) {}

  // The catalogue in the caller's Region, in catalogue order; page keys are "<company>/<product>".
  // With `product_arn`: only that product (none when unknown). InvalidAccess without a hub.
  Status DescribeProducts(const Caller& caller, const std::optional<std::string>& product_arn,
                          const PageRequest& page, Page<ProductView>* out);
  // InvalidInput for an ARN that is not a catalogue product of the caller's Region (or names a
  // partner account other than the product's); Conflict when already enabled.
  Status EnableImportFindingsForProduct(const Caller& caller, const std::string& product_arn,
                                        std::string* subscription_arn);
  // AccessDenied for another account's (or a product's) ARN; ResourceNotFound when the caller
  // has no such subscription.
  Status DisableImportFindingsForProduct(const Caller& caller, const std::string& subscription_arn);
  // The caller's subscription ARNs, by product key (the page key).
  Status ListEnabledProductsForImport(const Caller& caller, const PageRequest& page,
                                      Page<std::string>* out);

 private:
  Store& store_;
  Clock& clock_;
};

}  // namespace shmock

#endif  // SHMOCK_PRODUCTS_H_
