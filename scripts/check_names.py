#!/usr/bin/env python3
"""Refuses two definitions of one class name in one namespace (docs/design.md, "Checks of the
layout").

Two classes `shmock::Connection` defined in two sources (the store's SQLite connection and the
HTTP one) once linked into one program: the one-definition rule was broken without a word from
the compiler or the linker, and only a sanitizer build showed an HTTP connection destroyed by
the store's destructor. This check finds such a pair before any build: every class, struct or
union defined (with a body) at the scope of a named namespace, in the sources under server/,
include/ and tests/ (linked with them), must have one name per namespace across the whole
tree. Definitions inside an unnamed namespace or inside a class or function are local to their
file or scope and are left alone; a forward declaration is not a definition.

The scan reuses check_sizes.py's blanking of comments, strings and preprocessor lines and
matches braces; it is not a C++ parser.

  scripts/check_names.py              checks the repository; exit 1 on a name defined twice
  scripts/check_names.py --self-test  checks the checker on made-up sources
"""
import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_sizes import blank  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NAMESPACE = re.compile(r"^\s*(?:inline\s+)?namespace\s*([\w:]*)\s*$")
CLASS = re.compile(r"^\s*(?:template\s*<[^{;]*>\s*)?(?:class|struct|union)\s+(?:\[\[[^\]]*\]\]\s*)?"
                   r"((?:\w+::)*\w+)\s*(?:final\s*)?(?::(?!:)[^{;]*)?$")


def definitions(text):
    """(namespace, class name, line) of each class defined at a named namespace's scope."""
    code = blank(text)
    found, stack = [], []  # stack entries: a namespace name, "" for an unnamed one, None otherwise
    head_start = 0
    for i, c in enumerate(code):
        if c in ";}":
            if c == "}" and stack:
                stack.pop()
            head_start = i + 1
        elif c == "{":
            head = code[head_start:i]
            namespace = NAMESPACE.match(head)
            klass = CLASS.match(head)
            if namespace:
                stack.append(namespace.group(1))
            elif klass and "::" not in klass.group(1) and stack and all(stack):
                # X::Inner defines a member of X, which is X's own scope, not the namespace's.
                found.append(("::".join(stack), klass.group(1), code.count("\n", 0, i) + 1))
                stack.append(None)
            else:
                stack.append(None)
            head_start = i + 1
    return found


def duplicates(root):
    seen, problems = {}, []
    sources = sorted(p for folder in ("server", "include", "tests") for p in (root / folder).rglob("*")
                     if p.suffix in (".h", ".cc", ".cpp", ".hpp") and "node_modules" not in p.parts)
    for path in sources:
        for namespace, name, line in definitions(path.read_text(errors="replace")):
            where = f"{path.relative_to(root)}:{line}"
            key = (namespace, name)
            if key in seen:
                problems.append(f"{namespace}::{name} is defined twice, at {seen[key]} and at "
                                f"{where}: two classes of one name in one namespace break the "
                                "one-definition rule once linked together; rename one, or put a "
                                "class its file alone uses in an unnamed namespace")
            else:
                seen[key] = where
    return problems


def self_test():
    cases = [
        # (files, expected number of problems)
        ({"server/a.cc": "namespace shmock { class Connection { int a; }; }",
          "server/b.cc": "namespace shmock {\nclass Connection final : public Base {\n int b;\n};\n}"}, 1),
        ({"server/a.cc": "namespace shmock { namespace { class Connection {}; } }",
          "server/b.cc": "namespace shmock { namespace { class Connection {}; } }"}, 0),
        ({"server/a.cc": "namespace shmock { class Connection; struct X { struct Inner {}; }; }",
          "server/b.cc": "namespace shmock { struct Y { struct Inner {}; }; void f() { struct L {}; } }"}, 0),
        ({"server/a.cc": "namespace shmock { struct Page {}; }",
          "include/b.h": "namespace other { struct Page {}; }"}, 0),
        ({"server/a.cc": "namespace shmock::store { struct Row {}; }",
          "server/b.cc": "namespace shmock { namespace store { template <typename T> struct Row {}; } }"}, 1),
        ({"server/a.cc": "// class Connection {}\nnamespace shmock { const char* s = \"struct A {\"; struct A {}; }",
          "server/b.cc": "namespace shmock { enum class A { kX }; }"}, 0),
        ({"include/app.h": "namespace shmock { class App { struct Parts; }; }",
          "server/app.cc": "namespace shmock { struct App::Parts { int a; }; }"}, 0),
    ]
    failures = 0
    for n, (files, expected) in enumerate(cases):
        with tempfile.TemporaryDirectory() as d:
            root = Path(d)
            for rel, text in files.items():
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_text(text)
            got = duplicates(root)
            if len(got) != expected:
                failures += 1
                print(f"self-test case {n}: expected {expected} problem(s), got {got}")
    print("self-test: " + ("ok" if failures == 0 else f"{failures} case(s) failed"))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    problems = duplicates(ROOT)
    for p in problems:
        print(p)
    if not problems:
        print("check_names: every class name is defined once per namespace")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
