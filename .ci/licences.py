#!/usr/bin/env python3
"""The licences of the whole dependency tree against an allow-list.

Reads `cargo metadata --format-version 1 --all-features --locked` (every package of every
supported build: all features, every target platform, dev and build dependencies, the
workspace's own crates included) and checks each package's SPDX `license` expression:
`OR` needs one allowed side, `AND` needs both, `A WITH B` is allowed only as written in
ALLOWED, parentheses group, and the legacy `/` reads as `OR`. A package with no `license`
(only a `license-file`, or nothing), an expression that does not parse, or a licence not
in ALLOWED fails the check, with every offender listed.

This is the licence half of `cargo deny check`: installing cargo-deny took 9 minutes (3.6
CPU-minutes) on the shared 2-core CI machine, so the check is this script instead. No
advisory database is reachable from CI, so no advisory check runs at all.

Usage: python3 .ci/licences.py [--list]   (--list prints every package's licence)
"""

import json
import re
import subprocess
import sys

# Each entry is what some package of the tree needs (with every feature on, rustls
# included); nothing copyleft beyond MPL-2.0's file-level terms.
ALLOWED = {
    "MIT": "most crates",
    "Apache-2.0": "most crates",
    "BSD-3-Clause": "subtle, matchit (with MIT), aws-lc-sys",
    "ISC": "ring (with Apache-2.0), rustls-webpki, untrusted, aws-lc-rs",
    "Unicode-3.0": "unicode-ident (and the ICU crates under url/idna, where a lock selects them)",
    "Zlib": "foldhash",
    "MPL-2.0": "progenitor-client (a runtime dependency of the clients), progenitor",
    "CDLA-Permissive-2.0": "webpki-roots, webpki-root-certs (rustls' root certificates)",
}

TOKEN = re.compile(r"\s*(\(|\)|[A-Za-z0-9.+\-:]+)")


class Unparsable(Exception):
    """An expression that is not SPDX."""


def tokens(expression):
    expression = expression.replace("/", " OR ")
    out, at = [], 0
    while at < len(expression):
        if expression[at:].strip() == "":
            break
        match = TOKEN.match(expression, at)
        if not match:
            raise Unparsable(f"unexpected text at {expression[at:]!r}")
        out.append(match.group(1))
        at = match.end()
    return out


def parse(expression):
    """The expression as nested tuples: ("OR", a, b), ("AND", a, b) or a licence string
    (`A WITH B` kept whole)."""
    items = tokens(expression)
    position = 0

    def peek():
        return items[position] if position < len(items) else None

    def take():
        nonlocal position
        if position >= len(items):
            raise Unparsable("expression ends too early")
        position += 1
        return items[position - 1]

    def atom():
        token = take()
        if token == "(":
            inner = either()
            if take() != ")":
                raise Unparsable("unclosed parenthesis")
            return inner
        if token in ("AND", "OR", "WITH", ")"):
            raise Unparsable(f"{token} where a licence belongs")
        if peek() == "WITH":
            take()
            return f"{token} WITH {take()}"
        return token

    def both():
        left = atom()
        while peek() == "AND":
            take()
            left = ("AND", left, atom())
        return left

    def either():
        left = both()
        while peek() == "OR":
            take()
            left = ("OR", left, both())
        return left

    tree = either()
    if position != len(items):
        raise Unparsable(f"unexpected {items[position]!r}")
    return tree


def allowed(tree):
    """Whether the licence `tree` can be met with ALLOWED licences alone."""
    if isinstance(tree, str):
        return tree in ALLOWED
    operator, left, right = tree
    if operator == "OR":
        return allowed(left) or allowed(right)
    return allowed(left) and allowed(right)


def verdict(license_expression):
    """None when allowed, else why not."""
    if not license_expression:
        return "no SPDX `license` in its manifest"
    try:
        tree = parse(license_expression)
    except Unparsable as e:
        return f"not an SPDX expression ({e})"
    if allowed(tree):
        return None
    return "needs a licence outside the allow-list"


def self_test():
    cases = {
        "MIT": True,
        "MIT OR Apache-2.0": True,
        "MIT/Apache-2.0": True,
        "Apache-2.0 / MIT": True,
        "Apache-2.0 AND ISC": True,
        "(MIT OR Apache-2.0) AND Unicode-3.0": True,
        "Apache-2.0 WITH LLVM-exception OR Apache-2.0 OR MIT": True,
        "Apache-2.0 WITH LLVM-exception": False,
        "GPL-3.0-only": False,
        "MIT AND GPL-3.0-only": False,
        "GPL-3.0-only OR MIT": True,
        "Unlicense OR MIT": True,
        "ISC AND (Apache-2.0 OR ISC) AND (Apache-2.0 OR ISC OR MIT-0)": True,
        "CC0-1.0": False,
    }
    for expression, expected in cases.items():
        assert (verdict(expression) is None) == expected, expression
    for broken in ["", "MIT OR", "(MIT", "MIT)", "AND MIT", "MIT WITH", "MIT ;"]:
        assert verdict(broken) is not None, broken


def main():
    self_test()
    metadata = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--all-features", "--locked"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    packages = sorted(metadata["packages"], key=lambda p: (p["name"], p["version"]))
    failures = []
    for package in packages:
        expression = package.get("license")
        name = f"{package['name']} {package['version']}"
        if "--list" in sys.argv:
            print(f"{name}: {expression}")
        why = verdict(expression)
        if why:
            failures.append(f"{name} ({expression or package.get('license_file')}): {why}")
    if failures:
        print("licences not allowed:", *failures, sep="\n  ", file=sys.stderr)
        print("allowed:", ", ".join(ALLOWED), file=sys.stderr)
        return 1
    print(f"{len(packages)} packages, every licence allowed ({', '.join(ALLOWED)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
