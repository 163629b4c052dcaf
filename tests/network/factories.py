"""Factories of the network app."""

from __future__ import annotations

import datetime as dt
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kausa.network.models import (
    Ambassador,
    Award,
    Category,
    Criterion,
    Edition,
    Material,
    MaterialVersion,
    Network,
    NetworkProfile,
    Nomination,
    Story,
    StoryTranslation,
)
from tests.factories import CompanyFactory, OrganisationFactory, occupation


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 91)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Netzwerk {n}")
    slug = factory.Sequence(lambda n: f"netzwerk-{n}")
    organisation = factory.SubFactory(OrganisationFactory)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkProfile

    company = factory.SubFactory(CompanyFactory, migrant_led=True, lat=52.53, lon=13.38)
    organisation = factory.SelfAttribute("company.organisation")
    network = factory.SubFactory(
        NetworkFactory, organisation=factory.SelfAttribute("..organisation")
    )
    sector = "Handwerk"
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_text_version = "test-1"
    consent_language = "de"


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Unternehmen mit Kultur"
    slug = factory.Sequence(lambda n: f"award-{n}")


def edition_with_criteria(office, *, open_now: bool = True, year: int = 2026) -> Edition:
    today = timezone.localdate()
    award = AwardFactory(organisation=office)
    edition = Edition.objects.create(
        organisation=office,
        award=award,
        year=year,
        nomination_opens=today - dt.timedelta(days=10),
        nomination_closes=today + dt.timedelta(days=10 if open_now else -5),
    )
    Category.objects.create(edition=edition, name="Chancen geben", position=0)
    Category.objects.create(edition=edition, name="Innovation", position=1)
    Criterion.objects.create(edition=edition, name="Wirkung", weight=3, position=0)
    Criterion.objects.create(edition=edition, name="Vorbild", weight=1, position=1)
    return edition


def nomination(edition: Edition, *, name: str = "Bäckerei Yildiz", accepted: bool = True, **kw):
    return Nomination.objects.create(
        organisation=edition.organisation,
        edition=edition,
        category=kw.pop("category", None) or edition.categories.first(),
        company_name=name,
        company_city="Jena",
        reason="Bildet seit Jahren junge Geflüchtete aus.",
        nominator_name="Anna Muster",
        nominator_email="anna@example.org",
        status=Nomination.Status.ACCEPTED if accepted else Nomination.Status.SUBMITTED,
        **kw,
    )


class AmbassadorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ambassador

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = "Rama"
    occupation = factory.LazyFunction(occupation)
    status = Ambassador.Status.TRAINEE
    country_of_origin = "Syrien"
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_text_version = "test-1"
    consent_language = "de"
    scope_next_to_offers = True


def story(office, *, title="Zehn neue Ausbildungsbetriebe", body="Text", published=True):
    s = Story.objects.create(
        organisation=office,
        state=office.state,
        status=Story.Status.PUBLISHED if published else Story.Status.DRAFT,
        published_at=timezone.now() if published else None,
        consent_confirmed=True,
    )
    StoryTranslation.objects.create(story=s, language="de", title=title, teaser="Kurz", body=body)
    s.tags.create(activity="network")
    return s


def material(office, *, public=True, language="de", title="Elternbrief Ausbildung"):
    m = Material.objects.create(
        organisation=office,
        title=title,
        description="Was Eltern über die duale Ausbildung wissen sollten.",
        format=Material.Format.HANDOUT,
        audience=Material.Audience.PARENTS,
        is_public=public,
    )
    version = MaterialVersion(material=m, language_id=language, file_type="application/pdf")
    version.file.save(f"test-{m.pk}-{language}.pdf", SimpleUploadedFile("x.pdf", PDF_BYTES))
    return m, version
