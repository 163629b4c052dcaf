"""OneRowQuery: compiled once, asked with any key, the same row the ORM gives."""

from __future__ import annotations

import pytest
from django.db.models import Count

from kausa.accounts.models import Organisation
from kausa.core.sql import OneRowQuery
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_row_for_each_key_is_the_orms_row():
    first = OrganisationFactory(name="KAUSA Köln")
    second = OrganisationFactory(name="KAUSA Berlin")
    query = OneRowQuery(
        lambda pk: (
            Organisation.objects.filter(pk=pk, name__startswith="KAUSA")
            .annotate(n=Count("memberships"))
            .values_list("name", "n")
        )
    )
    assert query.fetch(first.pk) == ("KAUSA Köln", 0)
    assert query.fetch(second.pk) == ("KAUSA Berlin", 0)
    assert query.fetch(second.pk + 1000) is None


def test_a_query_must_hold_its_key_once():
    query = OneRowQuery(lambda pk: Organisation.objects.values_list("name"))
    with pytest.raises(ValueError, match="exactly once"):
        query.fetch(1)
