#!/usr/bin/env python3
"""Find import cycles among the modules of a Rust crate.

Usage:
    modcycles.py [options] DIR [DIR ...]

DIR is a crate's `src` directory (or the crate directory holding `src/`). Every crate root
found there is checked: `lib.rs`, `main.rs`, `bin/*.rs`, `bin/*/main.rs`.

The module tree is read from the `mod` declarations, starting at the root: `mod x;` is
`x.rs` or `x/mod.rs` (a `#[path = "..."]` attribute is honoured), `mod x { ... }` is an
inline module. A file `x/mod.rs` is module `x`.

An edge `a -> b` means module `a` refers to something that lives in module `b`:
  - every `use` path (`crate::`, `super::`, `self::`, a child module's name, or a name an
    earlier `use` brought into scope, e.g. `use crate::seed::x as seed;` then `seed::Y`);
  - every path expression in code (`crate::x::f()`, `super::Shared`, `state::State`, ...).
A path is followed through modules as far as it goes and lands on the module that holds
the named item; `use` re-exports (`pub use x::Y;` in `lib.rs`, or any import of the module
named through) are followed to where the item is defined, so `crate::Y` counts as an edge
to `x`, not to the root. A child naming an item *defined in* its parent (`use super::Shared`)
is an edge child -> parent; a parent *declaring* `mod child` is not an edge, a parent
*using* something of the child (`use child::Y`, `child::f()`) is. Paths into other crates
(`std::`, `serde_json::`, ...) and to the module itself are ignored.

A cycle is a strongly connected set of two or more modules (any length: a -> b -> c -> a).
For each, the edges inside it are listed with the line that makes them, and one shortest
cycle is spelled out.

Limits (the script reads text, it does not compile):
  - method calls (`state.render()`) are not paths, so a module calling a method that an
    `impl` block in another module defines is not an edge. `--methods` adds such edges
    heuristically: an inherent method name defined in exactly one module, called as
    `.name(` or `Type::name(` elsewhere (common std names are skipped);
  - macros are read as text: paths inside macro invocations count, code a macro generates
    does not;
  - `#[cfg(test)]` modules are modules of their own. Nothing refers to a test module, so
    they never close a cycle; `--merge-tests` folds them into their parent instead, which
    shows cycles that only tests create.

Options:
  --edges         print every edge (with the line that makes it), not only cycles
  --methods       add the heuristic method-call edges described above
  --merge-tests   fold `#[cfg(test)]` modules into their parent module
  --per-file      fold inline modules (other than test modules) into the module of the
                  file that holds them: a file is one node. CI uses this, so the modules
                  progenitor writes inside `generated.rs` (`types`, `builder`, which refer
                  to each other) count as the one generated module they are
  -h, --help      this text

Exit status: 0 no cycle, 1 at least one cycle, 2 usage error.
"""

import os
import re
import sys
from collections import defaultdict, deque

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
CHAR_LIT = re.compile(
    r"b?'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F_]{1,8}\}|.)|[^\\'\n])'"
)


# ---------------------------------------------------------------------------------------
# Lexing: blank out comments, strings and char literals (keeping offsets and newlines).
# ---------------------------------------------------------------------------------------


def strip_rust(text):
    out = list(text)
    n = len(text)
    i = 0

    def blank(a, b):
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    def ident_char(c):
        return c.isalnum() or c == "_"

    while i < n:
        c = text[i]
        if c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
            continue
        if c == "/" and text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth += 1
                    j += 2
                elif text.startswith("*/", j):
                    depth -= 1
                    j += 2
                else:
                    j += 1
            blank(i, j)
            i = j
            continue
        prev_ident = i > 0 and ident_char(text[i - 1])
        # Raw strings: r"..", r#".."#, br#".."#.
        m = None if prev_ident else re.compile(r'b?r(#*)"').match(text, i)
        if m:
            end_mark = '"' + m.group(1)
            j = text.find(end_mark, m.end())
            j = n if j < 0 else j + len(end_mark)
            blank(i, j)
            i = j
            continue
        if c == '"' or (c == "b" and not prev_ident and text.startswith('b"', i)):
            j = i + (2 if c == "b" else 1)
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            j += 1
            blank(i, j)
            i = j
            continue
        if c == "'" or (c == "b" and not prev_ident and text.startswith("b'", i)):
            m = CHAR_LIT.match(text, i)
            if m:
                blank(i, m.end())
                i = m.end()
                continue
            i += 1  # a lifetime or label
            continue
        i += 1
    return "".join(out)


