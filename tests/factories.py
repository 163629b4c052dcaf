from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from kausa.accounts.models import Membership, Organisation, User
from kausa.companies.models import Company, Offer
from kausa.people.models import Consent, Parent, YoungPerson
from kausa.reference.models import Occupation, PostalCode

PASSWORD = "Correct-Horse-Battery-9"

# The clock of tests whose outcome depends on the day (``pytest.mark.time_machine(TEST_NOW)``
# on the module or test): the dates they name lie before or after this day, whatever day
# the suite really runs on. 11:00 in Berlin.
TEST_NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
TEST_TODAY = TEST_NOW.date()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"KAUSA Servicestelle {n}")
    slug = factory.Sequence(lambda n: f"office-{n}")
    kind = Organisation.Kind.SERVICESTELLE
    state = "BE"
    city = "Berlin"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@kausa.test")
    full_name = factory.Faker("name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.ADVISOR


def postal_code(code: str = "10115") -> PostalCode:
    return PostalCode.objects.get(code=code)


def occupation(short_name: str = "Kfz-Mechatroniker/in") -> Occupation:
    return Occupation.objects.get(short_name=short_name)


class YoungPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YoungPerson

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Iterator(["Rama", "Ali", "Daria", "Emre", "Selam"])
    last_name = factory.Sequence(lambda n: f"Testperson{n}")
    birth_date = dt.date(2007, 5, 17)
    postal_code = factory.LazyFunction(postal_code)
    german_level = "B1"
    certificate = "first"
    search_text = factory.LazyAttribute(lambda o: f"{o.first_name} {o.last_name}".lower())


class ParentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parent

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = "Fatma"
    last_name = factory.Sequence(lambda n: f"Elternteil{n}")


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    young_person = factory.SubFactory(YoungPersonFactory)
    organisation = factory.SelfAttribute("young_person.organisation")
    purpose = Consent.Purpose.COUNSELLING
    given_at = factory.LazyFunction(timezone.now)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Testbetrieb {n} GmbH")
    postal_code = factory.LazyFunction(postal_code)
    city = "Berlin"
    chamber = Company.Chamber.IHK
    sector = "Fahrzeug"
    contact_name = "Frau Kaya"
    search_text = factory.LazyAttribute(lambda o: o.name.lower())


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    company = factory.SubFactory(CompanyFactory)
    organisation = factory.SelfAttribute("company.organisation")
    occupation = factory.LazyFunction(occupation)
    start_date = dt.date(2027, 8, 1)
