"""The recording format of the conformance harness (docs/conformance.md): how one call becomes
one JSON line, what is masked so that two runs can be compared, and how two recordings are
compared. scripts/conformance.py writes recordings with it; `--diff` reads them.

A recording is a directory: one `<scenario>.jsonl` per scenario (one line per call, or per
step that was not sent), `run.json` (what ran and what was skipped, and why) and
`environment.json` (client versions and the date: never compared).
"""

import json
import os
import re

FORMAT = 1

# ----------------------------------------------------------------------------- the one table
#
# Every rule that makes a recording comparable lives in this table, and nowhere else. A rule
# has a name (shown in docs/conformance.md), where it applies, and what the recording keeps.
#   kind "key":       a string under one of `keys`, anywhere in input, output or error
#   kind "value":     a whole string that matches `pattern`
#   kind "substring": every match of `pattern` inside any string
#   kind "sort":      a list under one of `keys`, sorted by its elements' `by` member, since
#                     the service promises no order for it
# `mask` is what the value becomes: "<name>" or "<name-N>" when `numbered` (numbered in the
# order of first appearance within one scenario, so equal values stay equal and different ones
# stay different: a re-invitation's new id is visible). When `form` is given and the value
# does not have that form, the mask also shows the value's shape (digits as 9, the letters
# a-f as x), so a different id or time format shows up as a difference instead of vanishing.
# The run's own account ids and Region names are replaced first, by their roles (<admin>,
# <member>, <third>; <management>, <delegated>) and slots (<region>, <region-2>).

HEX32 = r"[0-9a-f]{32}"
ISO_MS_Z = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

RULES = (
    {"name": "invitation id", "kind": "key", "keys": ("InvitationId",), "mask": "invitation",
     "numbered": True, "form": HEX32},
    {"name": "pagination token", "kind": "key", "keys": ("NextToken",), "mask": "token"},
    {"name": "timestamp", "kind": "value",
     "pattern": r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?", "mask": "timestamp",
     "form": ISO_MS_Z},
    {"name": "request id or other UUID", "kind": "substring", "pattern": UUID, "mask": "uuid"},
    {"name": "ARN's unique part", "kind": "substring",
     "pattern": r"(?<=[:/])[0-9a-f]{16,}(?=$|[/:\"\s])", "mask": "id", "numbered": True},
    {"name": "member lists", "kind": "sort", "keys": ("Members", "UnprocessedAccounts", "Invitations",
                                                     "AdminAccounts"), "by": "AccountId"},
)


# An account id: 12 digits standing alone (in an ARN, a message, a list), not 12 digits inside a
# longer word such as a hex invitation id.
ACCOUNT_RE = re.compile(r"(?<![0-9A-Za-z])\d{12}(?![0-9A-Za-z])")


def shape(value):
    """The form of a masked value without its content: digits as 9, a-f as x."""
    return re.sub(r"[a-f]", "x", re.sub(r"[0-9]", "9", value))


def unordered(value, key=None, rules=RULES):
    """`value` with the lists the table calls unordered sorted by their member (raw values, before
    masking): how an answer is compared with a scenario's expectation, which lists them in the
    mock's order."""
    if isinstance(value, dict):
        return {k: unordered(v, k, rules) for k, v in value.items()}
    if isinstance(value, list):
        items = [unordered(v, key, rules) for v in value]
        for rule in rules:
            if rule["kind"] == "sort" and key in rule["keys"]:
                items.sort(key=lambda el, by=rule["by"]: json.dumps(el.get(by) if isinstance(el, dict) else el,
                                                                    sort_keys=True))
        return items
    return value


