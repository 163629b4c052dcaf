from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from kausa.accounts.models import Membership, Organisation, User
from kausa.companies.models import Company, Offer
from kausa.demo.data import DEMO_PASSWORD
from kausa.demo.generator import demo_create
from kausa.people.models import Parent, YoungPerson

pytestmark = pytest.mark.django_db


def test_demo_creates_a_realistic_dataset_once():
    first = demo_create()
    assert first.created
    assert Organisation.objects.filter(kind="landesstelle").count() == 2
    assert Organisation.objects.filter(kind="servicestelle").count() == 4
    assert 300 <= Company.objects.count() <= 400  # the core 300 plus JOBWALK stations
    share_migrant_led = Company.objects.filter(migrant_led=True).count() / Company.objects.count()
    assert 0.25 < share_migrant_led < 0.45
    # 600 open offers are made; the demo history then fills some of them with contracts.
    assert 540 <= Offer.objects.filter(status="open").count() <= 600
    assert 380 <= YoungPerson.objects.count() <= 420
    assert Parent.objects.exists()
    # Every company sits at a real postal code of its office's city.
    for company in Company.objects.select_related("organisation", "postal_code").order_by("id")[
        :250
    ]:
        assert company.postal_code.place == company.organisation.city
    # Varied languages, levels and certificates.
    assert YoungPerson.objects.values("german_level").distinct().count() >= 6
    assert YoungPerson.objects.values("certificate").distinct().count() >= 7
    assert YoungPerson.languages.through.objects.values("language").distinct().count() >= 10

    counts = (Company.objects.count(), YoungPerson.objects.count(), User.objects.count())
    again = demo_create()
    assert not again.created
    assert (Company.objects.count(), YoungPerson.objects.count(), User.objects.count()) == counts


class _Rollback(Exception):
    pass


def _names_of_a_fresh_demo() -> list[tuple[str, str]]:
    try:
        with transaction.atomic():
            demo_create()
            names = list(
                YoungPerson.objects.order_by("id").values_list("first_name", "last_name")[:50]
            )
            raise _Rollback
    except _Rollback:
        return names


def test_demo_is_reproducible():
    first = _names_of_a_fresh_demo()
    assert not YoungPerson.objects.exists()
    assert _names_of_a_fresh_demo() == first


def test_every_demo_login_works():
    demo_create()
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"advisor", "coordinator", "org_admin", "partner"}


def test_demo_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo", no_serve=True)
    assert not Organisation.objects.exists()


def test_demo_command_prints_logins(capsys):
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    assert "advisor@kausa.example" in out
    assert DEMO_PASSWORD in out
    call_command("demo", no_serve=True)
    assert "nothing duplicated" in capsys.readouterr().out
