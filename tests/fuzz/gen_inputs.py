#!/usr/bin/env python3
"""Generates the fuzz target's seed corpus and dictionary (tests/fuzz/corpus/, tests/fuzz/api.dict).

Seeds are sessions in fuzz_api.cc's input format (request line, headers, blank line, body;
calls separated by a line "---"), taken from:
  - the captures of real clients (../shared/wire/captures, one session per capture file),
  - the client test scenarios (tests/clients/scenarios, each split into sessions of 16 calls),
  - fixtures/*.json (calls by each fixture's access keys and accounts over its seeded state),
  - the model table: one bodiless call to every operation's route, implemented or not, and
    for each distinct string member of an implemented input, calls with a long value there,
  - STS GetCallerIdentity, signed and unsigned.
The dictionary holds the model table's member names, enum values and route segments, the
parts of a SigV4 Authorization header, and the input format's own separators.

The outputs are committed, so CI does not need ../shared; re-run this after the model table,
the scenarios or the fixtures change:
    tests/fuzz/gen_inputs.py [--captures ../shared/wire/captures]
"""
import argparse
import functools
import json
import re
from urllib.parse import quote
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FUZZ = ROOT / "tests" / "fuzz"
MAX_CALLS = 16  # fuzz_api.cc's kMaxCalls
SEPARATOR = "\n---\n"
PLACEHOLDER_INVITATION = "%032x" % 1  # fuzz_api.cc numbers invitations from 1 in each session
PLACEHOLDER_ACCOUNT = "200000000000"


def model_table():
    text = (ROOT / "server/protocol/service_model_data.cc").read_text()
    return json.loads(re.search(r'R"json\((.*)\)json"', text, re.S).group(1))


def authorization(key, region="us-east-1"):
    return ("AWS4-HMAC-SHA256 Credential=%s/20261129/%s/securityhub/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, Signature=%s" % (key, region, "0" * 64))


def call_text(method, target, headers, body):
    lines = ["%s %s" % (method, target)] + ["%s: %s" % h for h in headers]
    return "\n".join(lines) + "\n\n" + body


def session(calls):
    return SEPARATOR.join(calls).encode()


# --- Captures ---------------------------------------------------------------------------------

def from_captures(directory):
    seeds = {}
    for path in sorted(Path(directory).glob("*.jsonl")):
        calls = []
        for line in path.read_text().splitlines():
            r = json.loads(line)
            target = r["path"] + ("?" + r["query"] if r["query"] else "")
            calls.append(call_text(r["method"], target, [tuple(h) for h in r["headers"]], r["body"]))
        seeds["capture-" + path.stem] = session(calls[:MAX_CALLS])
    return seeds


# --- Scenarios --------------------------------------------------------------------------------

def concrete(value):
    """The scenario's templates ($ids lists, ${var} references) as plain example values."""
    if isinstance(value, dict):
        if "$ids" in value:
            ids = [str(int(PLACEHOLDER_ACCOUNT) + i) for i in range(3)]
            template = value.get("as")
            if template is None:
                return ids
            return [json.loads(json.dumps(template).replace("$id", i)) for i in ids]
        return {k: concrete(v) for k, v in value.items()}
    if isinstance(value, list):
        return [concrete(v) for v in value]
    if isinstance(value, str) and "${" in value:
        return re.sub(r"\$\{(\w+)\}",
                      lambda m: PLACEHOLDER_INVITATION if m.group(1).startswith("inv") else PLACEHOLDER_ACCOUNT,
                      value)
    return value


def api_call(model, op_name, account, region, params):
    """An SDK-shaped call: members placed in the query string or the body as the model says."""
    op = next(o for o in model["operations"] if o["name"] == op_name)
    members = model["shapes"].get(op.get("input", ""), {}).get("members", {})
    query, body, uri = [], {}, op["uri"]
    for name, value in params.items():
        where = members.get(name, {})
        if where.get("location") == "uri":
            # A {Name+} label keeps its '/' as the SDKs send it; a {Name} label encodes it too.
            label = where.get("locationName", name)
            uri = uri.replace("{%s+}" % label, quote(str(value), safe="/"))
            uri = uri.replace("{%s}" % label, quote(str(value), safe=""))
        elif where.get("location") == "querystring":
            text = json.dumps(value) if isinstance(value, bool) else str(value)
            query.append("%s=%s" % (where["locationName"], text.replace(" ", "%20")))
        else:
            body[name] = value
    target = uri + ("?" + "&".join(query) if query else "")
    headers = [("Content-Type", "application/json"), ("X-Amz-Date", "20261129T030753Z"),
               ("Authorization", authorization(account, region))]
    with_body = op["method"] in ("POST", "PATCH", "PUT")
    return call_text(op["method"], target, headers, json.dumps(body) if with_body else "")