class Normaliser:
    """Masks one scenario's calls. `accounts` maps the run's account ids to roles, `regions`
    the run's Region names to slots. One instance per scenario: numbering starts afresh."""

    def __init__(self, accounts, regions, rules=RULES):
        self.accounts = dict(accounts)
        self.regions = dict(regions)
        names = sorted(self.regions, key=len, reverse=True)
        self.region_re = re.compile(r"\b(%s)\b" % "|".join(map(re.escape, names))) if names else None
        self.rules = rules
        self.compiled = {}
        for rule in rules:
            if "pattern" in rule:
                self.compiled[rule["name"]] = re.compile(rule["pattern"])
        self.numbers = {}   # (mask, value) -> n

    def _numbered(self, rule, value):
        key = (rule["mask"], value)
        if key not in self.numbers:
            self.numbers[key] = 1 + sum(1 for (m, _) in self.numbers if m == rule["mask"])
        return "%s-%d" % (rule["mask"], self.numbers[key])

    def _mask(self, rule, value):
        label = self._numbered(rule, value) if rule.get("numbered") else rule["mask"]
        form = rule.get("form")
        if form and not re.fullmatch(form, value):
            label += " " + shape(value)
        return "<%s>" % label

    def text(self, s, key=None):
        for rule in self.rules:
            if rule["kind"] == "key" and key in rule["keys"]:
                return self._mask(rule, s)
        s = ACCOUNT_RE.sub(lambda m: "<%s>" % self.accounts[m.group(0)] if m.group(0) in self.accounts
                                else m.group(0), s)
        if self.region_re is not None:
            s = self.region_re.sub(lambda m: "<%s>" % self.regions[m.group(1)], s)
        for rule in self.rules:
            if rule["kind"] == "value" and self.compiled[rule["name"]].fullmatch(s):
                return self._mask(rule, s)
        for rule in self.rules:
            if rule["kind"] == "substring":
                s = self.compiled[rule["name"]].sub(lambda m, r=rule: self._mask(r, m.group(0)), s)
        return s

    def value(self, v, key=None):
        """Masks in an order that does not depend on the target: an object's members by name, an
        unordered list after sorting it by its member's masked value (a role, not an account id
        that differs between runs), so numbered masks are given out in the same order."""
        if isinstance(v, dict):
            return {k: self.value(v[k], k) for k in sorted(v)}
        if isinstance(v, list):
            items = list(v)
            for rule in self.rules:
                if rule["kind"] == "sort" and key in rule["keys"]:
                    by = rule["by"]
                    items.sort(key=lambda el: json.dumps(
                        self.text(el[by], by) if isinstance(el, dict) and isinstance(el.get(by), str) else el,
                        sort_keys=True, default=str))
            return [self.value(x, key) for x in items]
        if isinstance(v, str):
            return self.text(v, key)
        return v

    def line(self, record):
        """A recorded call or step, masked. Fields are masked in a fixed order (input before
        output) so that numbering is the same in every run."""
        out = {}
        for field in LINE_FIELDS:
            if field in record:
                out[field] = self.value(record[field]) if field not in ("step", "iteration", "pages", "status") \
                    else record[field]
        return out


LINE_FIELDS = ("step", "iteration", "op", "as", "region", "input", "pages", "status", "error", "output",
               "skipped", "not_run")


def dumps(line):
    """One recording line: the fields in LINE_FIELDS order (the step first, for a human reader),
    everything inside them with sorted keys, no spaces, non-ASCII kept; so two recordings of the
    same answers are the same bytes."""
    def one(v):
        return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    unknown = set(line) - set(LINE_FIELDS)
    if unknown:
        raise ValueError("recording line with unknown fields %s" % sorted(unknown))
    return "{" + ",".join("%s:%s" % (one(k), one(line[k])) for k in LINE_FIELDS if k in line) + "}"


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n")


class RecordingError(Exception):
    pass


