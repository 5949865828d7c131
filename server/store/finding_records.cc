#include "finding_records.h"

#include <algorithm>
#include <limits>
#include <set>

namespace shmock {
namespace {

using nlohmann::json;
using ValuePair = std::pair<std::string, std::string>;

// The pseudo value under which finding_value_counts keeps an account's number of findings.
const char kEveryFinding[] = "";

const char kFindingColumns[] =
    "number, region, account_id, product_arn, id, updated_at, record_state, severity_label, "
    "document, service";

FindingRecord ReadFinding(const Statement& st) {
  FindingRecord r;
  r.number = st.Int64(0);
  r.region = st.Text(1);
  r.account_id = st.Text(2);
  r.product_arn = st.Text(3);
  r.id = st.Text(4);
  r.updated_at = st.Int64(5);
  r.record_state = st.Text(6);
  r.severity_label = st.Text(7);
  r.document = json::parse(st.View(8), nullptr, /*allow_exceptions=*/false);
  r.service = json::parse(st.View(9), nullptr, /*allow_exceptions=*/false);
  if (r.document.is_discarded()) throw StoreError("finding " + r.id + ": unreadable document");
  if (!r.service.is_object()) r.service = json::object();
  return r;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string EncodeValues(const std::vector<ValuePair>& values) { return Dump(json(values)); }

std::vector<ValuePair> DecodeValues(std::string_view text) {
  std::vector<ValuePair> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const json& pair : j) {
    if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string()) {
      out.emplace_back(pair[0], pair[1]);
    }
  }
  return out;
}

// The index rows and their counts of one finding.
class ValueIndex {
 public:
  ValueIndex(Connection& connection, const FindingRecord& r) : connection_(connection), r_(r) {}

  void AddRow(const ValuePair& v, Millis updated_at) {
    static const Sql sql(
        "INSERT INTO finding_values (region, account_id, attribute, value, updated_at, number) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    Statement st(connection_, sql);
    BindKey(st, v);
    st.Bind(5, updated_at);
    st.Bind(6, r_.number);
    st.Run();
  }
  void RemoveRow(const ValuePair& v, Millis updated_at) {
    static const Sql sql(
        "DELETE FROM finding_values WHERE region = ? AND account_id = ? AND attribute = ? AND "
        "value = ? AND updated_at = ? AND number = ?");
    Statement st(connection_, sql);
    BindKey(st, v);
    st.Bind(5, updated_at);
    st.Bind(6, r_.number);
    st.Run();
  }
  void Count(const ValuePair& v, int64_t delta) {
    static const Sql sql(
        "INSERT INTO finding_value_counts (region, account_id, attribute, value, findings) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET findings = findings + excluded.findings");
    Statement st(connection_, sql);
    BindKey(st, v);
    st.Bind(5, delta);
    st.Run();
  }

 private:
  void BindKey(Statement& st, const ValuePair& v) {
    st.BindAll(r_.region, r_.account_id, v.first, v.second);
  }
  Connection& connection_;
  const FindingRecord& r_;
};

int64_t CountOf(Connection& connection, const std::string& region, const std::string& account_id,
                const std::string& attribute, const std::string& value) {
  static const Sql sql(
      "SELECT findings FROM finding_value_counts WHERE region = ? AND account_id = ? AND "
      "attribute = ? AND value = ?");
  Statement st(connection, sql);
  st.BindAll(region, account_id, attribute, value);
  return st.Step() ? st.Int64(0) : 0;
}

// One ordered stream of (updated_at, number) positions: the findings of one account, or those
// of one account holding one (attribute, value). Read in chunks, each a fresh keyset query
// after the last position read, so no statement stays open while the scan visits a finding.
class Stream {
 public:
  Stream(const std::string& region, const std::string& account_id, const IndexCondition* driver,
         const std::string* value, bool ascending, const std::optional<FindingPosition>& after)
      : region_(region),
        account_id_(account_id),
        driver_(driver),
        value_(value),
        ascending_(ascending) {
    if (after) {
      last_ = *after;
    } else {
      const Millis edge =
          ascending ? std::numeric_limits<Millis>::min() : std::numeric_limits<Millis>::max();
      last_ = FindingPosition{edge, ascending ? std::numeric_limits<int64_t>::min()
                                              : std::numeric_limits<int64_t>::max()};
    }
  }

