"""The fenced blocks of README.md and the marker each carries (shared by run_readme.py and
check_recipes.py).

A marker is an HTML comment on the last non-blank line before the opening fence:
    <!-- test: KIND [OPTION ...] -->    KIND: setup, sh, console, python, js, recipe
    <!-- test: file PATH -->            the block is a file later blocks use, written to PATH
    <!-- no-test: REASON -->
"""
import re
from dataclasses import dataclass, field

MARKER = re.compile(r"^<!--\s*(test|no-test):\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^(```|~~~)(.*)$")
KINDS = {"setup", "sh", "console", "python", "js", "recipe", "file"}
OPTIONS = {"reset", "clean", "own-port"}


@dataclass
class Block:
    line: int             # 1-based line of the opening fence
    lang: str             # the fence's info string
    text: str
    kind: str = ""        # empty: no-test
    options: set = field(default_factory=set)
    path: str = ""        # kind file: where the block is written, relative to the scratch directory
    problem: str = ""     # why the block's marker is wrong, if it is


def blocks(readme_text):
    lines = readme_text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang = m.group(1), m.group(2).strip()
        start = i
        i += 1
        body = []
        while i < len(lines) and not lines[i].startswith(fence):
            body.append(lines[i])
            i += 1
        i += 1  # the closing fence
        block = Block(line=start + 1, lang=lang, text="\n".join(body) + "\n")
        prev = start - 1
        while prev >= 0 and not lines[prev].strip():
            prev -= 1
        marker = MARKER.match(lines[prev]) if prev >= 0 else None
        if not marker:
            block.problem = ("no marker: put <!-- test: KIND --> or <!-- no-test: REASON --> on the "
                             "line before the fence (see the comment at the top of README.md)")
        elif marker.group(1) == "test":
            words = marker.group(2).split()
            block.kind = words[0] if words else ""
            if block.kind == "file":
                block.path, words = (words[1], words[1:]) if len(words) > 1 else ("", words)
            block.options = set(words[1:])
            if block.kind == "file" and (not block.path or block.path.startswith("/") or ".." in block.path.split("/")):
                block.problem = "test: file needs a relative path inside the scratch directory (test: file my-app/test.mjs)"
            elif block.kind not in KINDS:
                block.problem = f"unknown kind '{block.kind}'; kinds are {', '.join(sorted(KINDS))}"
            elif block.options - OPTIONS:
                block.problem = f"unknown options {sorted(block.options - OPTIONS)}; options are {sorted(OPTIONS)}"
        elif not marker.group(2):
            block.problem = "no-test needs a reason"
        out.append(block)
    return out
