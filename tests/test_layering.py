"""Layering: no two apps import each other, directly or round a circle (DESIGN.md).

import-linter (`make lint`) checks the floors; this test checks the whole app graph for
cycles with grimp, the graph library import-linter is built on, and names the imports that
close a circle. Run alone: `.venv/bin/pytest tests/test_layering.py`.
"""

from __future__ import annotations

from collections import defaultdict

import grimp

# Cycles still to break, with why they exist; the test fails on any other, and when one of
# these disappears (so the list only shrinks). Empty since the workspace took the pages that
# combine apps and accounts took tenancy, permissions and the admin base.
KNOWN: dict[frozenset[str], str] = {}


def _app_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph("kausa", exclude_type_checking_imports=False)  # types count too
    edges: dict[str, set[str]] = defaultdict(set)
    for module in graph.modules:
        if module.count(".") < 1:
            continue
        app = module.split(".")[1]
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("kausa.") and imported.count(".") >= 1:
                other = imported.split(".")[1]
                if other != app:
                    edges[app].add(other)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components with more than one app (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in list(edges):
        if node not in index:
            visit(node)
    return found


def test_no_apps_import_each_other_round_a_circle():
    cycles = set(_cycles(_app_graph()))
    assert cycles - set(KNOWN) == set(), f"new import cycles between apps: {cycles - set(KNOWN)}"
    assert set(KNOWN) - cycles == set(), "a known cycle is gone: remove it from KNOWN"


def test_the_cycle_finder_finds_a_circle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [frozenset({"a", "b", "c"})]