  // The next position, or false at the end.
  bool Next(Connection& connection, FindingPosition* out) {
    if (next_ == buffer_.size()) {
      if (done_) return false;
      Refill(connection);
      if (buffer_.empty()) return false;
    }
    *out = buffer_[next_++];
    return true;
  }
  const std::string& region() const { return region_; }
  const std::string& account_id() const { return account_id_; }

 private:
  void Refill(Connection& connection) {
    // The four queries, by source and direction; each walks its index in key order.
    static const Sql values_desc(
        "SELECT updated_at, number FROM finding_values WHERE region = ?1 AND account_id = ?2 AND "
        "attribute = ?3 AND value = ?4 AND (updated_at, number) < (?5, ?6) "
        "ORDER BY updated_at DESC, number DESC LIMIT ?7");
    static const Sql values_asc(
        "SELECT updated_at, number FROM finding_values WHERE region = ?1 AND account_id = ?2 AND "
        "attribute = ?3 AND value = ?4 AND (updated_at, number) > (?5, ?6) "
        "ORDER BY updated_at, number LIMIT ?7");
    static const Sql all_desc(
        "SELECT updated_at, number FROM findings INDEXED BY findings_by_account "
        "WHERE region = ?1 AND account_id = ?2 AND (updated_at, number) < (?5, ?6) "
        "ORDER BY updated_at DESC, number DESC LIMIT ?7");
    static const Sql all_asc(
        "SELECT updated_at, number FROM findings INDEXED BY findings_by_account "
        "WHERE region = ?1 AND account_id = ?2 AND (updated_at, number) > (?5, ?6) "
        "ORDER BY updated_at, number LIMIT ?7");
    const Sql& sql =
        driver_ ? (ascending_ ? values_asc : values_desc) : (ascending_ ? all_asc : all_desc);
    buffer_.clear();
    next_ = 0;
    Statement st(connection, sql);
    st.BindAll(region_, account_id_);
    if (driver_) {
      st.Bind(3, driver_->attribute);
      st.Bind(4, *value_);
    }
    st.Bind(5, last_.updated_at);
    st.Bind(6, last_.number);
    st.Bind(7, chunk_);
    while (st.Step()) buffer_.push_back({st.Int64(0), st.Int64(1)});
    if (buffer_.size() < static_cast<size_t>(chunk_)) done_ = true;
    if (!buffer_.empty()) last_ = buffer_.back();
    // Small first, for the page that ends after a few findings; larger while the walk goes on.
    chunk_ = std::min<int64_t>(chunk_ * 4, 1024);
  }

