#include "relationship_records.h"

#include <map>
#include <tuple>

namespace shmock {
namespace {

const char kRelationshipColumns[] =
    "region, administrator_id, member_id, email, status, invitation_id, invited_at, updated_at, "
    "invitation_deleted, origin";

// How a relationship query matches statuses. Enabled alone, the default pages, is read from the
// partial indexes of Enabled relationships, which SQLite uses only when the query names the
// status as the same literal their WHERE does. Another single status, or all but one, is a
// comparison that filters the rows of the key range: an IN list has SQLite build a temporary
// index on every query.
enum class StatusMatch { kAny, kEnabled, kOne, kAllButOne, kSome };

// What decides the SQL text of a relationship query; the values it binds are apart.
struct RelationshipQueryShape {
  bool by_admin = false;   // the administrator's relationships, or else the member's
  bool open_only = false;  // RelationshipQuery::open_invitations_only
  StatusMatch match = StatusMatch::kAny;
  size_t values = 0;  // statuses it binds: 1 for kOne and kAllButOne, 2 or more for kSome

  bool operator<(const RelationshipQueryShape& o) const {
    return std::tie(by_admin, open_only, match, values) <
           std::tie(o.by_admin, o.open_only, o.match, o.values);
  }
};

std::string RelationshipQueryText(const RelationshipQueryShape& shape) {
  // Keyset pagination on the primary key or the by-member index: a page costs the same at
  // any depth (no OFFSET).
  const char* party = shape.by_admin ? "administrator_id" : "member_id";
  const char* other = shape.by_admin ? "member_id" : "administrator_id";
  std::string sql = std::string("SELECT ") + kRelationshipColumns + " FROM relationships";
  // Named, because SQLite's planner prefers the primary key: it would walk every relationship
  // of the administrator to find its few Enabled ones, and, given a list of statuses, every
  // relationship of the Region to find the member's. The administrator's other queries walk
  // the primary key, whose order is theirs.
  if (shape.match == StatusMatch::kEnabled) {
    sql += shape.by_admin ? " INDEXED BY relationships_enabled_by_administrator"
                          : " INDEXED BY relationships_enabled_by_member";
  } else if (!shape.by_admin) {
    sql += " INDEXED BY relationships_by_member";
  }
  sql += std::string(" WHERE region = ? AND ") + party + " = ? AND " + other + " > ?";
  switch (shape.match) {
    case StatusMatch::kAny:
      break;
    case StatusMatch::kEnabled:
      sql += " AND status = 'Enabled'";  // as the partial indexes' WHERE spells it (migration 4)
      break;
    case StatusMatch::kOne:
      sql += " AND status = ?";
      break;
    case StatusMatch::kAllButOne:
      sql += " AND status <> ?";
      break;
    case StatusMatch::kSome:
      sql += " AND status IN (";
      for (size_t i = 0; i < shape.values; ++i) sql += i ? ", ?" : "?";
      sql += ")";
      break;
  }
  if (shape.open_only) sql += " AND invitation_id <> '' AND invitation_deleted = 0";
  sql += std::string(" ORDER BY ") + other + " LIMIT ?";
  return sql;
}

// The statement of each shape of relationship query, all built at the first query.
const Sql& RelationshipQuerySql(const RelationshipQueryShape& shape) {
  static const std::map<RelationshipQueryShape, Sql> all = [] {
    std::map<RelationshipQueryShape, Sql> shapes;
    for (bool by_admin : {false, true}) {
      for (bool open_only : {false, true}) {
        auto add = [&](StatusMatch match, size_t values) {
          const RelationshipQueryShape shape{by_admin, open_only, match, values};
          shapes.try_emplace(shape, RelationshipQueryText(shape));
        };
        add(StatusMatch::kAny, 0);
        add(StatusMatch::kEnabled, 0);
        add(StatusMatch::kOne, 1);
        add(StatusMatch::kAllButOne, 1);
        for (size_t n = 2; n + 1 < kMemberStatusCount; ++n) add(StatusMatch::kSome, n);
      }
    }
    return shapes;
  }();
  return all.at(shape);
}

Relationship ReadRelationship(const Statement& st) {
  Relationship r;
  r.region = st.Text(0);
  r.administrator_id = st.Text(1);
  r.member_id = st.Text(2);
  if (!st.IsNull(3)) r.email = st.Text(3);
  auto status = ParseMemberStatus(st.View(4));  // a view of the column: no string made
  if (!status) throw StoreError("unknown member status '" + st.Text(4) + "' in the database");
  r.status = *status;
  r.invitation_id = st.Text(5);
  if (!st.IsNull(6)) r.invited_at = st.Int64(6);
  r.updated_at = st.Int64(7);
  r.invitation_deleted = st.Flag(8);
  auto origin = ParseMembershipOrigin(st.Text(9));
  if (!origin) throw StoreError("unknown relationship origin '" + st.Text(9) + "' in the database");
  r.origin = *origin;
  return r;
}

}  // namespace

std::optional<Relationship> SqliteRelationshipRecords::Find(const std::string& region,
                                                            const std::string& administrator_id,
                                                            const std::string& member_id) {
  static const Sql sql(std::string("SELECT ") + kRelationshipColumns +
                       " FROM relationships WHERE region = ? AND administrator_id = ? AND "
                       "member_id = ?");
  Statement st(connection_, sql);
  st.BindAll(region, administrator_id, member_id);
  if (!st.Step()) return std::nullopt;
  return ReadRelationship(st);
}

std::vector<Relationship> SqliteRelationshipRecords::Query(const RelationshipQuery& q) {
  RelationshipQueryShape shape;
  shape.by_admin = q.administrator_id.has_value();
  shape.open_only = q.open_invitations_only;
  // The statuses asked for and those left out, each once; all or none is any status.
  bool asked[kMemberStatusCount] = {};
  for (MemberStatus s : q.statuses) asked[static_cast<size_t>(s)] = true;
  MemberStatus included[kMemberStatusCount], excluded[kMemberStatusCount];
  size_t n_included = 0, n_excluded = 0;
  for (size_t i = 0; i < kMemberStatusCount; ++i) {
    if (asked[i]) included[n_included++] = static_cast<MemberStatus>(i);
    else excluded[n_excluded++] = static_cast<MemberStatus>(i);
  }
  const MemberStatus* bound = included;  // the statuses the statement compares with
  shape.values = n_included;
  if (n_included == 0 || n_excluded == 0) {
    shape.match = StatusMatch::kAny;
    shape.values = 0;
  } else if (n_included == 1 && included[0] == MemberStatus::kEnabled) {
    shape.match = StatusMatch::kEnabled;
    shape.values = 0;
  } else if (n_included == 1) {
    shape.match = StatusMatch::kOne;
  } else if (n_excluded == 1) {
    shape.match = StatusMatch::kAllButOne;
    bound = excluded;
    shape.values = 1;
  } else {
    shape.match = StatusMatch::kSome;
  }

  Statement st(connection_, RelationshipQuerySql(shape));
  int i = 1;
  st.Bind(i++, q.region);
  st.Bind(i++, shape.by_admin ? *q.administrator_id : *q.member_id);
  st.Bind(i++, q.after);
  for (size_t v = 0; v < shape.values; ++v) st.Bind(i++, MemberStatusName(bound[v]));
  st.Bind(i++, static_cast<int64_t>(q.limit > 0 ? q.limit : -1));
  std::vector<Relationship> out;
  while (st.Step()) out.push_back(ReadRelationship(st));
  return out;
}

void SqliteRelationshipRecords::Put(const Relationship& r) {
  static const Sql sql(std::string("INSERT OR REPLACE INTO relationships (") +
                       kRelationshipColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Execute(connection_, sql, r.region, r.administrator_id, r.member_id, r.email,
          MemberStatusName(r.status), r.invitation_id, r.invited_at, r.updated_at,
          r.invitation_deleted, MembershipOriginName(r.origin));
}

void SqliteRelationshipRecords::Delete(const std::string& region,
                                       const std::string& administrator_id,
                                       const std::string& member_id) {
  static const Sql sql(
      "DELETE FROM relationships WHERE region = ? AND administrator_id = ? AND member_id = ?");
  Execute(connection_, sql, region, administrator_id, member_id);
}

std::vector<Relationship> SqliteRelationshipRecords::All() {
  static const Sql sql(std::string("SELECT ") + kRelationshipColumns +
                       " FROM relationships ORDER BY region, administrator_id, member_id");
  Statement st(connection_, sql);
  std::vector<Relationship> out;
  while (st.Step()) out.push_back(ReadRelationship(st));
  return out;
}

}  // namespace shmock
