from __future__ import annotations

import pytest

from tests.jobwalk.factories import lauf_graph_file, lauf_network


@pytest.fixture(scope="session")
def lauf_file(tmp_path_factory):
    return lauf_graph_file(tmp_path_factory.mktemp("streets"))


@pytest.fixture
def network(db, lauf_file, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return lauf_network(lauf_file)
