"""The app graph as the code has it: every `ecopermit.<app>` import between apps, at module level and inside
functions, test modules excluded. Prints the edges (with how many imports each and how many sit inside functions)
and the circles.

    .venv/bin/python tools/app_graph.py [--inner]   # --inner: list the imports placed inside functions
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "ecopermit"
SKIP_PARTS = {"tests", "migrations"}


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "ecopermit" else None


def imports(path: Path):  # type: ignore[no-untyped-def]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inner: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Import | ast.ImportFrom):
                    inner.add(id(sub))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno, id(node) in inner, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, id(node) in inner, []


def main() -> None:
    edges: dict[tuple[str, str], list[tuple[str, int, bool, str]]] = defaultdict(list)
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if SKIP_PARTS & set(rel.parts) or len(rel.parts) < 2:
            continue
        src_app = rel.parts[0]
        for module, line, inner, _names in imports(path):
            target = app_of(module)
            if target and target != src_app:
                edges[(src_app, target)].append((str(rel), line, inner, module))
    graph: dict[str, set[str]] = defaultdict(set)
    for (a, b), uses in sorted(edges.items()):
        graph[a].add(b)
        n_inner = sum(1 for u in uses if u[2])
        print(f"{a:12} -> {b:12} {len(uses):3} imports ({n_inner} inside functions)")
    circles = sorted({tuple(sorted((a, b))) for a in graph for b in graph[a] if a in graph.get(b, set())})
    print(
        f"\n{len(edges)} edges; {len(circles)} two-way pairs: " + ", ".join(f"{a}<->{b}" for a, b in circles)
    )
    if "--inner" in sys.argv:
        for uses in (edges[k] for k in sorted(edges)):
            for rel, line, inner, module in uses:
                if inner:
                    print(f"  {rel}:{line} {module}")


if __name__ == "__main__":
    main()
