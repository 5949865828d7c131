#!/usr/bin/env python3
"""Holds the sources under server/ to their size limits: no file over 600 lines, no function
over 60 (docs/design.md, "Checks of the layout").

A function is counted from the first line of its signature to its closing brace. The scan is a
small brace matcher over the source with comments, strings and preprocessor lines blanked out,
not a C++ parser: a body is a brace block whose head, at namespace or class scope, ends with a
parameter list (and qualifiers or a constructor's initializers). Lambdas and local classes
count toward the function that holds them. Generated files are left out.

  scripts/check_sizes.py              checks the repository; exit 1 on any excess
  scripts/check_sizes.py --self-test  checks the checker on made-up sources
"""
import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 60
# Generated: the model's JSON in one string literal.
SKIP = {"server/protocol/service_model_data.cc"}

FUNCTION_TAIL = re.compile(
    r"\)\s*(?:const\b|override\b|final\b|noexcept\b(?:\s*\([^)]*\))?|mutable\b|&&?|->\s*[\w:<>,\s*&]+?)*\s*$")
CLASS_HEAD = re.compile(r"\b(?:class|struct|union|enum)\b")
NAMESPACE_HEAD = re.compile(r"^\s*(?:namespace\b|extern\b)")
ACCESS = re.compile(r"^\s*(?:(?:public|private|protected)\s*:(?!:)\s*)+")


def blank(text):
    """`text` with comments, string and character literals and preprocessor lines replaced by
    spaces, newlines kept, so that braces and line numbers mean what they seem to."""
    out, i, n = [], 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c == "#":
            j = i
            while j < n and (text[j] != "\n" or text[j - 1] == "\\"):
                j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
            continue
        if c in " \t":
            out.append(c)
            i += 1
            continue
        at_line_start = c == "\n"
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "R" and i + 1 < n and text[i + 1] == '"' and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            paren = text.find("(", i + 2)
            delimiter = ")" + text[i + 2:paren] + '"'
            j = text.find(delimiter, paren)
            j = n if j < 0 else j + len(delimiter)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def depth0(head):
    """`head` without what is inside parentheses or angle brackets."""
    out, depth = [], 0
    for c in head:
        if c in "(<":
            depth += 1
        elif c in ")>" and depth > 0:
            depth -= 1
            if depth == 0:
                out.append(c)
            continue
        if depth == 0:
            out.append(c)
    return "".join(out)


def classify(head):
    flat = ACCESS.sub("", head)
    while re.search(r"\{[^{}]*\}", flat):  # a member's brace initializer reads as its parentheses
        flat = re.sub(r"\{[^{}]*\}", "()", flat)
    if NAMESPACE_HEAD.match(flat):
        return "namespace"
    at_depth0 = depth0(flat).replace("operator=", "")
    if FUNCTION_TAIL.search(flat) and "=" not in at_depth0:
        return "function"
    if CLASS_HEAD.search(depth0(flat)):
        return "class"
    return "init"


def functions(text):
    """(first line, last line, head) of every function body in `text`."""
    code = blank(text)
    found, stack = [], []  # stack: (kind, head start offset)
    head_start = 0
    for i, c in enumerate(code):
        if c == ";":
            head_start = i + 1
        elif c == "{":
            outer = stack[-1][0] if stack else "namespace"
            head = code[head_start:i]
            kind = "block" if outer in ("function", "block", "init") else classify(head)
            signature = ACCESS.sub("", head.lstrip()).lstrip()  # where the signature starts
            first = head_start + len(head) - len(signature)
            stack.append((kind, head_start, first))
            head_start = i + 1
        elif c == "}" and stack:
            kind, start, first = stack.pop()
            if kind == "function":
                name = re.search(r"([\w:~=!<>+\-*/\[\]]+)\s*$", code[first:code.find("(", first)])
                found.append((code.count("\n", 0, first) + 1, code.count("\n", 0, i) + 1, name.group(1) if name else "?"))
            # A brace initializer at class or namespace scope (a member's in a constructor's
            # initializer list) leaves the head it is part of going on.
            outer = stack[-1][0] if stack else "namespace"
            head_start = start if kind == "init" and outer in ("namespace", "class") else i + 1
    return found


def check(root, paths):
    problems = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        text = path.read_text()
        lines = text.count("\n")
        if lines > MAX_FILE_LINES:
            problems.append(f"{rel}: {lines} lines (at most {MAX_FILE_LINES})")
        for first, last, name in functions(text):
            if last - first + 1 > MAX_FUNCTION_LINES:
                problems.append(f"{rel}:{first}: {name} is {last - first + 1} lines "
                                f"(at most {MAX_FUNCTION_LINES})")
    return problems


def sources(root):
    for path in sorted((root / "server").rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.suffix in (".cc", ".h") and rel not in SKIP:
            yield path


def self_test():
    body = "\n".join(f"  x += {k};" for k in range(57))
    cases = {
        # name: (source, expected number of problems)
        "a function of 60 lines": ("int f(int x) {\n" + body + "\n  return x;\n}\n", 0),
        "long function": ("int f(int x) {\n" + body + "\n  x++;\n  return x;\n}\n", 1),
        "long method in a class": ("class A {\n public:\n  int f(int x) const {\n" + body +
                                   "\n  x++;\n  return x;\n  }\n};\n", 1),
        "long constructor with initializers": ("A::A(int x)\n    : a_(x),\n      b_{x} {\n" + body + "\n}\n", 1),
        "long initializer is no function": ("const int kTable[] = {\n" + ",\n".join(["1"] * 80) + "\n};\n", 0),
        "braces in strings and comments": ('int f() {\n  // {{{\n  const char* s = "}}}";\n  return 0;\n}\n'
                                           + "int g(int x) {\n" + body + "\n  x++;\n  return x;\n}\n", 1),
        "long file": ("\n" * (MAX_FILE_LINES + 1), 1),
    }
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, (source, expected) in cases.items():
            path = Path(tmp) / "x.cc"
            path.write_text(source)
            got = check(Path(tmp), [path])
            if len(got) != expected:
                failed += 1
                print(f"self-test '{name}': expected {expected} problem(s), got {got}")
    print("self-test " + ("failed" if failed else "passed"))
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    problems = check(ROOT, list(sources(ROOT)))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} over the limits: split them (docs/design.md, \"Checks of the layout\")")
        return 1
    print(f"server/: no file over {MAX_FILE_LINES} lines, no function over {MAX_FUNCTION_LINES} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