def sts_call(action, account, region, params):
    """An STS query-protocol call, form-encoded as the SDKs send it."""
    form = "Action=%s&Version=2011-06-15" % action + "".join(
        "&%s=%s" % (k, urllib.parse.quote(str(v), safe="")) for k, v in params.items())
    headers = [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
               ("X-Amz-Date", "20261129T030753Z"),
               ("Authorization", authorization(account, region).replace("/securityhub/", "/sts/"))]
    return call_text("POST", "/", headers, form)


def from_scenarios(model):
    seeds = {}
    for path in sorted((ROOT / "tests/clients/scenarios").glob("*.json")):
        steps = [s for s in json.loads(path.read_text())["steps"] if "op" in s]
        calls = [(sts_call if s.get("service") == "sts" else functools.partial(api_call, model))(
                     s["op"], concrete(s["as"]), s.get("region", "us-east-1"), concrete(s["input"]))
                 for s in steps]
        for n in range(0, len(calls), MAX_CALLS):
            seeds["scenario-%s-%02d" % (path.stem, n // MAX_CALLS)] = session(calls[n:n + MAX_CALLS])
    return seeds


# --- Fixtures ---------------------------------------------------------------------------------

def from_fixtures(model):
    seeds = {}
    for path in sorted((ROOT / "fixtures").glob("*.json")):
        fixture = json.loads(path.read_text())
        keys = list(fixture.get("accessKeys", {}))
        calls = []
        for key in keys:
            calls.append(api_call(model, "ListMembers", key, "us-east-1", {"OnlyAssociated": False}))
            calls.append(api_call(model, "ListInvitations", key, "us-east-1", {}))
        for m in fixture.get("members", []):
            region = m.get("region", "us-east-1")
            calls.append(api_call(model, "GetMembers", m["administratorId"], region, {"AccountIds": [m["accountId"]]}))
            calls.append(api_call(model, "GetAdministratorAccount", m["accountId"], region, {}))
            calls.append(api_call(model, "AcceptAdministratorInvitation", m["accountId"], region,
                                  {"AdministratorId": m["administratorId"], "InvitationId": PLACEHOLDER_INVITATION}))
        for n in range(0, len(calls), MAX_CALLS):
            seeds["fixture-%s-%02d" % (path.stem, n // MAX_CALLS)] = session(calls[n:n + MAX_CALLS])
    return seeds


# --- Every route ------------------------------------------------------------------------------

def from_routes(model):
    calls = []
    for op in model["operations"]:
        uri = re.sub(r"\{(\w+)\+?\}", "arn%3Aaws%3Asecurityhub%3Aus-east-1%3A111111111111%3Ax", op["uri"])
        calls.append(call_text(op["method"], uri, [("Authorization", authorization("111111111111"))],
                               "{}" if op["method"] != "GET" else ""))
    calls += [call_text("GET", "/_mock/health", [], ""), call_text("POST", "/_mock/reset", [], "")]
    return {"routes-%02d" % (n // MAX_CALLS): session(calls[n:n + MAX_CALLS])
            for n in range(0, len(calls), MAX_CALLS)}


# --- STS and long strings ---------------------------------------------------------------------

def from_sts():
    form = "Action=GetCallerIdentity&Version=2011-06-15"
    signed = [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
              ("Authorization", authorization("111111111111").replace("/securityhub/", "/sts/"))]
    role = "&RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2FAdmin&RoleSessionName=s1"
    return {"sts-00": session([call_text("POST", "/", signed, form),
                               call_text("GET", "/?" + form, [], ""),
                               call_text("POST", "/", signed, "Action=AssumeRole&Version=2011-06-15")]),
            "sts-01": session([call_text("POST", "/", signed, "Action=AssumeRole&Version=2011-06-15" + role + extra)
                               for extra in ("", "&DurationSeconds=900", "&DurationSeconds=99999999999999999999",
                                             "&ExternalId=ext%3Aid", "&Policy=%7B%22a%22%3A%5B%5B%5B%5D%5D%5D%7D",
                                             "&Policy=%7B", "&RoleSessionName=a%3Ab")] +
                              [call_text("POST", "/", [("Authorization", authorization("ASIAEXAMPLEEXAMPLE00"))],
                                         "{}")])}


LONG = 4096  # long enough to be slow where matching is not linear; the fuzzer grows them further


def long_value(model, shape_name, text):
    shape = model["shapes"][shape_name]
    kind = shape["type"]
    if kind == "list":
        return [long_value(model, shape["member"]["shape"], text)]
    if kind == "map":
        return {text: long_value(model, shape["value"]["shape"], text)}
    if kind == "structure":
        return {name: long_value(model, m["shape"], text) for name, m in shape["members"].items()}
    return text if kind == "string" else None


def from_long_strings(model):
    """For each distinct (shape, location) of an implemented input, a call with a long value
    there: all whitespace (the worst case of a pattern like .*\\S.*), then all letters."""
    seeds, seen = {}, set()
    for op in model["operations"]:
        members = model["shapes"].get(op.get("input", ""), {}).get("members", {})
        for name, member in members.items():
            key = (member["shape"], member.get("location"))
            if key in seen or long_value(model, member["shape"], "x") is None:
                continue
            seen.add(key)
            calls = [api_call(model, op["name"], "111111111111", "us-east-1",
                              {name: long_value(model, member["shape"], fill * LONG)})
                     for fill in (" ", "x")]
            seeds["long-%s-%s" % (op["name"], name)] = session(calls)
    return seeds


# --- Dictionary -------------------------------------------------------------------------------

def dictionary(model):
    words = set()
    for op in model["operations"]:
        words.add(op["method"] + " ")
        words.update("/" + seg for seg in op["uri"].split("/") if seg and not seg.startswith("{"))
    for shape in model["shapes"].values():
        for name, member in shape.get("members", {}).items():
            words.add('"%s":' % name)
            if member.get("location") == "querystring":
                words.add(member["locationName"] + "=")
        words.update('"%s"' % e for e in shape.get("enum", []))
    words.update([
        "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 Credential=", "Credential=", "SignedHeaders=", "Signature=",
        ", SignedHeaders=", ", Signature=", "/aws4_request", "/securityhub/", "/us-east-1/", "/eu-west-1/",
        "/20261129/", "authorization: ", "x-amz-date: ", "x-amz-security-token: ", "content-type: ",
        "content-type;host;x-amz-date", "20261129T030753Z", "111111111111", "222222222222",
        "AKIAADMINEXAMPLE", "AKIAMEMBEREXAMPLE", "application/json", "/_mock/health", "/_mock/reset",
        "/_mock/", PLACEHOLDER_INVITATION, "Action=GetCallerIdentity", "&Version=2011-06-15", "/sts/",
        "Action=AssumeRole", "&RoleArn=", "&RoleSessionName=", "&DurationSeconds=", "&ExternalId=", "&Policy=",
        "arn:aws:iam::222222222222:role/Admin", "ASIA",
        "application/x-www-form-urlencoded", "arn:aws:securityhub:us-east-1:111111111111:hub/default",
        SEPARATOR, "\n\n", "?", "&", "%", "%00", "%2F", "true", "false", "null", "[]", "{}",
        # standards and controls (behavior.md §16): ARN parts and ids of the catalogue
        "arn:aws:securityhub:us-east-1::standards/", "arn:aws:securityhub:::ruleset/",
        "cis-aws-foundations-benchmark/v/1.2.0", "aws-foundational-security-best-practices/v/1.0.0",
        "pci-dss/v/3.2.1", "arn:aws:securityhub:us-east-1:111111111111:subscription/",
        "arn:aws:securityhub:us-east-1:111111111111:control/",
        "arn:aws:securityhub:us-east-1:111111111111:security-control/", "%3A", "ACM.1", "S3.1",
        "IAM.1", "EC2.18", "CloudWatch.16", "daysToExpiration", '"CUSTOM"', '"DEFAULT"',
        '"Integer":', '"IntegerList":', '"Double":', '"StringList":', '"Enum":', '"EnumList":',
    ])
    def escape(w):
        return "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "\\x%02x" % ord(c) for c in w)
    return "".join('"%s"\n' % escape(w) for w in sorted(words))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captures", default=str(ROOT.parent / "shared/wire/captures"))
    args = parser.parse_args()
    model = model_table()
    seeds = {}
    if Path(args.captures).is_dir():
        seeds.update(from_captures(args.captures))
    else:
        print("gen_inputs: no captures at %s; seeding without them" % args.captures)
    seeds.update(from_scenarios(model))
    seeds.update(from_fixtures(model))
    seeds.update(from_routes(model))
    seeds.update(from_sts())
    seeds.update(from_long_strings(model))

    corpus = FUZZ / "corpus"
    corpus.mkdir(exist_ok=True)
    for old in corpus.iterdir():
        old.unlink()
    for name, data in sorted(seeds.items()):
        (corpus / name).write_bytes(data)
    (FUZZ / "api.dict").write_text(
        "# Generated by tests/fuzz/gen_inputs.py from the model table and SigV4; do not edit.\n" +
        dictionary(model))
    size = sum(len(d) for d in seeds.values())
    print("gen_inputs: %d seeds (%d bytes) in %s, dictionary in %s" % (len(seeds), size, corpus, FUZZ / "api.dict"))


if __name__ == "__main__":
    main()
