"""The package's structure, measured: internal import graph, cycles, private imports, module sizes.

    python tools/structure.py            # print the figures
    python tools/structure.py --write    # also regenerate the graph and table in docs/architecture.md
    python tools/structure.py --package /tmp/old/src/chiiki_lab   # another tree (e.g. a git archive)

tests/test_structure.py runs the same checks, so a cycle or a private import across modules fails CI.
Imports under ``if TYPE_CHECKING:`` are left out (they never run); function-local imports count.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "chiiki_lab"
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(tree):
    """Every node except those under ``if TYPE_CHECKING:``."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                todo.extend(child.orelse)
            else:
                todo.append(child)


def imports(name: str, path: Path, known: set[str]) -> list[tuple[str, list[str], bool]]:
    """(imported internal module, names taken from it, at module level?) for each import statement."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    top = {id(n) for n in tree.body} | {id(n) for s in tree.body if isinstance(s, (ast.Try, ast.If))
                                        for n in ast.walk(s)}
    out = []
    for node in _walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith("chiiki_lab"):
                continue
            for alias in node.names:  # "from . import plots" imports a module
                sub = f"{base}.{alias.name}"
                if sub in known:
                    out.append((sub, [], id(node) in top))
                elif base in known:
                    out.append((base, [alias.name], id(node) in top))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("chiiki_lab") and alias.name in known:
                    out.append((alias.name, [], id(node) in top))
    return out


def graph() -> dict[str, dict[str, bool]]:
    """{module: {imported module: imported at module level?}} inside the package."""
    mods = modules()
    edges: dict[str, dict[str, bool]] = {m: {} for m in mods}
    for name, path in mods.items():
        for target, _, at_top in imports(name, path, set(mods)):
            if target != name and not name.startswith(target + "."):  # a package's own __init__
                edges[name][target] = edges[name].get(target, False) or at_top
    return edges


def cycles(edges) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for v in edges:
        if v not in index:
            visit(v)
    return out


def private_imports() -> list[str]:
    """``from .x import _name`` across modules (private *modules* such as ``_paths`` are the package's own)."""
    mods = modules()
    found = []
    for name, path in mods.items():
        for target, names, _ in imports(name, path, set(mods)):
            for n in names:
                if n.startswith("_") and not n.startswith("__"):
                    found.append(f"{name} imports {target}.{n}")
    return found


def sizes() -> dict[str, int]:
    return {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}


def mermaid(edges) -> str:
    short = lambda m: m.removeprefix("chiiki_lab.").replace(".", "_") or "chiiki_lab"  # noqa: E731
    lines = ["```mermaid", "graph LR"]
    for src in sorted(edges):
        for dst, at_top in sorted(edges[src].items()):
            if src == "chiiki_lab":
                continue  # the package's public API points at everything
            arrow = "-->" if at_top else "-.->"
            lines.append(f"  {short(src)} {arrow} {short(dst)}")
    lines.append("```")
    return "\n".join(lines)


def report() -> str:
    edges = graph()
    size = sizes()
    rows = "\n".join(f"| `{m}` | {n} |" for m, n in sorted(size.items(), key=lambda kv: -kv[1]))
    found = cycles(edges)
    private = private_imports()
    return (
        f"{mermaid(edges)}\n\nSolid arrows: imported when the module is imported; dotted: imported inside a "
        "function (on first use, for a lazy start).\n\n"
        f"Cycles: {', '.join(' ↔ '.join(c) for c in found) or 'none'}. "
        f"Private names imported across modules: {len(private)}.\n\n"
        f"| module | lines |\n|---|---|\n{rows}\n"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="regenerate the generated part of docs/architecture.md")
    parser.add_argument("--package", type=Path, help="measure this chiiki_lab folder instead of src/chiiki_lab")
    args = parser.parse_args(argv)
    global PACKAGE
    if args.package:
        PACKAGE = args.package.resolve()
    text = report()
    print(text)
    print("private imports:", *private_imports(), sep="\n  ")
    if args.write:
        doc = ROOT / "docs" / "architecture.md"
        start, end = "<!-- generated: tools/structure.py -->", "<!-- end generated -->"
        old = doc.read_text(encoding="utf-8")
        new = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: f"{start}\n{text}\n{end}", old, flags=re.S)
        doc.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