def matching_brace(text, open_at):
    depth = 0
    for k in range(open_at, len(text)):
        if text[k] == "{":
            depth += 1
        elif text[k] == "}":
            depth -= 1
            if depth == 0:
                return k
    return len(text) - 1


def blank_range(chars, a, b):
    for k in range(a, b):
        if chars[k] != "\n":
            chars[k] = " "


# ---------------------------------------------------------------------------------------
# The module tree.
# ---------------------------------------------------------------------------------------


class Module:
    def __init__(self, path, file, parent, is_test=False):
        self.path = path  # tuple of names, () for the crate root
        self.file = file
        self.parent = parent
        self.is_test = is_test
        self.children = {}
        self.text = ""  # stripped own text (children blanked), offsets as in the file
        self.raw = ""  # the file's original text
        self.bindings = {}  # name -> (segments, offset) from `use`
        self.globs = []  # (segments, offset)
        self.use_spans = []  # (start, end) of use statements in self.text
        self.use_paths = []  # (segments, is_glob, offset) of every `use` leaf
        self.inline = False  # `mod x { ... }` rather than a file

    @property
    def name(self):
        return "::".join(self.path) if self.path else "crate"

    def line(self, offset):
        return self.raw.count("\n", 0, offset) + 1


MOD_DECL = re.compile(r"\bmod\s+(?:r#)?(" + IDENT + r")\s*([;{])")
PATH_ATTR = re.compile(r'#\s*\[\s*path\s*=\s*"([^"]+)"\s*\]')
CFG_TEST = re.compile(r"#\s*\[\s*cfg\s*\(\s*(?:all\s*\(\s*)?test\b")


def attrs_before(stripped, raw, start):
    """The attribute text (raw and stripped) between the previous item end and `start`."""
    k = start - 1
    while k >= 0 and stripped[k] not in ";{}":
        k -= 1
    # `#[...]` attributes contain no braces or semicolons in practice.
    return raw[k + 1 : start], stripped[k + 1 : start]


def child_dir(file, is_inline_parent_dir=None):
    if is_inline_parent_dir is not None:
        return is_inline_parent_dir
    base = os.path.basename(file)
    d = os.path.dirname(file)
    if base in ("mod.rs", "lib.rs", "main.rs"):
        return d
    return os.path.join(d, os.path.splitext(base)[0])


def load_module(mod, raw, stripped, lo, hi, dirpath, modules, warnings):
    """Reads module `mod` whose body is raw[lo:hi]; registers children recursively."""
    chars = list(stripped)
    # Everything outside [lo, hi) is not ours.
    blank_range(chars, 0, lo)
    blank_range(chars, hi, len(chars))
    own = "".join(chars)
    pos = lo
    while True:
        m = MOD_DECL.search(own, pos, hi)
        if not m:
            break
        name, kind = m.group(1), m.group(2)
        attr_raw, attr_stripped = attrs_before(own, raw, m.start())
        is_test = bool(CFG_TEST.search(attr_stripped))
        child = Module(mod.path + (name,), mod.file, mod, is_test or mod.is_test)
        if kind == "{":
            child.inline = True
            close = matching_brace(own, m.end() - 1)
            inline_dir = os.path.join(dirpath, name)
            load_module(child, raw, stripped, m.end(), close, inline_dir, modules, warnings)
            blank_range(chars, m.start(), close + 1)
            own = "".join(chars)
            pos = close + 1
        else:
            pa = PATH_ATTR.search(attr_raw)
            if pa:
                # Relative to the file's directory, or inside an inline module to its dir.
                base = dirpath if mod.inline else os.path.dirname(mod.file)
                cands = [os.path.normpath(os.path.join(base, pa.group(1)))]
            else:
                cands = [os.path.join(dirpath, name + ".rs"), os.path.join(dirpath, name, "mod.rs")]
            found = next((c for c in cands if os.path.isfile(c)), None)
            pos = m.end()
            if not found:
                warnings.append(f"{mod.file}: mod {name}: no file among {', '.join(cands)}")
                continue
            child.file = found
            with open(found, encoding="utf-8") as fh:
                craw = fh.read()
            cstripped = strip_rust(craw)
            child.raw = craw
            load_module(child, craw, cstripped, 0, len(craw), child_dir(found), modules, warnings)
        mod.children[name] = child
    mod.raw = raw
    mod.text = own
    modules.append(mod)