def read_recording(directory):
    """{scenario: [line, ...]} and the run manifest of a recording directory."""
    if not os.path.isdir(directory):
        raise RecordingError("%s is not a recording directory" % directory)
    scenarios = {}
    for name in sorted(os.listdir(directory)):
        if name.endswith(".jsonl"):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                scenarios[name[:-len(".jsonl")]] = [json.loads(l) for l in f if l.strip()]
    manifest = {}
    path = os.path.join(directory, "run.json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    env = {}
    path = os.path.join(directory, "environment.json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            env = json.load(f)
    return scenarios, manifest, env


# ----------------------------------------------------------------------------- diff

def _flat_diff(a, b, path, out):
    """Append (path, a, b) for every leaf where a and b differ. A non-empty object present on
    one side only is shown member by member against (absent)."""
    if b is _MISSING and isinstance(a, dict) and a:
        b = {k: _MISSING for k in a}
    elif a is _MISSING and isinstance(b, dict) and b:
        a = {k: _MISSING for k in b}
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            _flat_diff(a.get(k, _MISSING), b.get(k, _MISSING), "%s.%s" % (path, k) if path else k, out)
        return
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            _flat_diff(x, y, "%s[%d]" % (path, i), out)
        return
    if a is _MISSING and b is _MISSING:
        return
    if a != b or type(a) is not type(b):
        out.append((path, a, b))


class _Missing:
    def __repr__(self):
        return "(absent)"


_MISSING = _Missing()


def _show(v):
    return "(absent)" if v is _MISSING else json.dumps(v, sort_keys=True, ensure_ascii=False)


def _key(line):
    return (line.get("step"), line.get("iteration", 0))


def diff(dir_a, dir_b, out, width=None):
    """Print every difference between two recordings; return how many there are."""
    rec_a, man_a, env_a = read_recording(dir_a)
    rec_b, man_b, env_b = read_recording(dir_b)
    width = width or 160
    col = max(30, (width - 38) // 2)

    def side_by_side(field, va, vb):
        sa, sb = _show(va), _show(vb)
        if len(sa) <= col and len(sb) <= col:
            out.write("    %-30s %-*s | %s\n" % (field, col, sa, sb))
        else:
            out.write("    %s\n      A: %s\n      B: %s\n" % (field, sa, sb))

    def describe(env, man):
        bits = [env.get("target", man.get("target", "?"))]
        for k in ("botocore", "mock"):
            if env.get(k):
                bits.append("%s %s" % (k, env[k]))
        if env.get("date"):
            bits.append(env["date"])
        return ", ".join(bits)

    out.write("A: %s (%s)\nB: %s (%s)\n" % (dir_a, describe(env_a, man_a), dir_b, describe(env_b, man_b)))
    if env_a.get("botocore") and env_b.get("botocore") and env_a["botocore"] != env_b["botocore"]:
        out.write("note: the recordings were made with different botocore versions; a model difference "
                  "(a member one of them does not know) shows up as a difference below.\n")
    count = 0
    notes = []
    for scenario in sorted(set(rec_a) | set(rec_b)):
        if scenario not in rec_a or scenario not in rec_b:
            have, lacks, man = ("A", "B", man_b) if scenario in rec_a else ("B", "A", man_a)
            why = man.get("scenarios", {}).get(scenario, {})
            if why.get("status") == "skipped":
                notes.append("%s: only in %s; %s skipped it: %s" % (scenario, have, lacks, why.get("reason")))
            else:
                count += 1
                out.write("%s: recorded in %s only\n" % (scenario, have))
            continue
        lines_a = {_key(l): l for l in rec_a[scenario]}
        lines_b = {_key(l): l for l in rec_b[scenario]}
        for key in sorted(set(lines_a) | set(lines_b), key=lambda k: (k[0] if k[0] is not None else -1, k[1])):
            la, lb = lines_a.get(key), lines_b.get(key)
            if la == lb:
                continue
            count += 1
            ref = la or lb
            step = "step %s" % key[0] + (", iteration %d" % key[1] if "iteration" in ref else "")
            where = ", " + ref["region"] if ref.get("region") not in (None, "<region>") else ""
            who = " (as %s%s)" % (ref.get("as", "?"), where)
            ops = ref.get("op", "?")
            if la and lb and la.get("op") != lb.get("op"):
                ops = "%s | %s" % (la.get("op"), lb.get("op"))
            out.write("%s, %s, %s%s:\n" % (scenario, step, ops, who))
            if la is None or lb is None:
                out.write("    %s\n" % ("only in A: " + _show(la) if lb is None else "only in B: " + _show(lb)))
                continue
            fields = []
            _flat_diff({k: v for k, v in la.items() if k not in ("step", "iteration")},
                       {k: v for k, v in lb.items() if k not in ("step", "iteration")}, "", fields)
            for field, va, vb in fields:
                side_by_side(field, va, vb)
    for n in notes:
        out.write("note: %s\n" % n)
    out.write("%d difference%s\n" % (count, "" if count == 1 else "s"))
    return count
