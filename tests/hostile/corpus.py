"""The hostile corpus: raw HTTP requests built from compact tables.

Each case is (category, name, raw bytes, mutates). `mutates` marks the few requests that are fine
and legitimately change the state; every other case must leave GET /_mock/state byte-identical.
The expected status and error code of each case live in expected.json (see run_hostile.py --record).
"""
import base64
import gzip
import json
import zlib

AUTH = ("AWS4-HMAC-SHA256 Credential=111111111111/20261129/us-east-1/securityhub/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64)

PCI = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1"
FSBP = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
PCI_SUBSCRIPTION = "arn:aws:securityhub:us-east-1:111111111111:subscription/pci-dss/v/3.2.1"
FSBP_CONTROL = ("arn:aws:securityhub:us-east-1:111111111111:control/"
                "aws-foundational-security-best-practices/v/1.0.0/S3.1")

AGGREGATOR = "arn:aws:securityhub:us-east-1:111111111111:finding-aggregator/123e4567-e89b-12d3-a456-426652340000"

# operation -> (method, path, a valid body or None, string members, {member: json type})
OPS = {
    "EnableSecurityHub": ("POST", "/accounts", {"EnableDefaultStandards": False},
                          ["ControlFindingGenerator"],
                          {"Tags": "object", "EnableDefaultStandards": "boolean", "ControlFindingGenerator": "string"}),
    "UpdateSecurityHubConfiguration": ("PATCH", "/accounts", {"AutoEnableControls": True},
                                       ["ControlFindingGenerator"],
                                       {"AutoEnableControls": "boolean", "ControlFindingGenerator": "string"}),
    "CreateMembers": ("POST", "/members", {"AccountDetails": [{"AccountId": "888888888888", "Email": "a@example.com"}]},
                      ["AccountDetails[0].AccountId", "AccountDetails[0].Email"],
                      {"AccountDetails": "array"}),
    "InviteMembers": ("POST", "/members/invite", {"AccountIds": ["222222222222"]}, ["AccountIds[0]"], {"AccountIds": "array"}),
    "GetMembers": ("POST", "/members/get", {"AccountIds": ["222222222222"]}, ["AccountIds[0]"], {"AccountIds": "array"}),
    "DisassociateMembers": ("POST", "/members/disassociate", {"AccountIds": ["222222222222"]}, ["AccountIds[0]"],
                            {"AccountIds": "array"}),
    "DeleteMembers": ("POST", "/members/delete", {"AccountIds": ["222222222222"]}, ["AccountIds[0]"], {"AccountIds": "array"}),
    "DeclineInvitations": ("POST", "/invitations/decline", {"AccountIds": ["111111111111"]}, ["AccountIds[0]"],
                           {"AccountIds": "array"}),
    "DeleteInvitations": ("POST", "/invitations/delete", {"AccountIds": ["111111111111"]}, ["AccountIds[0]"],
                          {"AccountIds": "array"}),
    "AcceptAdministratorInvitation": ("POST", "/administrator", {"AdministratorId": "111111111111",
                                                                 "InvitationId": "0" * 32},
                                      ["AdministratorId", "InvitationId"],
                                      {"AdministratorId": "string", "InvitationId": "string"}),
    "AcceptInvitation": ("POST", "/master", {"MasterId": "111111111111", "InvitationId": "0" * 32},
                         ["MasterId", "InvitationId"], {"MasterId": "string", "InvitationId": "string"}),
    # Standards and controls (behavior.md §16): each template is refused or changes nothing
    # (no standard of the seeded accounts is PCI DSS; S3.1 has no parameters).
    "BatchEnableStandards": ("POST", "/standards/register",
                             {"StandardsSubscriptionRequests": [{"StandardsArn": PCI}]},
                             ["StandardsSubscriptionRequests[0].StandardsArn"],
                             {"StandardsSubscriptionRequests": "array"}),
    "BatchDisableStandards": ("POST", "/standards/deregister", {"StandardsSubscriptionArns": [PCI_SUBSCRIPTION]},
                              ["StandardsSubscriptionArns[0]"], {"StandardsSubscriptionArns": "array"}),
    "GetEnabledStandards": ("POST", "/standards/get", {"StandardsSubscriptionArns": [PCI_SUBSCRIPTION]},
                            ["StandardsSubscriptionArns[0]", "NextToken"],
                            {"StandardsSubscriptionArns": "array", "MaxResults": "number"}),
    "UpdateSecurityControl": ("PATCH", "/securityControl/update",
                              {"SecurityControlId": "S3.1",
                               "Parameters": {"x": {"ValueType": "CUSTOM", "Value": {"Integer": 1}}}},
                              ["SecurityControlId", "LastUpdateReason"],
                              {"SecurityControlId": "string", "Parameters": "object", "LastUpdateReason": "string"}),
    "BatchGetSecurityControls": ("POST", "/securityControls/batchGet", {"SecurityControlIds": ["S3.1"]},
                                 ["SecurityControlIds[0]"], {"SecurityControlIds": "array"}),
    "BatchGetStandardsControlAssociations": (
        "POST", "/associations/batchGet",
        {"StandardsControlAssociationIds": [{"SecurityControlId": "S3.1", "StandardsArn": PCI}]},
        ["StandardsControlAssociationIds[0].SecurityControlId", "StandardsControlAssociationIds[0].StandardsArn"],
        {"StandardsControlAssociationIds": "array"}),
    "BatchUpdateStandardsControlAssociations": (
        "PATCH", "/associations",
        {"StandardsControlAssociationUpdates": [{"SecurityControlId": "S3.1", "StandardsArn": PCI,
                                                 "AssociationStatus": "DISABLED", "UpdatedReason": "r"}]},
        ["StandardsControlAssociationUpdates[0].SecurityControlId",
         "StandardsControlAssociationUpdates[0].UpdatedReason"],
        {"StandardsControlAssociationUpdates": "array"}),
    # A partner product the caller has not enabled: refused whole (403), so no variant stores it.
    "BatchImportFindings": ("POST", "/findings/import", {"Findings": [{
        "SchemaVersion": "2018-10-08", "Id": "f-1", "ProductArn": "arn:aws:securityhub:us-east-1::product/prowler/prowler",
        "GeneratorId": "g", "AwsAccountId": "111111111111", "CreatedAt": "2024-01-01T00:00:00Z",
        "UpdatedAt": "2024-01-01T00:00:00Z", "Title": "t", "Description": "d",
        "Resources": [{"Type": "Other", "Id": "r"}], "Severity": {"Label": "LOW"}}]},
                            ["Findings[0].Id", "Findings[0].Title", "Findings[0].AwsAccountId", "Findings[0].ProductArn",
                             "Findings[0].UpdatedAt"],
                            {"Findings": "array"}),
    # The finding aggregator (behavior.md §17): the template names an unknown Region, so every
    # variant is refused and none creates an aggregator.
    "CreateFindingAggregator": ("POST", "/findingAggregator/create",
                                {"RegionLinkingMode": "SPECIFIED_REGIONS", "Regions": ["xx-nowhere-1"]},
                                ["RegionLinkingMode", "Regions[0]"],
                                {"RegionLinkingMode": "string", "Regions": "array"}),
    "UpdateFindingAggregator": ("PATCH", "/findingAggregator/update",
                                {"FindingAggregatorArn": AGGREGATOR, "RegionLinkingMode": "NO_REGIONS"},
                                ["FindingAggregatorArn", "RegionLinkingMode"],
                                {"FindingAggregatorArn": "string", "RegionLinkingMode": "string", "Regions": "array"}),
    "GetFindings": ("POST", "/findings", {"Filters": {"SeverityLabel": [{"Value": "HIGH", "Comparison": "EQUALS"}]},
                                          "MaxResults": 10},
                    ["Filters.SeverityLabel[0].Value", "Filters.SeverityLabel[0].Comparison", "NextToken"],
                    {"Filters": "object", "SortCriteria": "array", "MaxResults": "number"}),
    "BatchUpdateFindings": ("PATCH", "/findings/batchupdate", {
        "FindingIdentifiers": [{"Id": "none", "ProductArn": "arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default"}],
        "Workflow": {"Status": "RESOLVED"}},
                            ["FindingIdentifiers[0].Id", "FindingIdentifiers[0].ProductArn"],
                            {"FindingIdentifiers": "array", "Workflow": "object"}),
    # Insights (behavior.md §14): a grouping no insight may have, and an ARN nobody has.
    "CreateInsight": ("POST", "/insights", {"Name": "n", "Filters": {}, "GroupByAttribute": "Nope"},
                      ["Name", "GroupByAttribute"],
                      {"Name": "string", "Filters": "object", "GroupByAttribute": "string"}),
    "GetInsights": ("POST", "/insights/get", {"InsightArns": ["arn:aws:securityhub:::insight/securityhub/default/999"]},
                    ["InsightArns[0]", "NextToken"], {"InsightArns": "array", "MaxResults": "number"}),
}

WRONG = {"string": 12345, "boolean": "true", "array": {"a": 1}, "object": [1, 2], "number": "7"}
EXTRA_WRONG = {"string": [["x"]], "boolean": 1, "array": "222222222222", "object": "x", "number": True}


def request(method, target, body=b"", headers=None, version="HTTP/1.1", auth=True, content_type="application/json",
            host="localhost", length=True):
    if isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    lines = [f"{method} {target} {version}".encode("latin-1", "backslashreplace")]
    if host is not None:
        lines.append(b"Host: " + host.encode())
    if auth:
        lines.append(b"Authorization: " + AUTH.encode())
        lines.append(b"X-Amz-Date: 20261129T120000Z")
    if body and content_type:
        lines.append(b"Content-Type: " + content_type.encode())
    if length and (body or method in ("POST", "PATCH", "PUT")):
        lines.append(b"Content-Length: " + str(len(body)).encode())
    for h in headers or []:
        lines.append(h if isinstance(h, bytes) else h.encode("latin-1"))
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def sts(form, key="111111111111"):
    """A form-encoded STS call at /, signed (not verified) for sts as `key`."""
    auth = AUTH.replace("111111111111/", key + "/").replace("/securityhub/", "/sts/")
    return request("POST", "/", form, auth=False, content_type="application/x-www-form-urlencoded",
                   headers=["Authorization: " + auth, "X-Amz-Date: 20261129T120000Z"])


def set_path(doc, path, value):
    doc = json.loads(json.dumps(doc))
    parts = path.replace("]", "").replace("[", ".").split(".")
    node = doc
    for p in parts[:-1]:
        node = node[int(p)] if p.isdigit() else node[p]
    last = parts[-1]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return doc


def cases():
    out = []

    def add(category, name, raw, mutates=False):
        out.append((category, name, raw, mutates))

    # --- baseline: fine requests, so the corpus can tell "refused" from "broken server".
    add("baseline", "list-members", request("GET", "/members?OnlyAssociated=false"))
    add("baseline", "describe-hub", request("GET", "/accounts"))
    add("baseline", "invitations-count", request("GET", "/invitations/count"))
    add("baseline", "get-members", request("POST", "/members/get", json.dumps({"AccountIds": ["222222222222"]})))
    add("baseline", "health", request("GET", "/_mock/health", auth=False))

    # --- standards and controls: AWS-shaped refusals, no change (issue 18's bad input)
    def std(name, method, path, body=None):
        add("standards", name, request(method, path, "" if body is None else json.dumps(body)))
    std("enable-unknown-arn", "POST", "/standards/register",
        {"StandardsSubscriptionRequests": [{"StandardsArn": "arn:aws:securityhub:us-east-1::standards/nope/v/1"}]})
    std("enable-full-arn-in-arn", "POST", "/standards/register", {"StandardsSubscriptionRequests": [
        {"StandardsArn": "arn:aws:securityhub:us-east-1::arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"}]})
    std("enable-other-region", "POST", "/standards/register",
        {"StandardsSubscriptionRequests": [{"StandardsArn": PCI.replace("us-east-1", "eu-west-1")}]})
    std("enable-control-tower", "POST", "/standards/register", {"StandardsSubscriptionRequests": [
        {"StandardsArn": "arn:aws:securityhub:us-east-1::standards/service-managed-aws-control-tower/v/1.0.0"}]})
    std("enable-26", "POST", "/standards/register", {"StandardsSubscriptionRequests": [{"StandardsArn": PCI}] * 26})
    std("enable-empty", "POST", "/standards/register", {"StandardsSubscriptionRequests": []})
    std("enable-input-not-strings", "POST", "/standards/register",
        {"StandardsSubscriptionRequests": [{"StandardsArn": PCI, "StandardsInput": {"a": 1}}]})
    std("disable-other-account", "POST", "/standards/deregister",
        {"StandardsSubscriptionArns": [PCI_SUBSCRIPTION.replace("111111111111", "222222222222")]})
    std("disable-not-enabled", "POST", "/standards/deregister", {"StandardsSubscriptionArns": [PCI_SUBSCRIPTION]})
    std("disable-26", "POST", "/standards/deregister", {"StandardsSubscriptionArns": [PCI_SUBSCRIPTION] * 26})
    std("enabled-26", "POST", "/standards/get", {"StandardsSubscriptionArns": [PCI_SUBSCRIPTION] * 26})
    std("describe-standards-101", "GET", "/standards?MaxResults=101")
    std("describe-controls-other-account", "GET",
        "/standards/controls/" + PCI_SUBSCRIPTION.replace("111111111111", "222222222222"))
    std("describe-controls-garbage", "GET", "/standards/controls/not-an-arn")
    std("control-no-reason", "PATCH", "/standards/control/" + FSBP_CONTROL, {"ControlStatus": "DISABLED"})
    std("control-blank-reason", "PATCH", "/standards/control/" + FSBP_CONTROL,
        {"ControlStatus": "DISABLED", "DisabledReason": "   "})
    std("control-standards-arn", "PATCH", "/standards/control/" + FSBP + "/S3.1",
        {"ControlStatus": "DISABLED", "DisabledReason": "x"})
    std("control-unknown-id", "PATCH", "/standards/control/" + FSBP_CONTROL + "00",
        {"ControlStatus": "DISABLED", "DisabledReason": "x"})
    std("control-bad-status", "PATCH", "/standards/control/" + FSBP_CONTROL, {"ControlStatus": "OFF"})
    acm = "/securityControl/update"
    for i, value in enumerate([{"String": "30"}, {"Integer": 1}, {"Integer": 366}, {"Integer": 30, "String": "x"},
                               {}, {"Integer": "30"}, {"Integer": 1.5}, {"Nope": 1}, {"IntegerList": [30]}]):
        std(f"parameter-value-{i}", "PATCH", acm, {"SecurityControlId": "ACM.1",
                                                   "Parameters": {"daysToExpiration": {"ValueType": "CUSTOM", "Value": value}}})
    std("parameter-unknown-name", "PATCH", acm, {"SecurityControlId": "ACM.1",
                                                 "Parameters": {"days": {"ValueType": "CUSTOM", "Value": {"Integer": 30}}}})
    std("parameter-custom-without-value", "PATCH", acm,
        {"SecurityControlId": "ACM.1", "Parameters": {"daysToExpiration": {"ValueType": "CUSTOM"}}})
    std("parameter-bad-value-type", "PATCH", acm,
        {"SecurityControlId": "ACM.1", "Parameters": {"daysToExpiration": {"ValueType": "WEIRD"}}})
    std("parameter-enum-not-allowed", "PATCH", acm, {"SecurityControlId": "CloudWatch.16", "Parameters": {
        "minRetentionTime": {"ValueType": "CUSTOM", "Value": {"Enum": "7"}}}})
    std("parameter-list-too-long", "PATCH", acm, {"SecurityControlId": "EC2.18", "Parameters": {
        "authorizedTcpPorts": {"ValueType": "CUSTOM", "Value": {"IntegerList": list(range(1, 40))}}}})
    std("security-control-unknown", "PATCH", acm, {"SecurityControlId": "Nope.1", "Parameters": {}})
    std("security-control-other-account", "PATCH", acm, {
        "SecurityControlId": "arn:aws:securityhub:us-east-1:222222222222:security-control/ACM.1",
        "Parameters": {"daysToExpiration": {"ValueType": "DEFAULT"}}})
    std("definition-unknown", "GET", "/securityControl/definition?SecurityControlId=Nope.1")
    std("definition-missing-id", "GET", "/securityControl/definition")
    std("definitions-unknown-standard", "GET", "/securityControls/definitions?StandardsArn=arn:nope")
    std("associations-unknown-control", "GET", "/associations?SecurityControlId=Nope.1")
    std("batch-get-controls-101", "POST", "/securityControls/batchGet", {"SecurityControlIds": ["S3.1"] * 101})
    std("batch-get-controls-empty", "POST", "/securityControls/batchGet", {"SecurityControlIds": []})
    std("batch-get-associations-empty", "POST", "/associations/batchGet", {"StandardsControlAssociationIds": []})
    std("batch-update-associations-no-reason", "PATCH", "/associations", {"StandardsControlAssociationUpdates": [
        {"SecurityControlId": "S3.1", "StandardsArn": FSBP, "AssociationStatus": "DISABLED"}]})
    std("batch-update-associations-101", "PATCH", "/associations", {"StandardsControlAssociationUpdates": [
        {"SecurityControlId": "S3.1", "StandardsArn": PCI, "AssociationStatus": "ENABLED"}] * 101})
    # --- STS AssumeRole: refused as STS refuses, nothing issued (the state stays byte-identical)
    role = "&RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2FAdmin"
    assume = "Action=AssumeRole&Version=2011-06-15"
    add("baseline", "sts-get-caller-identity", sts("Action=GetCallerIdentity&Version=2011-06-15"))
    for name, form in [
        ("no-parameters", assume),
        ("no-session-name", assume + role),
        ("session-name-colon", assume + role + "&RoleSessionName=a%3Ab"),
        ("session-name-10k", assume + role + "&RoleSessionName=" + "a" * 10000),
        ("session-name-nul", assume + role + "&RoleSessionName=ab%00cd"),
        ("arn-not-an-arn", assume + "&RoleArn=" + "x" * 30 + "&RoleSessionName=s1"),
        ("arn-3000", assume + "&RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2F" + "r" * 3000 + "&RoleSessionName=s1"),
        ("arn-control-chars", assume + "&RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2F%01%02%7F&RoleSessionName=s1"),
        ("arn-bad-utf8", assume + "&RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2F%C3%28%FF&RoleSessionName=s1"),
        ("arn-a-user", assume + "&RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Auser%2FBob&RoleSessionName=s1"),
        ("arn-short-account", assume + "&RoleArn=arn%3Aaws%3Aiam%3A%3A2222%3Arole%2FAdmin&RoleSessionName=s1"),
        ("duration-599", assume + role + "&RoleSessionName=s1&DurationSeconds=599"),
        ("duration-huge", assume + role + "&RoleSessionName=s1&DurationSeconds=" + "9" * 40),
        ("duration-negative", assume + role + "&RoleSessionName=s1&DurationSeconds=-3600"),
        ("duration-text", assume + role + "&RoleSessionName=s1&DurationSeconds=1e3"),
        ("external-id-space", assume + role + "&RoleSessionName=s1&ExternalId=a+b"),
        ("policy-not-json", assume + role + "&RoleSessionName=s1&Policy=not-json"),
        ("policy-array", assume + role + "&RoleSessionName=s1&Policy=%5B%5D"),
        ("policy-deep", assume + role + "&RoleSessionName=s1&Policy=%7B%22a%22%3A" + "%5B" * 1000 + "%5D" * 999),
        ("policy-3000", assume + role + "&RoleSessionName=s1&Policy=%7B%22a%22%3A%22" + "x" * 3000 + "%22%7D"),
        ("policy-nul", assume + role + "&RoleSessionName=s1&Policy=%7B%7D%00"),
        ("wrong-version", "Action=AssumeRole&Version=2011-06-16" + role + "&RoleSessionName=s1"),
    ]:
        add("sts", name, sts(form))
    # An access key shaped like a session's that no AssumeRole issued: an unknown key, as any other.
    add("sts", "unknown-session-key", sts("Action=GetCallerIdentity&Version=2011-06-15", key="ASIAEXAMPLEEXAMPLE00"))

    # --- malformed and truncated JSON
    good = json.dumps({"AccountDetails": [{"AccountId": "888888888888", "Email": "a@example.com"}]})
    for i, cut in enumerate([1, 5, 17, 30, len(good) - 3, len(good) - 1]):
        add("malformed-json", f"truncated-{i}", request("POST", "/members", good[:cut]))
    for i, text in enumerate(["{", "}", "[", "{]", "{\"AccountIds\":}", "{\"AccountIds\":[\"1\",]}", "{'AccountIds':[]}",
                              "{\"AccountIds\":[] }x", "nul", "{\"a\":tru}", "{\"a\":1e}", "{\"a\":\"\\u12\"}",
                              "{\"a\":\"\\x41\"}", "/*c*/{}", "{}{}", "\ufeff{}", "{\"a\" 1}", "[1,2,3]", "\"str\"",
                              "42", "null", "   ", "{\"AccountIds\":[\"222222222222\"]"]):
        add("malformed-json", f"garbage-{i}", request("POST", "/members/get", text))
    add("malformed-json", "duplicate-keys", request("POST", "/members/get",
                                                    '{"AccountIds":["222222222222"],"AccountIds":5}'))
    add("malformed-json", "patch-garbage", request("PATCH", "/accounts", "{\"AutoEnableControls\":"))

    # --- deep nesting
    for depth in (64, 1000, 100000):
        add("deep-nesting", f"arrays-{depth}", request("POST", "/members/get", "[" * depth + "]" * depth))
        add("deep-nesting", f"objects-{depth}", request("POST", "/members/get", '{"a":' * depth + "1" + "}" * depth))
        add("deep-nesting", f"in-member-{depth}",
            request("POST", "/members/get", '{"AccountIds":' + "[" * depth + "]" * depth + "}"))
    add("deep-nesting", "unclosed-100000", request("POST", "/members/get", "[" * 100000))

    # --- long strings at every string member, wrong JSON types in every member
    for op, (method, path, body, strings, types) in OPS.items():
        for member in strings:
            for n in (300, 26 * 1024, 1024 * 1024 - 100):
                add("long-string", f"{op}.{member}-{n}", request(method, path, json.dumps(set_path(body, member, "9" * n))))
        for member, kind in types.items():
            add("wrong-type", f"{op}.{member}-{kind}-a", request(method, path, json.dumps({**body, member: WRONG[kind]})))
            add("wrong-type", f"{op}.{member}-{kind}-b", request(method, path,
                                                                 json.dumps({**body, member: EXTRA_WRONG[kind]})))
            add("wrong-type", f"{op}.{member}-null", request(method, path, json.dumps({**body, member: None})))
        for member in strings:
            if "[" in member:
                add("wrong-type", f"{op}.{member}-number", request(method, path, json.dumps(set_path(body, member, 1))))
    for q in ("MaxResults=abc", "MaxResults=-1", "MaxResults=0", "MaxResults=1.5", "OnlyAssociated=maybe",
              "OnlyAssociated=", "MaxResults="):
        add("wrong-type", f"query-{q}", request("GET", "/members?" + q))

    # --- invalid UTF-8 and NULs
    for i, bad in enumerate([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80", b"\x00",
                             b"\x80\x80"]):
        body = b'{"AccountIds":["2222' + bad + b'22222222"]}'
        add("bad-bytes", f"utf8-in-string-{i}", request("POST", "/members/get", body))
    add("bad-bytes", "nul-escape", request("POST", "/members/get", '{"AccountIds":["222222222222\\u0000"]}'))
    add("bad-bytes", "lone-surrogate-escape", request("POST", "/members/get", '{"AccountIds":["\\ud800"]}'))
    add("bad-bytes", "nul-in-email", request("POST", "/members", json.dumps(
        {"AccountDetails": [{"AccountId": "888888888888", "Email": "a\u0000@example.com"}]})))
    add("bad-bytes", "nul-body", request("POST", "/members/get", b"\x00" * 64))
    add("bad-bytes", "nul-in-path", request("GET", "/members\x00/x"))
    add("bad-bytes", "nul-in-query", request("GET", "/members?OnlyAssociated=%00"))
    add("bad-bytes", "utf8-in-query", request("GET", "/members?NextToken=%FF%FE"))
    add("bad-bytes", "nul-in-header", request("GET", "/members", headers=[b"X-Test: a\x00b"]))
    add("bad-bytes", "utf8-in-header", request("GET", "/members", headers=[b"X-Test: \xff\xfe"]))

    # --- huge numbers
    for i, num in enumerate(["1e400", "-1e400", "99999999999999999999999999", "1" * 5000, "-0", "1.0e-400",
                             "18446744073709551616", "NaN", "Infinity"]):
        add("huge-number", f"in-accountids-{i}", request("POST", "/members/get", '{"AccountIds":[' + num + "]}"))
        add("huge-number", f"in-bool-{i}", request("PATCH", "/accounts", '{"AutoEnableControls":' + num + "}"))
    for i, q in enumerate(["99999999999999999999", "2147483648", "-2147483649", "1e3", "0x10"]):
        add("huge-number", f"maxresults-query-{i}", request("GET", "/members?MaxResults=" + q))

    # --- compressed and chunked bodies
    body = json.dumps({"AccountIds": ["222222222222"]}).encode()
    add("encoding", "gzip", request("POST", "/members/get", gzip.compress(body), headers=["Content-Encoding: gzip"]))
    add("encoding", "deflate", request("POST", "/members/get", zlib.compress(body), headers=["Content-Encoding: deflate"]))
    add("encoding", "br-claimed", request("POST", "/members/get", body, headers=["Content-Encoding: br"]))
    add("encoding", "gzip-bogus", request("POST", "/members/get", b"\x1f\x8b\x08garbage",
                                          headers=["Content-Encoding: gzip"]))
    bomb = gzip.compress(b"[" * (50 * 1024 * 1024))
    add("encoding", "gzip-bomb", request("POST", "/members/get", bomb, headers=["Content-Encoding: gzip"]))

    def chunked(chunks, tail=b"0\r\n\r\n"):
        return b"".join(b"%x\r\n" % len(c) + c + b"\r\n" for c in chunks) + tail

    add("encoding", "chunked-ok", request("POST", "/members/get", chunked([body[:10], body[10:]]), length=False,
                                          headers=["Transfer-Encoding: chunked"]))
    add("encoding", "chunked-bad-size", request("POST", "/members/get", b"zz\r\n" + body + b"\r\n0\r\n\r\n",
                                                length=False, headers=["Transfer-Encoding: chunked"]))
    add("encoding", "chunked-truncated", request("POST", "/members/get", chunked([body], tail=b""), length=False,
                                                 headers=["Transfer-Encoding: chunked"]))
    add("encoding", "chunked-huge-size", request("POST", "/members/get", b"fffffffffffffff\r\nab\r\n0\r\n\r\n",
                                                 length=False, headers=["Transfer-Encoding: chunked"]))
    add("encoding", "chunked-and-length", request("POST", "/members/get", chunked([body]),
                                                  headers=["Transfer-Encoding: chunked"]))
    add("encoding", "chunked-over-limit", request("POST", "/members/get", chunked([b" " * 65536] * 40 + [body]),
                                                  length=False, headers=["Transfer-Encoding: chunked"]))
    add("encoding", "te-unknown", request("POST", "/members/get", body, headers=["Transfer-Encoding: gzip"]))
    add("encoding", "oversize-length", request("POST", "/members/get", b"", length=False,
                                               headers=["Content-Length: 999999999999"]))
    add("encoding", "negative-length", request("POST", "/members/get", b"", length=False,
                                               headers=["Content-Length: -5"]))
    add("encoding", "two-lengths", request("POST", "/members/get", body, length=False,
                                           headers=[f"Content-Length: {len(body)}", "Content-Length: 3"]))
    add("encoding", "text-plain", request("POST", "/members/get", body, content_type="text/plain"))
    add("encoding", "form", request("POST", "/members/get", body, content_type="application/x-www-form-urlencoded"))
    add("encoding", "no-content-type", request("POST", "/members/get", body, content_type=None))
    add("encoding", "base64-body", request("POST", "/members/get", base64.b64encode(body)))

    # --- oversize headers
    add("oversize-header", "one-9k", request("GET", "/members", headers=["X-Big: " + "a" * 9000]))
    add("oversize-header", "one-100k", request("GET", "/members", headers=["X-Big: " + "a" * 100000]))
    add("oversize-header", "many-200", request("GET", "/members", headers=[f"X-H{i}: v" for i in range(200)]))
    add("oversize-header", "many-2000", request("GET", "/members", headers=[f"X-H{i}: v" for i in range(2000)]))
    add("oversize-header", "long-target", request("GET", "/members?x=" + "a" * 20000))
    add("oversize-header", "long-auth", request("GET", "/members", auth=False,
                                                headers=["Authorization: AWS4-HMAC-SHA256 Credential=" + "1" * 20000]))
    add("oversize-header", "long-host", request("GET", "/members", host="localhost" + "a" * 9000))
    add("oversize-header", "no-colon", request("GET", "/members", headers=["NoColonHere"]))
    add("oversize-header", "folded", request("GET", "/members", headers=["X-A: a", " folded"]))

    # --- duplicate query parameters
    for i, q in enumerate(["OnlyAssociated=true&OnlyAssociated=false", "MaxResults=1&MaxResults=50",
                           "MaxResults=1&MaxResults=abc", "NextToken=a&NextToken=b", "HubArn=x&HubArn=y",
                           "OnlyAssociated&OnlyAssociated", "=&=&=", "&&&&", "a=" + "&a=" * 500]):
        path = "/accounts" if "HubArn" in q else "/members"
        add("duplicate-query", f"dup-{i}", request("GET", path + "?" + q))

    # --- tampered NextTokens
    for i, tok in enumerate(["AAAA", "not-base64!!", "%00", "eyJ9", base64.b64encode(b'{"after":"x"}').decode(),
                             "A" * 5000, "Li4vLi4v", "%2F%2F%2F", "null", "-1",
                             base64.b64encode(b"ListInvitations|222222222222").decode()]):
        add("next-token", f"members-{i}", request("GET", "/members?OnlyAssociated=false&MaxResults=1&NextToken=" + tok))
        if i < 5:
            add("next-token", f"invitations-{i}", request("GET", "/invitations?MaxResults=1&NextToken=" + tok))

    # --- path tricks
    for i, path in enumerate(["/members/", "//members", "/members/../accounts", "/%6Dembers", "/MEMBERS",
                              "/members;x", "/members%2Fget", "/./members", "/members/get/", "/_mock/../members",
                              "/_mock/%2e%2e/members", "/members#frag", "*", "http://localhost/members",
                              "members", "/members?", "/members/get%00", "/accounts/../../etc/passwd",
                              "/\\members", "/" + "a/" * 2000]):
        add("path-trick", f"path-{i}", request("GET", path))
    add("path-trick", "mock-state-dotdot", request("POST", "/_mock/../_mock/reset", ""))
    # A percent-encoded path is the same path: this is a real reset, so it counts as mutating.
    add("path-trick", "reset-encoded", request("POST", "/_mock/%72eset", ""), mutates=True)

    # --- wrong methods
    for i, (method, path) in enumerate([("PUT", "/members"), ("DELETE", "/members/get"), ("GET", "/members/get"),
                                        ("PATCH", "/members"), ("POST", "/invitations/count"), ("HEAD", "/nope"),
                                        ("OPTIONS", "/members"), ("TRACE", "/members"), ("CONNECT", "localhost:1"),
                                        ("FOO", "/members"), ("get", "/members"), ("GET", "/_mock/reset"),
                                        ("DELETE", "/_mock/state"), ("PUT", "/_mock/fixtures"),
                                        ("POST", "/findings"), ("GET", "/standards")]):
        add("wrong-method", f"{method}-{i}", request(method, path, "{}" if method in ("PUT", "PATCH") else ""))

    # --- broken Authorization headers (the default mode falls back to the default account)
    for i, auth in enumerate(["", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 Credential=", "Bearer abc", "Basic Zm9vOmJhcg==",
                              "AWS4-HMAC-SHA256 Credential=111111111111/2026", "AWS4-HMAC-SHA256 Credential=/////",
                              "AWS4-HMAC-SHA256 Credential=AKIAUNKNOWN/20261129/us-east-1/securityhub/aws4_request",
                              "AWS4-HMAC-SHA256 Credential=111111111111/20261129/../securityhub/aws4_request, "
                              "SignedHeaders=host, Signature=0",
                              "AWS4-HMAC-SHA256 Credential=111111111111/20261129/us-east-1/securityhub/aws4_request, "
                              "SignedHeaders=, Signature=",
                              "AWS4-HMAC-SHA256 Credential=1111111111112/20261129/us-east-1/securityhub/aws4_request, "
                              "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64,
                              "aws4-hmac-sha256 credential=111111111111/20261129/us-east-1/securityhub/aws4_request",
                              "AWS4-HMAC-SHA256 Credential=111111111111/20261129/xx-evil-9/securityhub/aws4_request, "
                              "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64,
                              "AWS4-HMAC-SHA256 ,,,,,,"]):
        add("bad-auth", f"auth-{i}", request("GET", "/members", auth=False, headers=["Authorization: " + auth]))
    add("bad-auth", "two-auth", request("GET", "/members", headers=["Authorization: Bearer x"]))
    add("bad-auth", "no-auth", request("GET", "/members", auth=False))
    add("bad-auth", "no-auth-write", request("POST", "/members/delete", '{"AccountIds":["222222222222"]}', auth=False))

    # --- Host and cross-site guard
    for i, host in enumerate(["evil.example", "10.0.0.1", "localhost.evil.example", "127.0.0.1.nip.io", "",
                              "localhost:99999", "[::2]"]):
        add("host-guard", f"host-{i}", request("POST", "/members/delete", '{"AccountIds":["222222222222"]}', host=host))
    add("host-guard", "no-host", request("GET", "/members", host=None))
    add("host-guard", "no-host-1.0", request("GET", "/members", host=None, version="HTTP/1.0"))
    add("host-guard", "two-hosts", request("GET", "/members", headers=["Host: evil.example"]))
    add("host-guard", "origin-evil", request("POST", "/members/delete", '{"AccountIds":["222222222222"]}',
                                             headers=["Origin: http://evil.example"]))
    add("host-guard", "fetch-cross", request("POST", "/_mock/reset", "", headers=["Sec-Fetch-Site: cross-site"]))
    add("host-guard", "reset-form", request("POST", "/_mock/reset", "x=1",
                                            content_type="application/x-www-form-urlencoded"))
    add("host-guard", "fixtures-text", request("POST", "/_mock/fixtures", '{"hubs":[]}', content_type="text/plain"))

    # --- POST /_mock/snapshot: paths it must refuse, none of which writes a file
    for name, body in [("relative", {"path": "copy.db"}), ("exists", {"path": "/etc/passwd"}),
                       ("folder", {"path": "/tmp/"}), ("dotdot-through-file", {"path": "/etc/passwd/../x.db"}),
                       ("missing-folder", {"path": "/nonexistent-shmock-folder/copy.db"}),
                       ("nul", {"path": "/tmp/shmock\u0000copy.db"}), ("long", {"path": "/" + "a" * 5000}),
                       ("not-string", {"path": 7}), ("extra-member", {"path": "/tmp/copy.db", "mode": "x"}),
                       ("array", [])]:
        add("snapshot", name, request("POST", "/_mock/snapshot", json.dumps(body)))
    add("snapshot", "get", request("GET", "/_mock/snapshot"))

    # --- pipelined requests and HTTP/1.0
    one = request("GET", "/invitations/count").replace(b"Connection: close\r\n", b"")
    add("pipeline", "two-gets", one + request("GET", "/members?OnlyAssociated=false"))
    add("pipeline", "three-gets", one + one + request("GET", "/invitations/count"))
    add("pipeline", "bad-then-good", request("POST", "/members/get", "{").replace(b"Connection: close\r\n", b"")
        + request("GET", "/invitations/count"))
    add("pipeline", "garbage-after", one + b"\x00\x01GARBAGE\r\n\r\n")
    add("pipeline", "smuggle-cl", request("POST", "/members/get", b'{"AccountIds":[]}GET /_mock/reset HTTP/1.1\r\n\r\n'))
    add("http10", "get", request("GET", "/members?OnlyAssociated=false", version="HTTP/1.0"))
    add("http10", "post", request("POST", "/members/get", json.dumps({"AccountIds": ["222222222222"]}), version="HTTP/1.0"))
    add("http10", "bad-json", request("POST", "/members/get", "{", version="HTTP/1.0"))
    add("http10", "keepalive", request("GET", "/invitations/count", version="HTTP/1.0",
                                       headers=["Connection: keep-alive"]).replace(b"Connection: close\r\n", b""))
    add("http10", "http09", b"GET /members\r\n\r\n")
    add("http10", "http2-preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
    add("http10", "version-9.9", request("GET", "/members", version="HTTP/9.9"))
    add("http10", "no-version", b"GET /members\r\nHost: localhost\r\n\r\n")
    add("http10", "lf-only", request("GET", "/invitations/count").replace(b"\r\n", b"\n"))
    add("http10", "tls-hello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40)

    # --- findings: every refusal changes nothing (behavior.md §13)
    finding = OPS["BatchImportFindings"][2]["Findings"][0]
    own = dict(finding, ProductArn="arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default")
    add("findings", "import-101", request("POST", "/findings/import", json.dumps({"Findings": [own] * 101})))
    add("findings", "import-0", request("POST", "/findings/import", json.dumps({"Findings": []})))
    add("findings", "import-other-account", request("POST", "/findings/import", json.dumps(
        {"Findings": [dict(own, AwsAccountId="222222222222")]})))
    add("findings", "import-aws-product", request("POST", "/findings/import", json.dumps(
        {"Findings": [dict(own, ProductArn="arn:aws:securityhub:us-east-1::product/aws/guardduty")]})))
    add("findings", "import-only-bad-findings", request("POST", "/findings/import", json.dumps(
        {"Findings": [{"Id": "x"}, dict(own, Resources=[]), dict(own, UpdatedAt="yesterday"),
                      dict(own, Types=["a/b/c/d"]), dict(own, ProductFields={"a": {"b": [1] * 50}})]})))
    add("findings", "import-deep-finding", request("POST", "/findings/import",
                                                    '{"Findings":[' + '{"a":' * 500 + "1" + "}" * 500 + "]}"))
    filters = {f"Attr{i}": [{"Value": "x", "Comparison": "EQUALS"}] for i in range(11)}
    for name, body in [
            ("unknown-attribute", {"Filters": {"NoSuch": [{"Value": "x", "Comparison": "EQUALS"}]}}),
            ("eleven-attributes", {"Filters": {k: [{"Value": "x", "Comparison": "EQUALS"}] for k in
                                               ["Id", "Title", "Description", "GeneratorId", "ProductArn", "AwsAccountId",
                                                "Type", "SeverityLabel", "WorkflowStatus", "RecordState", "ResourceType"]}}),
            ("twenty-one-values", {"Filters": {"Id": [{"Value": str(i), "Comparison": "EQUALS"} for i in range(21)]}}),
            ("forbidden-mix", {"Filters": {"Id": [{"Value": "a", "Comparison": "EQUALS"},
                                                  {"Value": "b", "Comparison": "NOT_EQUALS"}]}}),
            ("contains-word", {"Filters": {"Title": [{"Value": "a", "Comparison": "CONTAINS_WORD"}]}}),
            ("date-unit-hours", {"Filters": {"UpdatedAt": [{"DateRange": {"Value": 1, "Unit": "HOURS"}}]}}),
            ("bad-cidr", {"Filters": {"NetworkSourceIpV4": [{"Cidr": "10.0.0.0/33"}]}}),
            ("bad-date", {"Filters": {"UpdatedAt": [{"Start": "2024-02-30T00:00:00Z"}]}}),
            ("unknown-sort-field", {"SortCriteria": [{"Field": "NoSuch", "SortOrder": "asc"}]}),
            ("map-sort-field", {"SortCriteria": [{"Field": "ProductFields", "SortOrder": "asc"}]}),
            ("max-results-101", {"MaxResults": 101}),
            ("token-of-another-operation", {"NextToken": "c2htb2NrMXxMaXN0TWVtYmVyc3wyMjIyMjIyMjIyMjI="}),
            ("filters-many-unknown", {"Filters": filters})]:
        add("findings", f"get-{name}", request("POST", "/findings", json.dumps(body)))
    ident = OPS["BatchUpdateFindings"][2]["FindingIdentifiers"]
    add("findings", "update-note-without-author", request("PATCH", "/findings/batchupdate", json.dumps(
        {"FindingIdentifiers": ident, "Note": {"Text": "t"}})))
    add("findings", "update-nothing", request("PATCH", "/findings/batchupdate", json.dumps({"FindingIdentifiers": ident})))
    add("findings", "update-101", request("PATCH", "/findings/batchupdate", json.dumps(
        {"FindingIdentifiers": ident * 101, "Workflow": {"Status": "NEW"}})))
    add("findings", "update-duplicates", request("PATCH", "/findings/batchupdate", json.dumps(
        {"FindingIdentifiers": ident * 2, "Workflow": {"Status": "NEW"}})))
    add("findings", "legacy-update-no-match", request("PATCH", "/findings", json.dumps(
        {"Filters": {"Id": [{"Value": "none", "Comparison": "EQUALS"}]}, "RecordState": "ARCHIVED"})))
    add("findings", "history-unknown", request("POST", "/findingHistory/get", json.dumps(
        {"FindingIdentifier": {"Id": "none", "ProductArn": "arn:p"}, "StartTime": 2000000000, "EndTime": 1000000000})))
    add("findings", "enable-unknown-product", request("POST", "/productSubscriptions", json.dumps(
        {"ProductArn": "arn:aws:securityhub:us-east-1::product/no/such"})))
    add("findings", "disable-other-account", request(
        "DELETE", "/productSubscriptions/arn%3Aaws%3Asecurityhub%3Aus-east-1%3A222222222222%3Aproduct-subscription%2Fprowler%2Fprowler"))
    add("findings", "disable-garbage", request("DELETE", "/productSubscriptions/%00%ff"))
    add("findings", "describe-products-bad-token", request("GET", "/products?NextToken=garbage"))
    add("findings", "describe-products", request("GET", "/products?MaxResults=3"))
    add("mutating", "import-finding", request("POST", "/findings/import", json.dumps({"Findings": [own]})), mutates=True)

    # --- insights: every refusal changes nothing (behavior.md §14)
    managed = "arn:aws:securityhub:::insight/securityhub/default/1"
    custom = "arn:aws:securityhub:us-east-1:111111111111:insight/111111111111/custom/00000000-0000-0000-0000-000000000000"
    other = custom.replace("111111111111", "222222222222")
    quoted = lambda arn: arn.replace(":", "%3A")  # botocore's greedy label: ':' escaped, '/' kept
    def ins(name, method, path, body=None):
        add("insights", name, request(method, path, "" if body is None else json.dumps(body)))
    ins("create-unknown-attribute", "POST", "/insights",
        {"Name": "n", "Filters": {"NoSuch": [{"Value": "x", "Comparison": "EQUALS"}]}, "GroupByAttribute": "ResourceId"})
    ins("create-forbidden-mix", "POST", "/insights", {"Name": "n", "Filters": {"Id": [
        {"Value": "a", "Comparison": "EQUALS"}, {"Value": "b", "Comparison": "NOT_EQUALS"}]}, "GroupByAttribute": "ResourceId"})
    ins("create-group-by-number", "POST", "/insights", {"Name": "n", "Filters": {}, "GroupByAttribute": "Confidence"})
    ins("create-group-by-keyword", "POST", "/insights", {"Name": "n", "Filters": {}, "GroupByAttribute": "Keyword"})
    ins("create-no-filters", "POST", "/insights", {"Name": "n", "GroupByAttribute": "ResourceId"})
    ins("create-blank-name", "POST", "/insights", {"Name": " ", "Filters": {}, "GroupByAttribute": "ResourceId"})
    ins("get-201-arns", "POST", "/insights/get", {"InsightArns": [managed] * 201})
    ins("get-max-results-101", "POST", "/insights/get", {"MaxResults": 101})
    ins("get-bad-token", "POST", "/insights/get", {"NextToken": "garbage"})
    ins("get-other-accounts", "POST", "/insights/get", {"InsightArns": [other]})
    ins("update-managed", "PATCH", "/insights/" + quoted(managed), {"Name": "mine"})
    ins("update-unknown", "PATCH", "/insights/" + quoted(custom), {"Name": "mine"})
    ins("update-other-account", "PATCH", "/insights/" + quoted(other), {"Name": "mine"})
    ins("delete-managed", "DELETE", "/insights/" + quoted(managed))
    ins("delete-unknown", "DELETE", "/insights/" + quoted(custom))
    ins("delete-garbage", "DELETE", "/insights/%00%ff")
    ins("delete-long-arn", "DELETE", "/insights/" + "a" * 4000)
    ins("results-unknown", "GET", "/insights/results/" + quoted(custom))
    ins("results-garbage", "GET", "/insights/results/%00")
    ins("results-managed", "GET", "/insights/results/" + quoted(managed))
    add("mutating", "create-insight", request("POST", "/insights", json.dumps(
        {"Name": "n", "Filters": {}, "GroupByAttribute": "ResourceId"})), mutates=True)
    # --- the finding aggregator: every refusal changes nothing (behavior.md §17)
    for name, body in [
            ("create-unknown-mode", {"RegionLinkingMode": "SOME_REGIONS"}),
            ("create-regions-with-all", {"RegionLinkingMode": "ALL_REGIONS", "Regions": ["eu-west-1"]}),
            ("create-regions-with-none", {"RegionLinkingMode": "NO_REGIONS", "Regions": ["eu-west-1"]}),
            ("create-specified-empty", {"RegionLinkingMode": "SPECIFIED_REGIONS", "Regions": []}),
            ("create-home-listed", {"RegionLinkingMode": "ALL_REGIONS_EXCEPT_SPECIFIED", "Regions": ["us-east-1"]}),
            ("create-101-regions", {"RegionLinkingMode": "SPECIFIED_REGIONS", "Regions": ["eu-west-1"] * 101}),
            ("create-no-mode", {"Regions": ["eu-west-1"]}),
            ("create-region-not-string", {"RegionLinkingMode": "SPECIFIED_REGIONS", "Regions": [1]})]:
        add("aggregator", name, request("POST", "/findingAggregator/create", json.dumps(body)))
    greedy = AGGREGATOR.replace(":", "%3A")
    add("aggregator", "get-unknown", request("GET", "/findingAggregator/get/" + greedy))
    add("aggregator", "get-garbage", request("GET", "/findingAggregator/get/%00%ff"))
    add("aggregator", "delete-unknown", request("DELETE", "/findingAggregator/delete/" + greedy))
    add("aggregator", "update-unknown", request("PATCH", "/findingAggregator/update", json.dumps(
        {"FindingAggregatorArn": AGGREGATOR, "RegionLinkingMode": "ALL_REGIONS"})))
    add("aggregator", "list", request("GET", "/findingAggregator/list"))
    add("aggregator", "list-bad-token", request("GET", "/findingAggregator/list?NextToken=garbage"))
    add("aggregator", "list-max-results-0", request("GET", "/findingAggregator/list?MaxResults=0"))
    add("mutating", "create-aggregator", request("POST", "/findingAggregator/create", json.dumps(
        {"RegionLinkingMode": "SPECIFIED_REGIONS", "Regions": ["eu-west-1"]})), mutates=True)

    # --- fine requests that change state (checked to succeed, then the fixture is reloaded)
    add("mutating", "create-member", request("POST", "/members", json.dumps(
        {"AccountDetails": [{"AccountId": "999999999999", "Email": "new@example.com"}]})), mutates=True)
    add("mutating", "update-hub", request("PATCH", "/accounts", '{"AutoEnableControls":false}'), mutates=True)
    add("mutating", "disassociate-member", request("POST", "/members/disassociate", '{"AccountIds":["222222222222"]}'),
        mutates=True)
    add("mutating", "sts-assume-role", sts("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A"
                                           "222222222222%3Arole%2FAdmin&RoleSessionName=s1"), mutates=True)
    # Refused per account (still associated): a 200 that must change nothing.
    add("baseline", "delete-associated-member", request("POST", "/members/delete", '{"AccountIds":["222222222222"]}'))
    return out