# ---------------------------------------------------------------------------------------
# `use` trees and paths.
# ---------------------------------------------------------------------------------------

USE_KW = re.compile(r"\buse\b")
TOKEN = re.compile(r"\s*(::|\$crate|" + IDENT + r"|[{},*;])")


def parse_use_tree(tokens, i, prefix, out):
    """tokens from index i; appends (segments, binding name or None for glob)."""
    segs = list(prefix)
    while i < len(tokens):
        t = tokens[i]
        if t == "::":
            i += 1
            continue
        if t == "{":
            i += 1
            while i < len(tokens) and tokens[i] != "}":
                if tokens[i] == ",":
                    i += 1
                    continue
                i = parse_use_tree(tokens, i, segs, out)
            return i + 1
        if t == "*":
            out.append((segs, None))
            return i + 1
        if t in (",", "}", ";"):
            break
        # an identifier
        if t == "self" and segs:
            alias = segs[-1]
            path = segs
        else:
            segs = segs + [t]
            alias = t
            path = segs
        i += 1
        if i < len(tokens) and tokens[i] == "as":
            alias = tokens[i + 1] if i + 1 < len(tokens) else alias
            i += 2
        if i < len(tokens) and tokens[i] == "::":
            continue
        out.append((path, alias))
        return i
    return i


def read_uses(mod):
    text = mod.text
    for m in USE_KW.finditer(text):
        # Not `use` inside another word; skip `pub use` handling (same thing).
        end = m.end()
        # `impl Trait + use<'a, T>` (precise capturing) is not an import: read as one, it
        # runs to the next `;` and takes the whole function body for a use tree.
        if text[end:].lstrip().startswith("<"):
            continue
        depth = 0
        k = end
        while k < len(text):
            ch = text[k]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth < 0:
                    break
            elif ch == ";" and depth == 0:
                break
            k += 1
        body = text[end:k]
        tokens = [t for t in TOKEN.findall(body)]
        leaves = []
        j = 0
        if tokens and tokens[0] == "::":
            continue  # absolute path into an external crate
        parse_use_tree(tokens, j, [], leaves)
        mod.use_spans.append((m.start(), k + 1))
        for segs, alias in leaves:
            if not segs:
                continue
            if alias is None:
                mod.globs.append((segs, m.start()))
            elif alias != "_":
                mod.bindings.setdefault(alias, (segs, m.start()))
            mod.use_paths.append((segs, alias is None, m.start()))


PATH_EXPR = re.compile(
    r"(?<![A-Za-z0-9_:$])((?:\$crate|" + IDENT + r")(?:\s*::\s*" + IDENT + r")+)"
)


class Resolver:
    def __init__(self, root):
        self.root = root
        # Paths already resolved, and those being resolved (a glob or binding that leads
        # back to itself): without them, globs of globs (`use super::*;` in a test module
        # of a module with glob imports) are followed again at every level, exponentially.
        self.done = {}
        self.busy = set()

    def start(self, mod, first):
        """The module a path's first segment names, or a binding to follow."""
        if first in ("crate", "$crate"):
            return self.root
        if first == "self":
            return mod
        if first == "super":
            return mod.parent
        return None

    def resolve(self, mod, segs, depth=0):
        """(module holding the named thing, whether the whole path named a module)."""
        if depth > 20 or not segs:
            return None, False
        key = (id(mod), tuple(segs))
        if key in self.done:
            return self.done[key]
        if key in self.busy:
            return None, False
        self.busy.add(key)
        try:
            found = self._resolve(mod, segs, depth)
        finally:
            self.busy.discard(key)
        self.done[key] = found
        return found

    def _resolve(self, mod, segs, depth):
        first, rest = segs[0], list(segs[1:])
        cur = self.start(mod, first)
        if first == "super":
            while rest and rest[0] == "super" and cur is not None:
                cur = cur.parent
                rest.pop(0)
        if cur is None and first not in ("crate", "$crate", "self", "super"):
            if first in mod.children:
                cur = mod.children[first]
            elif first in mod.bindings:
                target, exact = self.resolve(mod, mod.bindings[first][0], depth + 1)
                if target is None:
                    return None, False
                if not exact:
                    return target, False
                cur = target
            else:
                for gsegs, _ in mod.globs:
                    g, exact = self.resolve(mod, gsegs, depth + 1)
                    if g is None or not exact:
                        continue
                    if first in g.children:
                        cur = g.children[first]
                        break
                    if first in g.bindings:
                        target, exact = self.resolve(g, g.bindings[first][0], depth + 1)
                        if target is None:
                            continue
                        if not exact:
                            return target, False
                        cur = target
                        break
                if cur is None:
                    return None, False  # external crate, prelude or a local item
        if cur is None:
            return None, False
        for seg in rest:
            if seg in cur.children:
                cur = cur.children[seg]
            elif seg in cur.bindings and cur.bindings[seg][0] != [seg]:
                target, exact = self.resolve(cur, cur.bindings[seg][0], depth + 1)
                if target is None:
                    return cur, False
                if not exact:
                    return target, False
                cur = target
            else:
                return cur, False  # an item of `cur`
        return cur, True