  const std::string& region_;
  const std::string& account_id_;
  const IndexCondition* driver_;  // null: every finding of the account
  const std::string* value_;
  bool ascending_;
  FindingPosition last_;
  std::vector<FindingPosition> buffer_;
  size_t next_ = 0;
  int64_t chunk_ = 16;
  bool done_ = false;
};

// Whether the account's finding at `p` holds one of `c`'s values.
bool Holds(Connection& connection, const std::string& region, const std::string& account_id,
           const IndexCondition& c, const FindingPosition& p) {
  static const Sql sql(
      "SELECT 1 FROM finding_values WHERE region = ? AND account_id = ? AND attribute = ? AND "
      "value = ? AND updated_at = ? AND number = ?");
  for (const std::string& value : c.values) {
    Statement st(connection, sql);
    st.BindAll(region, account_id, c.attribute, value, p.updated_at, p.number);
    if (st.Step()) return true;
  }
  return false;
}

// The index rows of `r` after a Put; `old` is (UpdatedAt, index values) before it, if it
// existed. Values gone and new change the counts; values kept move only when UpdatedAt moved
// (it is part of their key).
void ReindexFinding(Connection& connection, const FindingRecord& r,
                    const std::optional<std::pair<Millis, std::vector<ValuePair>>>& old) {
  ValueIndex index(connection, r);
  const std::set<ValuePair> now(r.index_values.begin(), r.index_values.end());
  std::set<ValuePair> before;
  if (old) before.insert(old->second.begin(), old->second.end());
  for (const ValuePair& v : before) {
    const bool kept = now.count(v) != 0;
    if (kept && old->first == r.updated_at) continue;
    index.RemoveRow(v, old->first);
    if (!kept) index.Count(v, -1);
  }
  for (const ValuePair& v : now) {
    const bool kept = before.count(v) != 0;
    if (kept && old->first == r.updated_at) continue;
    index.AddRow(v, r.updated_at);
    if (!kept) index.Count(v, +1);
  }
  if (!old) index.Count({kEveryFinding, kEveryFinding}, +1);
}

// The condition a scan walks: the one with the fewest findings over the view, or none (every
// finding of the view) when none has fewer. Sets `*total` to the walk's length; 0: nothing.
const IndexCondition* ChooseDriver(Connection& connection, const FindingScan& scan, int64_t* total) {
  int64_t smallest = 0;
  for (const auto& [region, account] : scan.view) {
    smallest += CountOf(connection, region, account, kEveryFinding, kEveryFinding);
  }
  const IndexCondition* driver = nullptr;
  for (const IndexCondition& c : scan.conditions) {
    int64_t n = 0;
    for (const auto& [region, account] : scan.view) {
      for (const std::string& v : c.values) n += CountOf(connection, region, account, c.attribute, v);
    }
    if (n < smallest) smallest = n, driver = &c;
  }
  *total = smallest;
  return driver;
}

FindingRecord ReadByNumber(Connection& connection, int64_t number) {
  static const Sql sql(std::string("SELECT ") + kFindingColumns +
                       " FROM findings WHERE number = ?");
  Statement st(connection, sql);
  st.Bind(1, number);
  if (!st.Step()) throw StoreError("finding " + std::to_string(number) + " vanished during a scan");
  return ReadFinding(st);
}

}  // namespace

std::optional<FindingRecord> SqliteFindingRecords::Find(const std::string& region,
                                                        const std::string& account_id,
                                                        const std::string& product_arn,
                                                        const std::string& id) {
  static const Sql sql(std::string("SELECT ") + kFindingColumns +
                       " FROM findings WHERE region = ? AND product_arn = ? AND id = ? AND "
                       "account_id = ?");
  Statement st(connection_, sql);
  st.BindAll(region, product_arn, id, account_id);
  if (!st.Step()) return std::nullopt;
  return ReadFinding(st);
}

std::vector<FindingRecord> SqliteFindingRecords::FindByIdentifier(const std::string& region,
                                                                  const std::string& product_arn,
                                                                  const std::string& id) {
  static const Sql sql(std::string("SELECT ") + kFindingColumns +
                       " FROM findings WHERE region = ? AND product_arn = ? AND id = ? "
                       "ORDER BY account_id");
  Statement st(connection_, sql);
  st.BindAll(region, product_arn, id);
  std::vector<FindingRecord> out;
  while (st.Step()) out.push_back(ReadFinding(st));
  return out;
}

void SqliteFindingRecords::Put(FindingRecord* r) {
  std::optional<std::pair<Millis, std::vector<ValuePair>>> old;  // updated_at, index values
  {
    static const Sql sql(
        "SELECT number, updated_at, index_values FROM findings WHERE region = ? AND "
        "product_arn = ? AND id = ? AND account_id = ?");
    Statement st(connection_, sql);
    st.BindAll(r->region, r->product_arn, r->id, r->account_id);
    if (st.Step()) {
      r->number = st.Int64(0);
      old.emplace(st.Int64(1), DecodeValues(st.View(2)));
    }
  }
  const std::string values = EncodeValues(r->index_values);
  const std::string document = Dump(r->document);
  const std::string service = Dump(r->service.is_object() ? r->service : json::object());
  if (old) {
    static const Sql sql(
        "UPDATE findings SET updated_at = ?, record_state = ?, severity_label = ?, "
        "index_values = ?, document = ?, service = ? WHERE number = ?");
    Execute(connection_, sql, r->updated_at, r->record_state, r->severity_label, values, document,
            service, r->number);
  } else {
    static const Sql sql(
        "INSERT INTO findings (region, account_id, product_arn, id, updated_at, record_state, "
        "severity_label, index_values, document, service) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Execute(connection_, sql, r->region, r->account_id, r->product_arn, r->id, r->updated_at,
            r->record_state, r->severity_label, values, document, service);
    r->number = sqlite3_last_insert_rowid(connection_.db());
  }
  ReindexFinding(connection_, *r, old);
}

void SqliteFindingRecords::Scan(const FindingScan& scan,
                                const std::function<bool(FindingRecord&&)>& visit) {
  // The walk follows the driver; the other conditions are looked up per candidate.
  int64_t total = 0;
  const IndexCondition* driver = ChooseDriver(connection_, scan, &total);
  if (total == 0) return;
  std::vector<Stream> streams;
  for (const auto& [region, account] : scan.view) {
    if (!driver) {
      streams.emplace_back(region, account, nullptr, nullptr, scan.ascending, scan.after);
      continue;
    }
    for (const std::string& v : driver->values) {
      streams.emplace_back(region, account, driver, &v, scan.ascending, scan.after);
    }
  }
  // Merge the streams in the scan's order: a heap of each stream's next position.
  struct Head {
    FindingPosition p;
    size_t stream;
  };
  auto later = [&scan](const Head& a, const Head& b) {  // heap order: the first comes out on top
    const auto x = std::make_pair(a.p.updated_at, a.p.number),
               y = std::make_pair(b.p.updated_at, b.p.number);
    return scan.ascending ? y < x : x < y;
  };
  std::vector<Head> heap;
  for (size_t i = 0; i < streams.size(); ++i) {
    Head h{{}, i};
    if (streams[i].Next(connection_, &h.p)) heap.push_back(h);
  }
  std::make_heap(heap.begin(), heap.end(), later);
  // A finding holding two of the driver's values (two resource types, say) comes from two
  // streams, one after the other: it is visited once.
  std::optional<int64_t> last;
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    Head head = heap.back();
    heap.pop_back();
    Stream& stream = streams[head.stream];
    const bool repeat = last == head.p.number;
    last = head.p.number;
    bool holds = !repeat;
    for (const IndexCondition& c : scan.conditions) {
      if (!holds) break;
      if (&c == driver) continue;
      if (!Holds(connection_, stream.region(), stream.account_id(), c, head.p)) {
        holds = false;
        break;
      }
    }
    if (holds && !visit(ReadByNumber(connection_, head.p.number))) return;
    if (stream.Next(connection_, &head.p)) {
      heap.push_back(head);
      std::push_heap(heap.begin(), heap.end(), later);
    }
  }
}

