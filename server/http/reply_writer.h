// Reply writing: an HttpReply onto cpp-httplib's response with the headers every response
// carries (x-amzn-RequestId, Date, X-Content-Type-Options, and on errors x-amzn-ErrorMessage),
// the refusal written straight to a connection outside cpp-httplib's request cycle, and the one
// log line per call.
#ifndef SHMOCK_HTTP_REPLY_WRITER_H_
#define SHMOCK_HTTP_REPLY_WRITER_H_

#include <httplib.h>

#include <chrono>
#include <optional>
#include <string>

#include "http/connection.h"
#include "shmock/http_call.h"

namespace shmock {

// Writes the reply with the Content-Type it names (JSON unless it says otherwise). The body
// moves into the response (a ListMembers page is kilobytes); the rest of `reply` stays, for the
// log line.
void Write(HttpReply& reply, const std::string& request_id, httplib::Response& res);

// Writes the refusal `why` on `connection` as a whole HTTP response, logs it, and marks the
// connection to close: for a request cpp-httplib never handed over (headers too large or too
// late, no worker free).
void WriteRefusal(HttpConnection& connection, const Status& why);

// One line per call (log.h): what was asked, by whom, the answer, and for served calls how
// long it took. Empty fields (a request line never read) are logged as unknown.
void LogCall(const std::string& method, const std::string& path, const HttpReply& reply,
             const std::string& request_id, std::optional<std::chrono::microseconds> took);

}  // namespace shmock

#endif  // SHMOCK_HTTP_REPLY_WRITER_H_