# ---------------------------------------------------------------------------------------
# Inherent methods (for --methods).
# ---------------------------------------------------------------------------------------

IMPL_HEAD = re.compile(r"\bimpl\b")
FN_DEF = re.compile(r"\bfn\s+(" + IDENT + r")")
COMMON_METHODS = set(
    """new default from into clone to_string to_owned as_str as_ref len is_empty get get_mut
    insert remove push iter iter_mut map and_then ok_or ok_or_else unwrap expect fmt eq cmp
    hash next parse build run call with contains find filter collect join split trim lock
    read write send recv start stop shutdown seeded to_json json body status text name id
    key value values keys first last min max sum count date time format round scale
    normalize abs matches replace take skip chain zip fold any all position rev sort
    extend retain drain append truncate""".split()
)


def inherent_methods(mod):
    names = set()
    text = mod.text
    for m in IMPL_HEAD.finditer(text):
        brace = text.find("{", m.end())
        semi = text.find(";", m.end())
        if brace < 0 or (0 <= semi < brace):
            continue
        head = text[m.end() : brace]
        if re.search(r"\bfor\b", head):
            continue  # a trait impl
        close = matching_brace(text, brace)
        names.update(FN_DEF.findall(text, brace, close))
    return names


# ---------------------------------------------------------------------------------------
# Graph and cycles.
# ---------------------------------------------------------------------------------------


