#!/usr/bin/env python3
"""Checks that every #include under server/ and include/shmock/ points down the layers, never
up (docs/design.md, "Layers"). From the bottom:

  base      server/base/: status, clock, ids, log, strings, url, utf8, time, the JSON writer
  domain    the records, the domain modules (server/domain/) and the store port they run on
  store     the store's implementations (server/store/, SQLite)
  identity  server/identity/: who is calling (SigV4, access keys)
  config    server/config.cc: the settings every layer above reads
  protocol  server/protocol/: the Dispatcher, the faces (Security Hub, STS), the operations
            table, the model, the fault rules, the read cache
  control   server/control/: the mock's own endpoints, the web view, the fixture codec
  http      server/http/: the HTTP adapter
  app       server/app.cc: the one wiring
  main      server/main.cc

A file may include its own layer and those below it. A source under server/<folder>/ is in its
folder's layer; a header in include/shmock/ is in the layer LAYER_OF names, or else in the layer
of the source that implements it (include/shmock/x.h -> server/**/x.cc). A file the map does
not place is an error too, so a new folder or contract cannot slip past.

  scripts/check_layers.py              checks the repository; exit 1 on an upward include
  scripts/check_layers.py --self-test  checks the checker on a made-up tree
"""
import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["base", "domain", "store", "identity", "config", "protocol", "control", "http", "app", "main"]
FOLDERS = {
    "server/base": "base", "server/domain": "domain", "server/store": "store", "server/identity": "identity",
    "server/protocol": "protocol", "server/control": "control", "server/http": "http",
}
FILES = {
    "server/config.cc": "config", "server/app.cc": "app", "server/main.cc": "main",
}
# Contracts whose layer is not that of a same-named source.
LAYER_OF = {
    "include/shmock/status.h": "base", "include/shmock/clock.h": "base", "include/shmock/ids.h": "base",
    "include/shmock/log.h": "base", "include/shmock/version.h.in": "base",
    "include/shmock/records.h": "domain", "include/shmock/page.h": "domain",
    "include/shmock/store.h": "domain",  # the port: the domain's view of storage
    "include/shmock/control_paths.h": "protocol",
}
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.MULTILINE)


def layer_of(root, rel):
    if rel in FILES:
        return FILES[rel]
    if rel in LAYER_OF:
        return LAYER_OF[rel]
    for folder, layer in FOLDERS.items():
        if rel.startswith(folder + "/"):
            return layer
    if rel.startswith("include/shmock/"):
        stem = Path(rel).name.split(".")[0]
        sources = [p.relative_to(root).as_posix() for p in (root / "server").rglob(stem + ".cc")]
        if len(sources) == 1 and sources[0] != rel:
            return layer_of(root, sources[0])
    return None


def resolve(root, including, name):
    """The repository path of `#include "name"` in `including`, or None."""
    if name == "shmock/version.h":  # generated from version.h.in
        return "include/shmock/version.h.in"
    for base in (Path(including).parent, Path("include"), Path("server")):
        candidate = base / name
        if (root / candidate).is_file():
            return candidate.as_posix()
    return None


def files(root):
    for pattern in ("server/**/*.cc", "server/**/*.h", "include/shmock/*.h", "include/shmock/*.h.in"):
        yield from sorted(p.relative_to(root).as_posix() for p in root.glob(pattern))


def check(root):
    problems, edges = [], 0
    for rel in files(root):
        layer = layer_of(root, rel)
        if layer is None:
            problems.append(f"{rel}: in no layer; place it in scripts/check_layers.py")
            continue
        for name in INCLUDE.findall((root / rel).read_text()):
            target = resolve(root, rel, name)
            if target is None:
                problems.append(f'{rel}: #include "{name}" is no file of the repository')
                continue
            edges += 1
            target_layer = layer_of(root, target)
            if target_layer is None:
                problems.append(f"{target}: in no layer; place it in scripts/check_layers.py")
            elif LAYERS.index(target_layer) > LAYERS.index(layer):
                problems.append(f'{rel} ({layer}) includes "{name}" ({target_layer}), a layer above it')
    return sorted(set(problems)), edges


def self_test():
    tree = {
        "server/base/a.h": '#include "protocol/b.h"\n',          # up: base -> protocol
        "server/protocol/b.h": '#include "shmock/c.h"\n',         # down: protocol -> identity
        "include/shmock/c.h": '#include "shmock/status.h"\n',     # identity (by its source) -> base
        "include/shmock/status.h": "",
        "server/identity/c.cc": '#include "shmock/c.h"\n',
        "server/http/d.cc": '#include "nowhere.h"\n',             # a missing file
        "server/elsewhere/e.cc": "",                               # in no layer
    }
    expected = {
        'server/base/a.h (base) includes "protocol/b.h" (protocol), a layer above it',
        'server/http/d.cc: #include "nowhere.h" is no file of the repository',
        "server/elsewhere/e.cc: in no layer; place it in scripts/check_layers.py",
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, text in tree.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        problems, _ = check(root)
    if set(problems) != expected:
        print("self-test failed:\n  expected " + "\n           ".join(sorted(expected)) +
              "\n  got      " + "\n           ".join(problems))
        return 1
    print("self-test passed")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    problems, edges = check(ROOT)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{edges} includes, none from a lower layer to a higher one ({' < '.join(LAYERS)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
