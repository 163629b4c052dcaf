from __future__ import annotations

import pytest

from kausa.matching.index import offer_index_forget


@pytest.fixture(autouse=True)
def _fresh_offer_index():
    """Each test's offers roll back at its end: never reuse another test's index (forget
    touches no database: the autouse fixture may run before a test's database is open)."""
    offer_index_forget()
    yield
    offer_index_forget()
