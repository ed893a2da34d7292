"""The layer rule of docs/architecture.md, checked on the code itself.

Every ``import`` of the package (top-level, inside functions, under ``TYPE_CHECKING``) is read
with :mod:`ast`; a module may import its own layer's modules and the layers below, never a
layer above and never a sibling layer; the import graph has no cycle; no module is longer
than 600 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "franklin_compat"

#: layer folders, lowest first; entries on one row are siblings that must not import each other
LAYERS: list[tuple[str, ...]] = [
    ("core",),
    ("julia_subset",),
    ("reading",),
    ("expand",),
    ("emit",),
    ("template",),
    ("page",),
    ("site",),
    ("migrate", "check"),
    ("cli",),
    ("api",),
    ("__init__", "__main__"),
]
RANK = {name: (rank, name) for rank, row in enumerate(LAYERS) for name in row}
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _group(module: str) -> str:
    return module.split(".")[0]


def _type_only(tree: ast.Module) -> set[int]:
    """ids of the import nodes under ``if TYPE_CHECKING:`` (names for annotations, never run)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            out.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return out


def _imports(module: str, path: Path, *, runtime: bool = False) -> set[str]:
    """The package modules ``module`` imports (resolved, relative or absolute); with ``runtime``,
    only those imported when the code runs (not the ``TYPE_CHECKING`` ones)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_only(tree) if runtime else set()
    is_pkg = path.name == "__init__.py"
    here = module.split(".") if is_pkg and module != "__init__" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("franklin_compat"):
                target = node.module.removeprefix("franklin_compat").lstrip(".")
            else:
                continue
            names = [f"{target}.{a.name}".lstrip(".") for a in node.names] + [target]
        elif isinstance(node, ast.Import):
            names = [a.name.removeprefix("franklin_compat").lstrip(".") for a in node.names
                     if a.name.startswith("franklin_compat")]
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


GRAPH = {m: _imports(m, p) for m, p in MODULES.items()}
RUNTIME = {m: _imports(m, p, runtime=True) for m, p in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_the_layers(module: str) -> None:
    rank, group = RANK[_group(module)]
    upward = [t for t in sorted(GRAPH[module]) if not (RANK[_group(t)][0] < rank or _group(t) == group)]
    assert not upward, (
        f"{module} (layer {group}) imports {', '.join(upward)}: a layer imports only its own "
        "modules and the layers below it (docs/architecture.md)"
    )


def test_no_import_cycles() -> None:
    """Among the imports that run (type-only ones may point back: they never execute)."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    for start in sorted(RUNTIME):
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(RUNTIME[start]))]
        path = [start]
        state[start] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt):], nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(RUNTIME[nxt])))


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it by job (limit {MAX_LINES})"
