"""The shape of the code: no import cycle (lazy imports included), kinds stay apart."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("pipeline", "schemas")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((REPO / package).rglob("*.py"))
    }


def imported(path: Path, name: str, known: set[str]) -> set[str]:
    """Every project module ``path`` imports, at the top or inside a function: ``from a
    import b`` counts as importing ``a.b`` when that is a module, else ``a``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in known else base)
    return {module for module in found if module in known and module != name}


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imported(path, name, known) for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One path per cycle found by a depth-first walk (empty: the graph is acyclic)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_lazy_import_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_pipeline_or_schemas() -> None:
    graph = import_graph()
    assert "pipeline.document" in graph["pipeline.executors"]
    assert cycles(graph) == []


def test_schemas_import_nothing_from_pipeline() -> None:
    graph = import_graph()
    for name, targets in graph.items():
        if name.startswith("schemas"):
            assert not [t for t in targets if t.startswith("pipeline")], name


KIND_PACKAGES = sorted(
    path.parent.name for path in (REPO / "pipeline" / "kinds").glob("*/__init__.py")
)


@pytest.mark.parametrize("kind", KIND_PACKAGES)
def test_a_kind_never_imports_another_kind(kind: str) -> None:
    graph = import_graph()
    own = f"pipeline.kinds.{kind}"
    for name, targets in graph.items():
        if name == own or name.startswith(own + "."):
            others = [
                t
                for t in targets
                if t.startswith("pipeline.kinds.") and not (t == own or t.startswith(own + "."))
            ]
            assert others == [], name


def test_every_kind_package_is_listed_once_in_kinds() -> None:
    from pipeline.kinds import KINDS

    assert sorted(kind.__name__.rpartition(".")[2] for kind in KINDS) == KIND_PACKAGES  # type: ignore[attr-defined]


MAX_LINES = 500


def test_no_module_is_over_500_lines() -> None:
    """A module that grows past this does more than one job: split it by job."""
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
