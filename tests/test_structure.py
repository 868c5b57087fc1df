"""The structure of the project, drawn from its imports (DESIGN.md §3).

Read from the source with ``ast``, so imports written inside functions count too:

- ``improvement`` listens to the core; ``service_requests`` never imports it.
- Inside ``service_requests`` the public side and the staff side build on the domain and not on
  each other; the domain imports neither (one documented exception, see ``DEFERRED``); only the
  wiring (``wagtail_hooks``, ``urls``) plugs them in.
- No import cycle spans more than one app.
- ``service_requests`` and ``improvement`` write no imports inside functions, except the few that
  Django's app loading needs (``DEFERRED``).
- No module is longer than 400 lines, outside migrations and demo content.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "website",
    "directory",
    "policies",
    "service_requests",
    "improvement",
    "operations",
    "diagnosis",
)
MAX_LINES = 400

# Imports written inside functions on purpose, by module: Django imports an app's models while it
# registers the apps, so a model cannot import at load time what queries models at import.
DEFERRED = {
    # AppConfig.ready connects signal receivers, as Django's documentation asks.
    "improvement.apps": {"improvement.receivers"},
    # The request page's routes call the public views (see ``_public_views``).
    "service_requests.models.pages": {"service_requests.public.views"},
}


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


MODULES = {module_name(path): path for path in source_files()}


def resolve(name):
    """The project module that ``name`` (a module or a name in one) refers to, or None."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name, path):
    """``(target module, line, inside a function)`` for each project import of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    in_function = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(
                id(sub) for sub in ast.walk(node) if isinstance(sub, ast.Import | ast.ImportFrom)
            )
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in {resolve(imported) for imported in names} - {None, name}:
            yield target, node.lineno, id(node) in in_function


IMPORTS = {name: list(imports_of(name, path)) for name, path in MODULES.items()}


def app_of(name):
    return name.split(".")[0]


# Where the sides are plugged into Wagtail and the URLconf: they may import every side.
WIRING = {"service_requests.wagtail_hooks", "service_requests.urls"}


def role_of(name):
    """The side of ``service_requests`` a module belongs to: public, staff, the domain, or the
    wiring that registers the sides with Wagtail."""
    if name in WIRING:
        return "wiring"
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ("public", "staff") else "domain"


def strongly_connected(graph):
    """Tarjan's algorithm, iterative: the components of more than one module."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def test_the_reader_finds_the_project():
    # Guards the checks below against passing on an empty or half-read project.
    assert len(MODULES) > 150
    assert ("service_requests.services", 16, False) in [
        (target, line, deferred)
        for target, line, deferred in IMPORTS["service_requests.public.views"]
    ]
    assert any(
        target == "service_requests.public.views" and deferred
        for target, _line, deferred in IMPORTS["service_requests.models.pages"]
    )


def test_service_requests_never_imports_improvement():
    wrong = [
        f"{name}:{line}"
        for name, imports in IMPORTS.items()
        if app_of(name) == "service_requests"
        for target, line, _deferred in imports
        if app_of(target) == "improvement"
    ]
    assert wrong == []


def test_public_and_staff_sides_build_on_the_domain_only():
    wrong = []
    for name, imports in IMPORTS.items():
        if app_of(name) != "service_requests":
            continue
        for target, line, _deferred in imports:
            if app_of(target) != "service_requests" or role_of(target) == role_of(name):
                continue
            if role_of(name) == "wiring" or role_of(target) == "domain":
                continue
            if target not in DEFERRED.get(name, ()):
                wrong.append(f"{name}:{line} -> {target}")
    assert wrong == []


def test_no_import_cycle_spans_more_than_one_app():
    graph = defaultdict(set)
    for name, imports in IMPORTS.items():
        graph[name].update(target for target, _line, _deferred in imports)
    spanning = [
        component
        for component in strongly_connected(dict(graph))
        if len({app_of(member) for member in component}) > 1
    ]
    assert spanning == []


@pytest.mark.parametrize("app", ["service_requests", "improvement"])
def test_no_imports_inside_functions(app):
    wrong = [
        f"{name}:{line} -> {target}"
        for name, imports in IMPORTS.items()
        if app_of(name) == app
        for target, line, deferred in imports
        if deferred and target not in DEFERRED.get(name, ())
    ]
    assert wrong == []


def test_no_module_over_400_lines():
    long = {
        name: lines
        for name, path in MODULES.items()
        if "demo" not in name.split(".")[-1]
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_cycle_finder_finds_cycles():
    graph = {"a.x": {"b.y"}, "b.y": {"a.x", "b.z"}, "b.z": set(), "c": {"c"}}
    assert strongly_connected(graph) == [["a.x", "b.y"]]
