// NextToken: the opaque pagination token of the list operations (decision 13).
//
// A token names the operation that issued it and the key of the last item returned, so a page
// resumes after that key (keyset pagination) and a token from another operation, or a token
// changed in transit, is refused instead of silently restarting the listing. It is URL-safe.
#ifndef SHMOCK_NEXT_TOKEN_H_
#define SHMOCK_NEXT_TOKEN_H_

#include <string>

namespace shmock {

// `after` is the account id of the last item on the page; empty means "no further page" and
// encodes to an empty token.
std::string EncodeNextToken(const std::string& operation, const std::string& after);
// False unless `token` came from EncodeNextToken for `operation`.
bool DecodeNextToken(const std::string& operation, const std::string& token, std::string* after);

}  // namespace shmock

#endif  // SHMOCK_NEXT_TOKEN_H_
