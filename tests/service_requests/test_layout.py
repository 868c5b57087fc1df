"""The layout of ``service_requests`` read from its imports (DESIGN.md §3): the public side and the
staff side depend on the domain, never on each other; the domain depends on neither; no import is
written inside a function except the documented ones Django's app loading needs."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "service_requests"
SIDES = ("public", "staff")
# Imports that must wait until the apps are loaded, each documented where it is written.
LATE_IMPORTS = {
    "models/pages.py": "the page's routes load the public views when served",
}
# Registration of the admin side: wiring, not domain.
WIRING = {"wagtail_hooks.py"}


def _modules():
    for path in sorted(APP.rglob("*.py")):
        relative = path.relative_to(APP)
        if relative.parts[0] == "migrations":
            continue
        yield relative.as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _imported(node):
    if isinstance(node, ast.ImportFrom):
        names = [f"{node.module}.{alias.name}" for alias in node.names]
        return [node.module, *names] if node.module else names
    return [alias.name for alias in node.names]


def _imports(tree):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]


def _side(module):
    first = module.split("/")[0]
    return first if first in SIDES else None


MODULES = dict(_modules())


def test_the_modules_are_found():
    assert {"services/states.py", "public/views.py", "staff/listing.py"} <= set(MODULES)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_inside_a_function_except_for_app_loading(module):
    tree = MODULES[module]
    late = [
        f"line {sub.lineno}: {ast.unparse(sub)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for sub in _imports(node)
    ]
    if module in LATE_IMPORTS:
        assert len(late) == 1, late
    else:
        assert late == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_one_way(module):
    side = _side(module)
    forbidden = {f"service_requests.{other}" for other in SIDES if other != side}
    if side is None and module in WIRING:
        forbidden = set()
    wrong = [
        ast.unparse(node)
        for node in _imports(MODULES[module])
        if any(
            name == side_ or name.startswith(side_ + ".")
            for name in _imported(node)
            for side_ in forbidden
        )
    ]
    if module in LATE_IMPORTS and side is None:
        # The documented late import of the page's routes is the one allowed exception.
        assert len(wrong) <= 1, wrong
    else:
        assert wrong == [], f"{module} imports {wrong}"
