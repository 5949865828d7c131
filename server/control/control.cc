#include "shmock/control.h"

#include <openssl/crypto.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "organization.h"

#include "shmock/version.h"

namespace shmock {
namespace {

HttpReply JsonReply(const std::string& body) {
  HttpReply reply;
  reply.headers = {{"Content-Type", "application/json"}};
  reply.body = body;
  return reply;
}

// What a load wrote, as its reply says it.
std::string Counts(const Fixture& fixture) {
  nlohmann::ordered_json counts = {{"accessKeys", fixture.access_keys.size()},
                                   {"hubs", fixture.hubs.size()},
                                   {"members", fixture.relationships.size()}};
  // Only for a document with findings, so the answers recorded before findings stay the same.
  if (!fixture.findings.empty()) counts["findings"] = fixture.findings.size();
  if (!fixture.sessions.empty()) counts["sessions"] = fixture.sessions.size();
  if (!fixture.insights.empty()) counts["insights"] = fixture.insights.size();
  if (!fixture.aggregators.empty()) counts["aggregators"] = fixture.aggregators.size();
  return counts.dump();
}

}  // namespace

Control::Control(Membership& membership, Organizations& organizations, Findings& findings,
                 Insights& insights, Sessions& sessions, Aggregators& aggregators,
                 Store& store,
                 std::shared_ptr<AccessKeys> access_keys, Faults& faults, const Config& config,
                 Fixture startup, WebView& web_view)
    : membership_(membership),
      organizations_(organizations),
      findings_(findings),
      insights_(insights),
      sessions_(sessions),
      aggregators_(aggregators),
      store_(store),
      access_keys_(std::move(access_keys)),
      faults_(faults),
      database_(config.db == ":memory:" ? "in-memory" : config.db),
      default_region_(config.identity.default_region),
      token_(config.control_token),
      has_startup_(!config.fixtures.empty()),
      startup_(std::move(startup)),
      web_view_(web_view),
      started_at_(SystemClock().NowMillis()) {}

HttpReply Control::Handle(const HttpCall& call) {
  const std::string name = call.path.substr(1);  // "_mock/health", "_localstack/health"
  const bool get = call.method == "GET" || call.method == "HEAD", post = call.method == "POST";
  HttpReply reply;
  const Status token = CheckToken(call);
  if (get && name == "_mock/health") {
    reply = Health(/*with_database=*/token.ok());
  } else if (get && name == "_localstack/health") {
    reply = LocalStackHealth();  // says no more than the health above without the token
  } else if (!token.ok() && !(get && (name == "_mock/ui" || name == "_mock/console"))) {
    // The pages carry no state, and a browser cannot add a header to a navigation; they send
    // the token on the fetches that read the state.
    reply = ErrorReply(token);
  } else if (auto view = web_view_.Handle(call)) {
    reply = std::move(*view);
  } else if (get && name == "_mock/state") {
    reply = State();
  } else if (post && name == "_mock/fixtures") {
    reply = LoadDocument(call.body);
  } else if (post && name == "_mock/reset") {
    reply = Reset(call);
  } else if (name == "_mock/faults") {
    reply = FaultRules(call);
  } else if (post && name == "_mock/snapshot" && snapshot_) {
    reply = Snapshot(call.body);
  } else if (auto organization = HandleOrganizationControl(organizations_, call, name)) {
    reply = std::move(*organization);
  } else {
    reply = ErrorReply(Status::Error(
        ErrorCode::kUnknownOperation,
        "No control endpoint at " + call.method + " " + call.path +
            ". There are GET /_mock/health, GET /_mock/state, POST /_mock/fixtures, "
            "POST /_mock/reset[?fixtures=1], POST, GET and DELETE /_mock/faults, POST /_mock/snapshot, "
            "POST /_mock/organization/accounts, DELETE /_mock/organization/accounts/{id}, "
            "GET /_localstack/health, the web view, GET /_mock/ui, and the console, "
            "GET /_mock/console."));
  }
  reply.operation = name;
  return reply;
}

Status Control::Load(const Fixture& fixture) {
  // Findings are checked before anything is written, so a bad one changes nothing.
  for (size_t i = 0; i < fixture.findings.size(); ++i) {
    const std::vector<std::string> violations = AsffViolations(fixture.findings[i]);
    if (!violations.empty()) {
      return Status::InvalidInput("/findings/" + std::to_string(i) + ": " + violations[0]);
    }
  }
  size_t refused = 0;
  Status s = insights_.CheckSeed(fixture.insights, &refused);  // also before anything is written
  if (!s.ok()) return Status::Error(s.code(), "/insights/" + std::to_string(refused) + ": " + s.message());
  s = membership_.Seed(fixture.hubs, fixture.relationships, &refused);
  if (!s.ok()) {
    if (refused < fixture.relationships.size()) {
      return Status::Error(s.code(), RelationshipPointer(refused) + ": " + s.message());
    }
    return s;
  }
  // After the records committed: ParseFixture has checked everything Organizations::Seed
  // refuses, so only a storage failure can stop it here.
  if (fixture.organization) {
    s = organizations_.Seed(*fixture.organization);
    if (!s.ok()) return s;
  }
  if (!fixture.findings.empty()) {
    size_t at = 0;
    s = findings_.Seed(fixture.findings, default_region_, &at);
    if (!s.ok()) return Status::Error(s.code(), "/findings/" + std::to_string(at) + ": " + s.message());
  }
  if (!fixture.insights.empty()) {
    s = insights_.Seed(fixture.insights, &refused);
    if (!s.ok()) return s;
  }
  // Parsing has checked every role ARN too.
  if (!fixture.sessions.empty()) {
    s = sessions_.Seed(fixture.sessions, &refused);
    if (!s.ok()) return s;
  }
  if (!fixture.aggregators.empty()) {
    s = aggregators_.Seed(fixture.aggregators, &refused);
    if (!s.ok()) {
      return Status::Error(s.code(), "/aggregators/" + std::to_string(refused) + ": " + s.message());
    }
  }
  // After the records committed, so a refused document adds no key either.
  access_keys_->Add(fixture.access_keys);
  return Status::OK();
}

void Control::UseSnapshots(std::function<Status(const std::string& path)> snapshot) {
  snapshot_ = std::move(snapshot);
}

HttpReply Control::Snapshot(const std::string& body) {
  const auto document = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  const bool one_path = document.is_object() && document.size() == 1 && document.contains("path") &&
                        document["path"].is_string();
  if (!one_path) {
    return ErrorReply(Status::InvalidInput(
        "POST /_mock/snapshot takes a JSON body {\"path\": \"<absolute path of a file to create on the "
        "server's machine>\"} and nothing else."));
  }
  const std::string path = document["path"].get<std::string>();
  Status s = snapshot_(path);
  if (!s.ok()) return ErrorReply(s);
  std::error_code error;
  const auto bytes = std::filesystem::file_size(path, error);
  return JsonReply(nlohmann::ordered_json{{"path", path}, {"bytes", error ? 0 : bytes}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Status Control::CheckToken(const HttpCall& call) const {
  if (token_.empty()) return Status::OK();
  const std::optional<std::string> authorization = call.header("authorization");
  const std::string expected = "Bearer " + token_;
  if (!authorization) {
    return Status::Error(ErrorCode::kAccessDenied,
                         "The control API needs the header 'Authorization: Bearer <token>', with the token given "
                         "to --control-token.");
  }
  // Compared in constant time, so the reply's timing says nothing about the token.
  if (authorization->size() != expected.size() ||
      CRYPTO_memcmp(authorization->data(), expected.data(), expected.size()) != 0) {
    return Status::Error(ErrorCode::kAccessDenied,
                         "The Authorization header does not carry the control token: send 'Authorization: Bearer "
                         "<token>', with the token given to --control-token.");
  }
  return Status::OK();
}

HttpReply Control::Health(bool with_database) const {
  nlohmann::ordered_json body = {
      {"status", "ok"},
      {"version", kVersion},
      {"uptimeSeconds", (SystemClock().NowMillis() - started_at_) / 1000}};
  // Where the state lives on disk is for the token's holders only.
  if (with_database) body["database"] = database_;
  return JsonReply(body.dump());
}

// LocalStack's shape: every service this port answers with its state, then edition and
// version. Wait scripts look for "running" (or "available") under services.<name>.
HttpReply Control::LocalStackHealth() const {
  nlohmann::ordered_json body = {{"services", {{"securityhub", "running"}, {"sts", "running"}}},
                                 {"edition", "community"},
                                 {"version", kVersion}};
  return JsonReply(body.dump());
}

HttpReply Control::State() {
  Fixture state;
  Status s = store_.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    state.hubs = tx.hubs().All();
    state.relationships = tx.relationships().All();
    state.organization = DeclaredOrganization(tx);
    tx.findings().All([&](FindingRecord&& r) { state.findings.push_back(std::move(r.document)); });
    state.sessions = tx.sessions().All();
    for (InsightRecord& r : tx.insights().All()) {
      state.insights.push_back({r.region, r.account_id, r.id, r.name, std::move(r.filters),
                                r.group_by_attribute, r.created_at});
    }
    state.aggregators = tx.aggregators().All();
    return Status::OK();
  });
  if (!s.ok()) return ErrorReply(s);
  state.access_keys = access_keys_->All();
  return JsonReply(DumpFixture(state));
}

HttpReply Control::LoadDocument(const std::string& body) {
  Fixture fixture;
  Status s = ParseFixture(body, default_region_, &fixture);
  if (s.ok()) s = Load(fixture);
  if (!s.ok()) return ErrorReply(s);
  return JsonReply(Counts(fixture));
}

HttpReply Control::Reset(const HttpCall& call) {
  bool reapply = false;
  if (auto it = call.query.find("fixtures"); it != call.query.end()) {
    if (it->second == "1" || it->second == "true") {
      reapply = true;
    } else if (it->second != "0" && it->second != "false") {
      return ErrorReply(Status::InvalidInput("fixtures=" + it->second +
                                             ": use fixtures=1 to load the start-up fixtures "
                                             "after the reset, or leave it out"));
    }
  }
  if (reapply && !has_startup_) {
    return ErrorReply(Status::InvalidInput(
        "The server was started without --fixtures, so reset?fixtures=1 has nothing to load; "
        "nothing was reset. Use POST /_mock/reset, then POST /_mock/fixtures with a document."));
  }
  Status s = store_.Reset();
  if (!s.ok()) return ErrorReply(s);
  access_keys_->Clear();
  faults_.Clear();  // "drops everything": a test that resets starts from a clean server
  if (!reapply) return JsonReply("{}");
  // The start-up fixtures loaded into an empty state once, so they do again.
  s = Load(startup_);
  if (!s.ok()) return ErrorReply(s);
  return JsonReply(Counts(startup_));
}

HttpReply Control::FaultRules(const HttpCall& call) {
  if (call.method == "GET") return JsonReply(faults_.List());
  if (call.method == "DELETE") {
    faults_.Clear();
    return JsonReply("{}");
  }
  if (call.method == "POST") {
    std::string stored;
    Status s = faults_.Arm(call.body, &stored);
    return s.ok() ? JsonReply(stored) : ErrorReply(s);
  }
  return ErrorReply(Status::Error(ErrorCode::kUnknownOperation,
                                  "/_mock/faults takes POST (arm a rule), GET (list the rules) and "
                                  "DELETE (clear them), not " + call.method + "."));
}

}  // namespace shmock
