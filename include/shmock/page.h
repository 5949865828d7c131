// Page: keyset pagination as every domain list operation takes and answers it.
//
// A request names the key of the last item already returned (`after`, exclusive) and how many
// items it wants; an answer carries the items and the key to ask after next, empty on the last
// page. The key is the list's own sort key (an account id for the membership lists); what the
// client sees of it is the protocol's opaque NextToken.
#ifndef SHMOCK_PAGE_H_
#define SHMOCK_PAGE_H_

#include <string>
#include <vector>

namespace shmock {

struct PageRequest {
  int max_results = 50;
  std::string after;
};

template <typename Item>
struct Page {
  std::vector<Item> items;
  std::string next_after;  // empty on the last page
};

}  // namespace shmock

#endif  // SHMOCK_PAGE_H_
