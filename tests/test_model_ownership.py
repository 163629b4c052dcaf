"""Each model is written only by its own app (issue 15, item 1; DESIGN.md).

Read from the source with ``ast``: in every module of an app, a model class imported from
another app's ``models`` may be read (``Other.objects.filter(...)``), never written: no
``Other.objects.create / update / delete / bulk_create / get_or_create / update_or_create /
bulk_update`` (also at the end of a chain, ``Other.objects.filter(...).update(...)``) and no
``Other(...)`` made by hand. To change another app's data, call that app's service.
Demo data and benchmarks (which fill every app on purpose) and migrations are not checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "kausa"
WRITES = {
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
NOT_CHECKED = {"demo", "bench", "static", "templates", "locale"}


def _modules() -> list[Path]:
    return sorted(
        path
        for path in SRC.rglob("*.py")
        if path.relative_to(SRC).parts[0] not in NOT_CHECKED
        and "migrations" not in path.relative_to(SRC).parts
        and len(path.relative_to(SRC).parts) > 1
    )


def _foreign_models(tree: ast.AST, app: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if len(parts) >= 3 and parts[0] == "kausa" and parts[1] != app and parts[2] == "models":
                names |= {alias.asname or alias.name for alias in node.names}
    return names


def _root_name(node: ast.expr) -> str | None:
    """`Other` in `Other.objects.filter(...).update`, following calls and attributes."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr == "objects" and isinstance(node.value, ast.Name):
                return node.value.id
            node = node.value
        else:
            return None


def offences(path: Path, app: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    foreign = _foreign_models(tree, app)
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        where = f"{path.relative_to(SRC.parent)}:{node.lineno}"
        func = node.func
        if isinstance(func, ast.Name) and func.id in foreign:
            found.append(f"{where} {func.id}(...) made by hand")
        if isinstance(func, ast.Attribute) and func.attr in WRITES:
            root = _root_name(func.value)
            if root in foreign:
                found.append(f"{where} {root}.objects...{func.attr}()")
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_app_writes_another_apps_models(path):
    app = path.relative_to(SRC).parts[0]
    assert offences(path, app) == []


def test_the_check_catches_writes_through_the_manager_and_by_hand(tmp_path):
    module = tmp_path / "services.py"
    module.write_text(
        "from kausa.companies.models import Offer\n"
        "from kausa.events.models import Registration\n"
        "def f(pk):\n"
        "    Offer.objects.filter(pk=pk).update(status='withdrawn')\n"
        "    Offer.objects.create(title='x')\n"
        "    Registration(name='x').save()\n"
        "    return Offer.objects.filter(pk=pk).first()\n"  # a read: allowed
    )
    global SRC
    original, SRC = SRC, tmp_path.parent
    try:
        found = offences(module, "matching")
    finally:
        SRC = original
    assert len(found) == 3, found