std::vector<std::pair<std::string, int64_t>> SqliteFindingRecords::CountBySeverity(
    const std::string& region, const std::string& account_id, const std::string& record_state) {
  static const Sql sql(
      "SELECT severity_label, count(*) FROM findings INDEXED BY findings_by_state "
      "WHERE region = ? AND account_id = ? AND record_state = ? GROUP BY severity_label");
  Statement st(connection_, sql);
  st.BindAll(region, account_id, record_state);
  std::vector<std::pair<std::string, int64_t>> out;
  while (st.Step()) out.emplace_back(st.Text(0), st.Int64(1));
  return out;
}

void SqliteFindingRecords::All(const std::function<void(FindingRecord&&)>& visit) {
  static const Sql sql(std::string("SELECT ") + kFindingColumns +
                       " FROM findings INDEXED BY findings_by_identifier "
                       "ORDER BY region, product_arn, id, account_id");
  // The snapshot reads every finding; collected first, since `visit` may be slow.
  std::vector<FindingRecord> all;
  {
    Statement st(connection_, sql);
    while (st.Step()) all.push_back(ReadFinding(st));
  }
  for (FindingRecord& r : all) visit(std::move(r));
}

void SqliteFindingRecords::AddHistory(FindingHistoryEntry* entry) {
  static const Sql sql("INSERT INTO finding_history (finding, time, record) VALUES (?, ?, ?)");
  const std::string record = Dump(entry->record);
  Execute(connection_, sql, entry->finding, entry->time, record);
  entry->sequence = sqlite3_last_insert_rowid(connection_.db());
}