def tarjan(nodes, succ):
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        # iterative to avoid recursion limits
        work = [(v, iter(sorted(succ[v])))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        while work:
            node, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(succ[w]))))
                    advanced = True
                    break
                if w in on:
                    low[node] = min(low[node], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                out.append(comp)

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def shortest_cycle(comp, succ):
    members = set(comp)
    best = None
    for s in sorted(comp):
        prev = {s: None}
        q = deque([s])
        found = None
        while q and found is None:
            v = q.popleft()
            for w in sorted(succ[v]):
                if w not in members:
                    continue
                if w == s:
                    found = v
                    break
                if w not in prev:
                    prev[w] = v
                    q.append(w)
        if found is None:
            continue
        path = [found]
        while prev[path[-1]] is not None:
            path.append(prev[path[-1]])
        path.reverse()
        cyc = path + [s]
        if best is None or len(cyc) < len(best):
            best = cyc
    return best


def check_crate(root_file, src_dir, opts):
    warnings = []
    modules = []
    root = Module((), root_file, None)
    with open(root_file, encoding="utf-8") as fh:
        raw = fh.read()
    root.raw = raw
    load_module(root, raw, strip_rust(raw), 0, len(raw), child_dir(root_file), modules, warnings)

    for mod in modules:
        read_uses(mod)

    # The node a module counts as: itself, or with --merge-tests its nearest non-test ancestor.
    def node_of(mod):
        if opts["merge_tests"]:
            while mod.is_test and mod.parent is not None:
                mod = mod.parent
        if opts["per_file"]:
            while not mod.is_test and mod.parent is not None and mod.file == mod.parent.file:
                mod = mod.parent
        return mod.name

    resolver = Resolver(root)
    edges = {}  # (a, b) -> evidence

    def add(a_mod, b_mod, offset, what, kind="use"):
        a, b = node_of(a_mod), node_of(b_mod)
        if a == b:
            return
        # A module reaching into its own test module is not a dependency.
        if b_mod.is_test and not a_mod.is_test:
            return
        rel = os.path.relpath(a_mod.file, src_dir)
        edges.setdefault((a, b), (rel, a_mod.line(offset), what, kind))

    for mod in modules:
        for segs, is_glob, offset in mod.use_paths:
            target, _ = resolver.resolve(mod, segs)
            if target is not None:
                add(mod, target, offset, "use " + "::".join(segs) + ("::*" if is_glob else ""))
        # Path expressions outside `use` statements.
        chars = list(mod.text)
        for a, b in mod.use_spans:
            blank_range(chars, a, min(b, len(chars)))
        code = "".join(chars)
        for m in PATH_EXPR.finditer(code):
            segs = [s.strip() for s in m.group(1).split("::")]
            if segs[0] == "Self":
                continue
            target, _ = resolver.resolve(mod, segs)
            if target is not None:
                add(mod, target, m.start(), "::".join(segs))

    if opts["methods"]:
        owners = defaultdict(set)
        for mod in modules:
            for name in inherent_methods(mod):
                owners[name].add(mod)
        for name, owning in owners.items():
            if len(owning) != 1 or name in COMMON_METHODS:
                continue
            (owner,) = owning
            call = re.compile(r"(?:\.\s*|[A-Z][A-Za-z0-9_]*\s*::\s*)" + name + r"\s*(?:::\s*<[^>]*>\s*)?\(")
            for mod in modules:
                if mod is owner:
                    continue
                m = call.search(mod.text)
                if m:
                    add(mod, owner, m.start(), f"method {name}() of an impl in {owner.name}", "method")

    nodes = sorted({node_of(m) for m in modules})
    succ = defaultdict(set)
    for a, b in edges:
        succ[a].add(b)
    for v in nodes:
        succ.setdefault(v, set())
    comps = [sorted(c) for c in tarjan(nodes, succ) if len(c) > 1]
    comps.sort()

    rel_root = os.path.relpath(root_file)
    print(f"{rel_root}: {len(nodes)} modules, {len(edges)} edges, {len(comps)} cycle(s)")
    for w in warnings:
        print(f"  warning: {w}")
    if opts["edges"]:
        for (a, b), (file, line, what, kind) in sorted(edges.items()):
            print(f"  {a} -> {b}    {file}:{line}  {what}")
    for n, comp in enumerate(comps, 1):
        cyc = shortest_cycle(comp, succ)
        print(f"  cycle {n}: {len(comp)} modules: {', '.join(comp)}")
        if cyc:
            print(f"    shortest: {' -> '.join(cyc)}")
        members = set(comp)
        for (a, b), (file, line, what, kind) in sorted(edges.items()):
            if a in members and b in members:
                print(f"    {a} -> {b}    {file}:{line}  {what}")
    return len(comps)


def crate_roots(src_dir):
    roots = []
    for name in ("lib.rs", "main.rs"):
        p = os.path.join(src_dir, name)
        if os.path.isfile(p):
            roots.append(p)
    bindir = os.path.join(src_dir, "bin")
    if os.path.isdir(bindir):
        for entry in sorted(os.listdir(bindir)):
            p = os.path.join(bindir, entry)
            if entry.endswith(".rs") and os.path.isfile(p):
                roots.append(p)
            elif os.path.isfile(os.path.join(p, "main.rs")):
                roots.append(os.path.join(p, "main.rs"))
    return roots


def main(argv):
    opts = {"edges": False, "methods": False, "merge_tests": False, "per_file": False}
    dirs = []
    for a in argv:
        if a in ("-h", "--help"):
            print(__doc__)
            return 0
        if a == "--edges":
            opts["edges"] = True
        elif a == "--methods":
            opts["methods"] = True
        elif a == "--merge-tests":
            opts["merge_tests"] = True
        elif a == "--per-file":
            opts["per_file"] = True
        elif a.startswith("-"):
            print(f"unknown option {a}", file=sys.stderr)
            return 2
        else:
            dirs.append(a)
    if not dirs:
        print("usage: modcycles.py [--edges] [--methods] [--merge-tests] [--per-file] SRC_DIR [SRC_DIR ...]", file=sys.stderr)
        return 2
    total = 0
    for d in dirs:
        if not os.path.isfile(os.path.join(d, "lib.rs")) and not os.path.isfile(os.path.join(d, "main.rs")) and os.path.isdir(os.path.join(d, "src")):
            d = os.path.join(d, "src")
        roots = crate_roots(d)
        if not roots:
            print(f"{d}: no lib.rs, main.rs or bin/ here", file=sys.stderr)
            return 2
        for r in roots:
            total += check_crate(r, d, opts)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
