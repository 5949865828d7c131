#!/usr/bin/env python3
"""Writes fixtures/large-5000.json: one administrator (111111111111) with 5,000 Enabled members
(200000000000 .. 200000004999), each with a hub of its own. No entry names a Region, so the
whole document lands in the server's default Region (us-east-1 unless configured).

The file is committed so that it can be used without a build (a demo, a container volume); the
test suite runs this script with --check so the two never drift apart. Everything is
deterministic: invitation ids are derived from the member's account id, times are fixed.

  scripts/gen_large_fixture.py > fixtures/large-5000.json
  scripts/gen_large_fixture.py --check fixtures/large-5000.json
"""
import hashlib
import json
import sys

ADMIN = "111111111111"
FIRST_MEMBER = 200000000000
COUNT = 5000
SUBSCRIBED_AT = "2026-11-02T09:00:00.000Z"
INVITED_AT = "2026-11-02T09:30:00.000Z"
ACCEPTED_AT = "2026-11-02T10:00:00.000Z"


def entry(fields):
    return json.dumps(fields, separators=(",", ":"))


def document():
    members = ["%012d" % (FIRST_MEMBER + i) for i in range(COUNT)]
    hubs = [entry({"accountId": ADMIN, "subscribedAt": SUBSCRIBED_AT, "tags": {"purpose": "load"}})]
    hubs += [entry({"accountId": m, "subscribedAt": SUBSCRIBED_AT}) for m in members]
    rels = [entry({"administratorId": ADMIN, "accountId": m,
                   "memberStatus": "Enabled",
                   "invitationId": hashlib.md5(m.encode()).hexdigest(),
                   "invitedAt": INVITED_AT, "updatedAt": ACCEPTED_AT}) for m in members]
    return ('{\n  "accessKeys": {"AKIAADMINEXAMPLE": "%s"},\n  "hubs": [\n    %s\n  ],\n'
            '  "members": [\n    %s\n  ]\n}\n') % (ADMIN, ",\n    ".join(hubs), ",\n    ".join(rels))


def main(argv):
    text = document()
    if len(argv) == 3 and argv[1] == "--check":
        with open(argv[2], encoding="utf-8") as f:
            if f.read() != text:
                sys.exit("%s differs from what %s writes; regenerate it:\n  %s > %s"
                         % (argv[2], argv[0], argv[0], argv[2]))
        return
    if len(argv) != 1:
        sys.exit(__doc__)
    sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv)