std::vector<FindingHistoryEntry> SqliteFindingRecords::History(
    int64_t finding, Millis from, Millis to, const std::optional<std::pair<Millis, int64_t>>& after,
    size_t limit) {
  static const Sql sql(
      "SELECT sequence, time, record FROM finding_history WHERE finding = ? AND time >= ? AND "
      "time <= ? AND (time, sequence) < (?, ?) ORDER BY time DESC, sequence DESC LIMIT ?");
  Statement st(connection_, sql);
  st.BindAll(finding, from, to, after ? after->first : std::numeric_limits<Millis>::max(),
             after ? after->second : std::numeric_limits<int64_t>::max(),
             static_cast<int64_t>(limit));
  std::vector<FindingHistoryEntry> out;
  while (st.Step()) {
    FindingHistoryEntry e;
    e.finding = finding;
    e.sequence = st.Int64(0);
    e.time = st.Int64(1);
    e.record = json::parse(st.View(2), nullptr, false);
    out.push_back(std::move(e));
  }
  return out;
}

void SqliteFindingRecords::ClearHistory(int64_t finding) {
  static const Sql sql("DELETE FROM finding_history WHERE finding = ?");
  Statement st(connection_, sql);
  st.Bind(1, finding);
  st.Run();
}

void SqliteFindingRecords::AllHistory(const std::function<void(FindingHistoryEntry&&)>& visit) {
  static const Sql sql(
      "SELECT finding, time, sequence, record FROM finding_history "
      "ORDER BY finding, time, sequence");
  std::vector<FindingHistoryEntry> all;
  {
    Statement st(connection_, sql);
    while (st.Step()) {
      FindingHistoryEntry e;
      e.finding = st.Int64(0);
      e.time = st.Int64(1);
      e.sequence = st.Int64(2);
      e.record = json::parse(st.View(3), nullptr, false);
      all.push_back(std::move(e));
    }
  }
  for (FindingHistoryEntry& e : all) visit(std::move(e));
}

// ---------------------------------------------------------------------------------------------
// Product subscriptions

namespace {

const char kSubscriptionColumns[] = "region, account_id, product, enabled, changed_at";

ProductSubscription ReadSubscription(const Statement& st) {
  return {st.Text(0), st.Text(1), st.Text(2), st.Flag(3), st.Int64(4)};
}

}  // namespace

std::optional<ProductSubscription> SqliteProductSubscriptionRecords::Find(
    const std::string& region, const std::string& account_id, const std::string& product) {
  static const Sql sql(std::string("SELECT ") + kSubscriptionColumns +
                       " FROM product_subscriptions WHERE region = ? AND account_id = ? AND "
                       "product = ?");
  Statement st(connection_, sql);
  st.BindAll(region, account_id, product);
  if (!st.Step()) return std::nullopt;
  return ReadSubscription(st);
}

void SqliteProductSubscriptionRecords::Put(const ProductSubscription& s) {
  static const Sql sql(std::string("INSERT OR REPLACE INTO product_subscriptions (") +
                       kSubscriptionColumns + ") VALUES (?, ?, ?, ?, ?)");
  Execute(connection_, sql, s.region, s.account_id, s.product, s.enabled, s.changed_at);
}

std::vector<ProductSubscription> SqliteProductSubscriptionRecords::OfAccount(
    const std::string& region, const std::string& account_id) {
  static const Sql sql(std::string("SELECT ") + kSubscriptionColumns +
                       " FROM product_subscriptions WHERE region = ? AND account_id = ? "
                       "ORDER BY product");
  Statement st(connection_, sql);
  st.BindAll(region, account_id);
  std::vector<ProductSubscription> out;
  while (st.Step()) out.push_back(ReadSubscription(st));
  return out;
}

std::vector<ProductSubscription> SqliteProductSubscriptionRecords::All() {
  static const Sql sql(std::string("SELECT ") + kSubscriptionColumns +
                       " FROM product_subscriptions ORDER BY region, account_id, product");
  Statement st(connection_, sql);
  std::vector<ProductSubscription> out;
  while (st.Step()) out.push_back(ReadSubscription(st));
  return out;
}

}  // namespace shmock
