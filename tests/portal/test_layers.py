"""The project's import graph: every import runs down a layer, and no modules import each other
in a loop.

Layers, from the ground up: `common/` (no Django) → `ops/` (operations) → shared services
(accounts, imaging, stats, search, the page cache) → content apps (pages, news, committee,
documents, notices, ratings) → `portal/` and `demo/`. Apps of one layer may use each other; a
module may import a module of its own or a lower layer only. Imports inside functions count
too: a lazy import that runs up a layer is still an upward dependency. Tests, migrations and
benchmarks are not part of the graph.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = {
    "common": 0,
    "ops": 1,
    "network": 2,
    "jobs": 2,
    "accounts": 2,
    "imaging": 2,
    "stats": 2,
    "search": 2,
    "pagecache": 2,
    "civic": 2,
    "pages": 3,
    "news": 3,
    "committee": 3,
    "documents": 3,
    "notices": 3,
    "ratings": 3,
    "questions": 3,
    "reports": 3,
    "portal": 4,
    "lifecycle": 4,
    "demo": 4,
}
SKIPPED_PARTS = {"migrations", "tests", "bench", ".venv", "node_modules"}


def project_modules() -> dict[str, Path]:
    """Dotted module name → file, for every module of the apps above."""
    modules = {}
    for app in LAYERS:
        for path in (ROOT / app).rglob("*.py") if (ROOT / app).is_dir() else []:
            if SKIPPED_PARTS & set(path.relative_to(ROOT).parts):
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module an import names (a name imported from a module counts as the module)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, base] if base else anchor)
                names = [f"{base}.{alias.name}" for alias in node.names] or [base]
            for name in names:
                target = _resolve(name, modules)
                if target and target != module:
                    graph[module].add(target)
    return graph


def _layer(module: str) -> int:
    return LAYERS[module.split(".")[0]]


def upward_imports(graph) -> list[str]:
    return sorted(
        f"{source} → {target}"
        for source, targets in graph.items()
        for target in targets
        if _layer(target) > _layer(source)
    )


def circles(graph) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def test_every_app_of_the_project_has_a_layer():
    apps = {
        p.parent.name for p in ROOT.glob("*/apps.py") if not SKIPPED_PARTS & set(p.relative_to(ROOT).parts)
    }
    assert apps <= set(LAYERS), f"apps without a layer: {sorted(apps - set(LAYERS))}"


def test_no_import_runs_up_a_layer():
    assert upward_imports(import_graph()) == []


def test_no_modules_import_each_other_in_a_loop():
    assert circles(import_graph()) == []


def test_common_needs_no_django():
    graph = import_graph()
    for path in (ROOT / "common").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(n.split(".")[0] == "django" for n in names), path
    assert all(
        target.startswith("common") for m, ts in graph.items() if m.startswith("common") for target in ts
    )
