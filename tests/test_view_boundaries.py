"""Views and API handlers reach data only through services and selectors (issue 15, item 4).

Read from the source with ``ast``: in every view module (``views*.py``, ``views/`` packages)
and API module (``api.py``) of an app, no ``Model.objects``, no ``get_object_or_404`` /
``get_list_or_404``, no ``.save()`` / ``.delete()`` / ``refresh_from_db()`` on a record,
and no import of the tenancy helpers (``kausa.accounts.tenancy``). A view that needs data
calls its app's selector; a view that changes data calls a service.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "kausa"
FORBIDDEN_CALLS = {"get_object_or_404", "get_list_or_404"}
FORBIDDEN_METHODS = {"save", "delete", "refresh_from_db"}
# queryset building belongs in selectors (reading prefetched relations with .all() is fine)
QUERY_METHODS = {
    "filter",
    "exclude",
    "annotate",
    "aggregate",
    "create",
    "update",
    "bulk_create",
    "get_or_create",
    "update_or_create",
    "values_list",
    "select_related",
    "prefetch_related",
    "order_by",
}
FORBIDDEN_ATTRIBUTES = {"objects", "_default_manager"}
FORBIDDEN_MODULES = ("kausa.accounts.tenancy",)


def _handler_modules() -> list[Path]:
    found: set[Path] = set()
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC)
        if relative.parts[0] in {"demo", "bench", "static", "templates", "locale"}:
            continue
        name = path.name
        in_views_package = "views" in relative.parts[:-1]
        if name.startswith("views") or name == "api.py" or in_views_package:
            found.add(path)
    return sorted(found)


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(SRC.parent)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append(f"{where} .{node.attr}")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                found.append(f"{where} {func.id}()")
            if isinstance(func, ast.Attribute) and func.attr in FORBIDDEN_METHODS:
                target = ast.unparse(func.value)
                # sessions and forms have save/delete of their own; records do not belong here
                if not target.startswith(
                    ("request.session", "form", "formset", "self.", "router", "api")
                ):
                    found.append(f"{where} {target}.{func.attr}()")
            if isinstance(func, ast.Attribute) and func.attr in QUERY_METHODS:
                found.append(f"{where} {ast.unparse(func)[:60]}()")
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = {alias.name for alias in node.names}
            if node.module.startswith(FORBIDDEN_MODULES) or (
                node.module == "kausa.accounts" and "tenancy" in names
            ):
                found.append(f"{where} import from {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(FORBIDDEN_MODULES):
                    found.append(f"{where} import {alias.name}")
    return found


def test_there_are_view_and_api_modules_to_check():
    modules = {p.relative_to(SRC).as_posix() for p in _handler_modules()}
    assert {"counselling/views.py", "matching/api.py", "events/views.py"} <= modules
    assert len(modules) > 20


@pytest.mark.parametrize("path", _handler_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_views_and_api_handlers_use_services_and_selectors_only(path):
    assert _offences(path) == []


def test_the_check_catches_an_orm_call_and_a_tenancy_import(tmp_path):
    bad = tmp_path / "views.py"
    bad.write_text(
        "from kausa.accounts.tenancy import access_for\n"
        "def v(request, pk):\n"
        "    person = YoungPerson.objects.get(pk=pk)\n"
        "    person.save()\n"
        "    cases = Case.objects.all().filter(owner=request.user)\n"
        "    request.session.save()\n"
        "    return get_object_or_404(Case, pk=pk)\n"
    )
    global SRC
    original, SRC = SRC, tmp_path
    try:
        found = _offences(bad)
    finally:
        SRC = original
    assert len(found) == 6, found
