#!/usr/bin/env python3
"""Checks that the repository cites its wire facts inside itself.

1. Every reference `docs/providers/<file>.md#<anchor>` (and `docs/providers/<file>.md`)
   in the sources, specs and README points to a file that exists and to a heading of it
   (GitHub's anchor rule: lowercase, spaces to hyphens, other punctuation dropped).
2. Nothing cites the research notes kept outside the repository: no `api-notes`, no
   `notes §`, no bracket tags of the notes (`[D-bq]`, `[S3]`, `[N2]`, `[W1]`).

Usage: doclinks.py [ROOT]   (default: the repository root above this script)
Exit status: 0 all resolve, 1 a broken or outside reference, 2 usage error.
"""

import os
import re
import sys

SCAN_DIRS = ("crates", "specs", "xtask")
SCAN_FILES = ("README.md",)
EXTENSIONS = (".rs", ".yaml", ".yml", ".md", ".toml")
LINK = re.compile(r"docs/providers/([A-Za-z0-9_-]+\.md)(?:#([A-Za-z0-9_-]+))?")
OUTSIDE = [
    (re.compile(r"api-notes"), "cites the research notes (api-notes)"),
    (re.compile(r"\bnotes §"), "cites the research notes (notes §)"),
    (re.compile(r"\[(?:D-[a-z0-9-]+|S\d+(?:-[a-z]+)?|N\d+|N-[a-z0-9-]+|W\d+(?:-[a-z]+)?)\]"),
     "cites a bracket tag of the research notes"),
]


def anchor(heading):
    """GitHub's anchor for a heading text."""
    text = re.sub(r"`", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors_of(path):
    found = set()
    seen = {}
    in_code = False
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("```"):
                in_code = not in_code
                continue
            m = re.match(r"#{1,6}\s+(.*)", line)
            if m and not in_code:
                base = anchor(m.group(1))
                n = seen.get(base, 0)
                seen[base] = n + 1
                found.add(base if n == 0 else f"{base}-{n}")
    return found


def files(root):
    for name in SCAN_FILES:
        p = os.path.join(root, name)
        if os.path.isfile(p):
            yield p
    for d in SCAN_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, d)):
            dirnames[:] = [x for x in dirnames if x != "target"]
            for f in filenames:
                if f.endswith(EXTENSIONS):
                    yield os.path.join(dirpath, f)


def main(argv):
    if len(argv) > 1:
        print(__doc__, file=sys.stderr)
        return 2
    root = argv[0] if argv else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    docs = os.path.join(root, "docs", "providers")
    cache = {}
    problems = []
    links = 0
    for path in files(root):
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                for pattern, why in OUTSIDE:
                    if pattern.search(line):
                        problems.append(f"{rel}:{n}: {why}: {line.strip()[:120]}")
                for m in LINK.finditer(line):
                    links += 1
                    doc, frag = m.group(1), m.group(2)
                    target = os.path.join(docs, doc)
                    if not os.path.isfile(target):
                        problems.append(f"{rel}:{n}: docs/providers/{doc} does not exist")
                        continue
                    if frag is None:
                        continue
                    if target not in cache:
                        cache[target] = anchors_of(target)
                    if frag not in cache[target]:
                        problems.append(f"{rel}:{n}: docs/providers/{doc} has no heading #{frag}")
    for p in problems:
        print(p)
    print(f"{links} links to docs/providers checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
