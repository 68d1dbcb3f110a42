"""The server package keeps its shape: no import cycle, SQLite behind storage/ only, the learning
stack off the start-up path, small modules that each say what they own."""

import ast
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "server" / "paperlens"
# Generated from shared_schema/ (scripts/gen_models.py): not written by hand.
GENERATED = PACKAGE / "wire"
MAX_LINES = 400

Graph = dict[str, set[str]]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path, name: str, known: Iterable[str]) -> set[str]:
    """The modules of the package that `path` (module `name`) imports, anywhere in it: at the
    top, under TYPE_CHECKING, or inside a function."""
    known = set(known)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in known else base)
    return {m for m in found if m in known}


def import_graph() -> Graph:
    known = modules()
    return {name: imported(path, name, known) - {name} for name, path in known.items()}


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for after in sorted(graph.get(node, ())):
            if after not in index:
                visit(after)
                low[node] = min(low[node], low[after])
            elif after in on_stack:
                low[node] = min(low[node], index[after])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_the_server() -> None:
    graph = import_graph()
    assert "paperlens.refits" in graph and graph["paperlens.state"], "the graph is read"
    assert cycles(graph) == []


def test_the_transport_is_above_the_refits_and_the_learner() -> None:
    graph = import_graph()
    below = [n for n in graph if n.startswith(("paperlens.learning", "paperlens.storage"))]
    below.append("paperlens.refits")
    for name in below:
        assert not {m for m in graph[name] if m.startswith(("paperlens.ws", "paperlens.api"))}, name


def test_only_storage_talks_to_sqlite() -> None:
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        if {"sqlite3", "sqlite_utils"} & {n.split(".")[0] for n in names}:
            assert name.startswith("paperlens.storage"), name


@pytest.mark.parametrize("name", sorted(modules()), ids=str)
def test_each_module_is_small_and_says_what_it_owns(name: str) -> None:
    path = modules()[name]
    if GENERATED in path.parents:
        return
    text = path.read_text(encoding="utf-8")
    assert ast.get_docstring(ast.parse(text)), f"{name} has no docstring"
    assert len(text.splitlines()) <= MAX_LINES, f"{name}: {len(text.splitlines())} lines"


def test_starting_the_server_imports_no_learning_stack() -> None:
    # scikit-learn and the corpus load after the server answers (paperlens.state).
    code = (
        "import sys, paperlens.app, paperlens.cli; "
        "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_readme_layout_names_every_module() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout") :]
    # Whose modules are named one by one; the others' folder is enough (evaluation/, wire/).
    by_module = ("api", "ws", "learning", "storage")
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if path.name == "__init__.py" and len(parts) == 1:
            continue
        if len(parts) == 1:
            named = f"`{path.name}`" in layout
        elif parts[0] in by_module and path.name != "__init__.py":
            named = f"`{path.stem}" in layout
        else:
            named = f"`{parts[0]}/`" in layout
        if not named:
            missing.append("/".join(parts))
    assert missing == []
