// NextToken: the opaque pagination token of the list operations (decision 13).
//
// A token names the operation that issued it and the key of the last item returned, so a page
// resumes after that key (keyset pagination) and a token from another operation, or a token
// changed in transit, is refused instead of silently restarting the listing. It is URL-safe.
//
// A key is one or more parts of any bytes: an account ID for the membership lists, a composite
// key (say, a time and an ID) for lists ordered by more than one column. Which parts a list
// expects is the list's business: the handler checks what it decoded. Inside the token the
// parts are joined with '|', a '|' or '\' within a part escaped with '\', so a one-part key
// without either (every account ID) reads "shmock1|<operation>|<key>" before base64.
#ifndef SHMOCK_PROTOCOL_NEXT_TOKEN_H_
#define SHMOCK_PROTOCOL_NEXT_TOKEN_H_

#include <string>
#include <string_view>
#include <vector>

namespace shmock {

using PageKey = std::vector<std::string>;

// The token of the page after `after`, the key of the last item on this page; an empty key
// means "no further page" and encodes to an empty token.
std::string EncodeNextToken(std::string_view operation, const PageKey& after);
// False unless `token` came from EncodeNextToken for `operation`.
bool DecodeNextToken(std::string_view operation, std::string_view token, PageKey* after);

}  // namespace shmock

#endif  // SHMOCK_PROTOCOL_NEXT_TOKEN_H_
