"""The shape of the code: dependencies point one way, no import cycles, small files.

web (``webapp``) → apps (``courses``, ``embeds``, ``studio``, ``demos``) → ``core`` and
``inference``; ``inference`` never imports Django. Among the apps, ``embeds`` may use the other
three, ``courses`` uses ``demos`` (its blocks show demos; a block's preset is a lazy
``"embeds.DemoPreset"`` reference, not an import), and ``studio`` and ``demos`` know no other app.
Every import counts, lazy ones inside functions too: a cycle through a function is still a
tangle a maintainer must hold in their head.
"""

from __future__ import annotations

import ast
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("webapp", "core", "courses", "demos", "studio", "embeds", "inference")
ALLOWED = {
    "core": set(),
    "inference": set(),
    "demos": {"core"},
    "studio": {"core", "inference"},
    "courses": {"core", "demos"},
    "embeds": {"core", "courses", "demos", "studio"},
    "webapp": {"core", "courses", "demos", "studio", "embeds"},
}
MAX_LINES = 400
SOURCE_SUFFIXES = (".py", ".js", ".mjs", ".css", ".html", ".sh")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports (the longest known prefix of each imported name)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # "from package import module" imports the module; "from module import name", the module.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        for target in targets:
            parts = target.split(".")
            for end in range(len(parts), 0, -1):
                candidate = ".".join(parts[:end])
                if candidate in known:
                    if candidate != name:
                        found.add(candidate)
                    break
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    known = project_modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for successor in graph.get(node, ()):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
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


def test_no_import_cycles(graph):
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_dependencies_point_one_way(graph):
    wrong = defaultdict(set)
    for name, targets in graph.items():
        source = name.split(".")[0]
        for target in targets:
            if target.split(".")[0] not in ALLOWED[source] | {source}:
                wrong[name].add(target)
    assert dict(wrong) == {}


def test_inference_never_imports_django():
    offenders = []
    for path in (ROOT / "inference").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(n == "django" or n.startswith("django.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_no_source_file_is_over_400_lines():
    tracked = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    long = {
        name: lines
        for name in tracked
        if name.endswith(SOURCE_SUFFIXES)
        and "/vendor/" not in f"/{name}"
        and "/migrations/" not in name
        and (ROOT / name).is_file()
        and (lines := len((ROOT / name).read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
