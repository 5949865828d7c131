#include "http/connection.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

namespace shmock {

bool HttpConnection::WaitReadable(std::chrono::microseconds timeout) const {
  pollfd p{sock_, POLLIN, 0};
  const timespec ts{static_cast<time_t>(timeout.count() / 1000000), static_cast<long>(timeout.count() % 1000000 * 1000)};
  int n;
  do {
    n = ::ppoll(&p, 1, &ts, nullptr);
  } while (n < 0 && errno == EINTR);
  return n > 0;
}

bool HttpConnection::ReadyToServe() const {
  if (!buffered()) return false;
  if (eof_ || end_ - begin_ >= kMaxHeaderBytes) return true;
  return std::string_view(buffer_.data() + begin_, end_ - begin_).find("\r\n\r\n") != std::string_view::npos;
}

PooledConnection::Next HttpConnection::Absorb() {
  MoveToFront();
  const bool request_begins = !buffered();
  while (end_ - begin_ < kMaxHeaderBytes) {
    if (end_ == buffer_.size()) buffer_.resize(std::min(std::max(2 * buffer_.size(), kReadChunk), kMaxHeaderBytes + kReadChunk));
    const ssize_t n = ::recv(sock_, buffer_.data() + end_, buffer_.size() - end_, MSG_DONTWAIT);
    if (n > 0) {
      end_ += static_cast<size_t>(n);
    } else if (n == 0) {
      eof_ = true;
      break;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      break;
    } else if (errno != EINTR) {
      return PooledConnection::Next::kClose;  // reset by the client
    }
  }
  if (request_begins && buffered()) request_started_ = Clock::now();
  if (ReadyToServe()) return PooledConnection::Next::kServe;
  return eof_ ? PooledConnection::Next::kClose : PooledConnection::Next::kPark;
}

ssize_t HttpConnection::read(char* ptr, size_t size) {
  // cpp-httplib reads request and header lines one byte per call.
  if (size == 1 && begin_ < end_ && budget_ > 0) {
    *ptr = buffer_[begin_++];
    --budget_;
    return 1;
  }
  if (budget_ == 0) {
    overran_ = true;
    return -1;
  }
  if (!buffered()) {
    if (eof_) return 0;
    if (!WaitForInput()) return -1;
    const ssize_t n = Refill();
    if (n <= 0) return n;
  }
  const size_t n = std::min({size, end_ - begin_, budget_});
  std::memcpy(ptr, buffer_.data() + begin_, n);
  begin_ += n;
  budget_ -= n;
  return static_cast<ssize_t>(n);
}

ssize_t HttpConnection::Refill() {
  if (buffer_.size() < kReadChunk) buffer_.resize(kReadChunk);
  ssize_t n;
  do {
    n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) {
    eof_ = n == 0;
    return n;
  }
  begin_ = 0;
  end_ = static_cast<size_t>(n);
  return n;
}

ssize_t HttpConnection::write(const char* ptr, size_t size) {
  if (!is_writable()) return -1;
  return ::send(sock_, ptr, size, MSG_NOSIGNAL);
}

void HttpConnection::WriteNow(const std::string& text) {
  for (size_t at = 0; at < text.size();) {
    const ssize_t n = ::send(sock_, text.data() + at, text.size() - at, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n <= 0) break;
    at += static_cast<size_t>(n);
  }
}

template <typename Getter>
HttpConnection::IpAndPort HttpConnection::Address(Getter getter) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  std::string ip;
  int port = -1;
  if (getter(sock_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return {ip, port};
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    port = ntohs(v4->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
    port = ntohs(v6->sin6_port);
  }
  ip = text;
  return {ip, port};
}

void HttpConnection::get_remote_ip_and_port(std::string& ip, int& port) const {
  if (!remote_) remote_ = Address(::getpeername);
  ip = remote_->first;
  port = remote_->second;
}

void HttpConnection::get_local_ip_and_port(std::string& ip, int& port) const {
  if (!local_) local_ = Address(::getsockname);
  ip = local_->first;
  port = local_->second;
}

bool HttpConnection::Wait(short events, int timeout_ms) const {
  pollfd p{sock_, events, 0};
  int n;
  do {
    n = ::poll(&p, 1, timeout_ms);
  } while (n < 0 && errno == EINTR);
  return n > 0;
}

bool HttpConnection::WaitForInput() {
  const Clock::time_point deadline =
      reading_headers_ ? request_started_ + timeouts_.headers : body_started_ + timeouts_.body;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
  const bool deadline_first = left.count() <= timeouts_.read_ms;
  const int timeout_ms = static_cast<int>(std::clamp<long long>(left.count(), 0, timeouts_.read_ms));
  if (Wait(POLLIN, timeout_ms)) return true;
  timed_out_ = reading_headers_ || deadline_first;
  return false;
}

void HttpConnection::MoveToFront() {
  if (!buffered()) {
    begin_ = end_ = 0;
  } else if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
}

}  // namespace shmock
