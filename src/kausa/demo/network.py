"""Network demo: the MUT network of migrant-led companies in Thuringia, the award
"Unternehmen mit Kultur" (an open edition with a jury, a closed one with winners), three
ambassadors, a parent-work toolkit in several languages and a dozen success stories.

Idempotent: returns {} when the MUT network already exists.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from kausa.accounts.models import Organisation, User
from kausa.companies.models import Company, Offer
from kausa.demo.data import DEMO_PASSWORD
from kausa.network.awards.services import nominations as award_services
from kausa.network.demo_content import (
    AMBASSADORS,
    BODY_DE,
    BODY_EN,
    CATEGORIES,
    CRITERIA,
    EXTRA_TRANSLATIONS,
    JURORS,
    MATERIALS,
    NOMINATION_REASONS,
    PORTRAITS,
    STORIES,
    TOPICS,
)
from kausa.network.demo_files import handout_pdf, picture
from kausa.network.models import (
    Award,
    Category,
    Criterion,
    Edition,
    JurorAssignment,
    Network,
    Nomination,
    ShowcaseParticipation,
    Story,
    Topic,
)
from kausa.network.services import ambassadors as ambassador_services
from kausa.network.services import network as network_services
from kausa.network.services import stories as story_services
from kausa.network.services import toolkit as toolkit_services
from kausa.reference.models import Occupation

NETWORK_SLUG = "mut-thueringen"


def _offices() -> dict[str, Organisation]:
    slugs = ["ls-berlin", "ls-thueringen", "ss-jena", "ss-hamburg", "ss-bonn", "ss-augsburg"]
    return {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}


def extend(rng: random.Random) -> dict[str, int]:
    if Network.objects.filter(slug=NETWORK_SLUG).exists():
        return {}
    offices = _offices()
    if "ls-thueringen" not in offices:
        return {}
    counts: dict[str, int] = {}
    profiles = _network(offices, rng)
    counts["network profiles"] = len(profiles)
    counts["showcase companies"] = _hamburg_showcase(offices)
    counts["award nominations"] = _awards(offices, profiles, rng)
    counts["ambassadors"] = _ambassadors(offices)
    counts["toolkit materials"] = _toolkit(offices)
    counts["success stories"] = _stories(offices, rng) + 1  # + the award results story
    return counts


# --- network ---------------------------------------------------------------------------------
def _network(offices: dict[str, Organisation], rng: random.Random) -> list:
    network = Network.objects.create(
        name="MUT – Migrantische Unternehmen Thüringens",
        slug=NETWORK_SLUG,
        organisation=offices["ls-thueringen"],
        state="TH",
        description="Austausch zu Selbstständigkeit und Ausbildung für migrantische Betriebe.",
    )
    thuringia = [offices["ls-thueringen"], offices.get("ss-jena")]
    companies = list(
        Company.objects.filter(organisation__in=[o for o in thuringia if o], migrant_led=True)
        .exclude(lat__isnull=True)
        .prefetch_related("languages")
        .order_by("pk")[:18]
    )
    profiles = []
    for number, company in enumerate(companies):
        langs = [lang.code for lang in company.languages.all()] or ["de"]
        names = ", ".join(lang.name_de for lang in company.languages.all()) or "Deutsch"
        text = {
            code: template.format(
                name=company.name,
                sector=company.sector or "Familien",
                city=company.city,
                langs=names,
            )
            for code, template in PORTRAITS.items()
        }
        occupations = tuple(
            Offer.objects.filter(company=company).values_list("occupation_id", flat=True)
        )
        profile = network_services.profile_create(
            user=None,
            company=company,
            network=network,
            consent_language=rng.choice(["de", *langs]),
            language_codes=tuple(langs),
            occupation_ids=occupations,
            website=f"https://www.{company.name.split()[0].lower()}-demo.example",
            portraits=text,
        )
        if number % 3 != 2:  # some companies have no picture: the page works without
            network_services.profile_logo_set(
                user=None,
                profile=profile,
                upload=picture(company.name, number),
                alt_text=f"Logo von {company.name}",
            )
        profiles.append(profile)
    return profiles


def _hamburg_showcase(offices: dict[str, Organisation]) -> int:
    """The Hamburg diversity day lists the participating network companies."""
    from kausa.events.models import Event

    hamburg = offices.get("ss-hamburg")
    event = Event.objects.filter(organisation=hamburg, type=Event.Type.SHOWCASE).first()
    if hamburg is None or event is None:
        return 0
    network = Network.objects.create(
        name="Vielfalt im Betrieb Hamburg",
        slug="vielfalt-hamburg",
        organisation=hamburg,
        state="HH",
    )
    count = 0
    for company in Company.objects.filter(organisation=hamburg, migrant_led=True).order_by("pk")[
        :5
    ]:
        profile = network_services.profile_create(
            user=None,
            company=company,
            network=network,
            consent_language="de",
            portraits={"de": f"{company.name} stellt sich beim Vielfaltstag vor."},
        )
        ShowcaseParticipation.objects.create(profile=profile, event=event)
        count += 1
    return count


# --- awards ----------------------------------------------------------------------------------
def _jurors(edition: Edition) -> list[JurorAssignment]:
    assignments = []
    for email, name, affiliation in JURORS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, DEMO_PASSWORD, full_name=name
        )
        assignments.append(
            award_services.juror_assign(
                user=None, edition=edition, juror=user, affiliation=affiliation
            )
        )
    return assignments


def _edition(award: Award, year: int, number: int, opens: dt.date, closes: dt.date, ceremony):
    edition = Edition.objects.create(
        organisation=award.organisation,
        award=award,
        year=year,
        number=number,
        nomination_opens=opens,
        nomination_closes=closes,
        ceremony=ceremony,
    )
    for position, (name, description) in enumerate(CATEGORIES):
        Category.objects.create(
            edition=edition, name=name, description=description, position=position
        )
    for position, (name, weight) in enumerate(CRITERIA):
        Criterion.objects.create(edition=edition, name=name, weight=weight, position=position)
    return edition


def _nominate(edition: Edition, profiles: list, rng: random.Random, count: int) -> list:
    categories = list(edition.categories.all())
    nominations = []
    for index, profile in enumerate(profiles[:count]):
        company = profile.company
        nomination = Nomination.objects.create(
            organisation=edition.organisation,
            edition=edition,
            category=categories[index % len(categories)],
            company=company,
            company_name=company.name,
            company_city=company.city,
            company_website=profile.website,
            reason=NOMINATION_REASONS[index % len(NOMINATION_REASONS)],
            nominator_name=rng.choice(["Claudia Weber", "Thomas Schmidt", "Leyla Kaya"]),
            nominator_email="nominierung@demo.example",
            status=Nomination.Status.ACCEPTED if index < count - 2 else Nomination.Status.SUBMITTED,
        )
        nominations.append(nomination)
    return nominations


def _score_all(jurors, nominations, rng: random.Random) -> None:
    for juror in jurors:
        for nomination in nominations:
            if nomination.status != Nomination.Status.ACCEPTED:
                continue
            if award_services.conflict_reason(juror, nomination):
                continue
            points = {c.pk: rng.randint(4, 10) for c in juror.edition.criteria.all()}
            award_services.scores_record(juror=juror, nomination=nomination, points=points)


def _awards(offices: dict[str, Organisation], profiles: list, rng: random.Random) -> int:
    from kausa.events.models import Event

    office = offices["ls-thueringen"]
    award = Award.objects.create(
        organisation=office,
        name="Unternehmen mit Kultur",
        slug="unternehmen-mit-kultur",
        description="Thüringer Preis für migrantische Unternehmen, seit 2018.",
    )
    today = timezone.localdate()
    ceremony = Event.objects.filter(organisation=office, type=Event.Type.AWARD).first()
    current = _edition(
        award,
        today.year,
        5,
        today - dt.timedelta(days=20),
        today + dt.timedelta(days=25),
        ceremony,
    )
    past = _edition(
        award,
        today.year - 1,
        4,
        dt.date(today.year - 1, 3, 1),
        dt.date(today.year - 1, 5, 31),
        None,
    )
    rest = profiles[:]
    rng.shuffle(rest)
    past_jurors = _jurors(past)
    past_nominations = _nominate(past, rest[:8], rng, 8)
    _score_all(past_jurors, past_nominations, rng)
    award_services.edition_close_round(user=None, edition=past)
    award_services.edition_publish_results(user=None, edition=past, language="de")
    jurors = _jurors(current)
    nominations = _nominate(current, rest[8:], rng, 8)
    # juror 2 knows one nominee personally: a declared link keeps them from scoring it
    if nominations:
        jurors[1].declared_links = nominations[0].company_name
        jurors[1].save(update_fields=["declared_links"])
    # jurors 2 and 3 have scored already; juror 1 (the demo login) has not started
    _score_all(jurors[1:], nominations, rng)
    return len(past_nominations) + len(nominations)


def _ambassador_occupation(office: Organisation, index: int) -> Occupation:
    offered = list(
        Offer.objects.filter(organisation=office, status=Offer.Status.OPEN)
        .values_list("occupation_id", flat=True)
        .distinct()
        .order_by("occupation_id")[:5]
    )
    if offered:
        return Occupation.objects.get(pk=offered[index % len(offered)])
    return Occupation.objects.filter(is_common=True).order_by("pk")[index]


def _ambassadors(offices: dict[str, Organisation]) -> int:
    for index, spec in enumerate(AMBASSADORS):
        office = offices.get(spec["office"]) or offices["ls-thueringen"]
        ambassador = ambassador_services.ambassador_create(
            user=None,
            organisation=office,
            first_name=spec["first_name"],
            occupation_id=_ambassador_occupation(office, index).pk,
            status=spec["status"],
            consent_language="de",
            company_name=spec["company"],
            language_codes=spec["langs"],
            country_of_origin=spec["country"],
            show_origin=spec["show"],
            video_url="https://video.kausa.example/botschafter/" + spec["first_name"].lower(),
            scope_photo=spec["photo"],
            scope_next_to_offers=spec["offers"],
            stories=spec["stories"],
        )
        if spec["photo"]:
            ambassador_services.ambassador_photo_set(
                user=None, ambassador=ambassador, upload=picture(spec["first_name"], index + 3)
            )
    return len(AMBASSADORS)


def _toolkit(offices: dict[str, Organisation]) -> int:
    office = offices["ls-thueringen"]
    for slug, name in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})
    for spec in MATERIALS:
        material = toolkit_services.material_create(
            user=None,
            organisation=office,
            title=spec["title"],
            description=spec["description"],
            format=spec["format"],
            audience=spec["audience"],
            is_public=spec["public"],
            topic_slugs=spec["topics"],
        )
        for language, content in spec["versions"].items():
            if isinstance(content, str):
                toolkit_services.material_version_set(
                    user=None, material=material, language_code=language, link=content
                )
            else:
                title, lines = content
                toolkit_services.material_version_set(
                    user=None,
                    material=material,
                    language_code=language,
                    title=title,
                    upload=handout_pdf(title, lines, language),
                )
    return len(MATERIALS)


def _stories(offices: dict[str, Organisation], rng: random.Random) -> int:
    count = 0
    now = timezone.now()
    for number, (slug, tags, title_de, title_en, teaser, days_ago) in enumerate(STORIES):
        office = offices.get(slug)
        if office is None:
            continue
        story = story_services.story_create(
            user=None,
            organisation=office,
            activities=tags,
            language="de",
            title=title_de,
            teaser=teaser,
            body=BODY_DE.format(teaser=teaser),
            consent_confirmed=True,
        )
        story_services.story_translation_set(
            user=None,
            story=story,
            language="en",
            title=title_en,
            teaser=title_en + ".",
            body=BODY_EN.format(teaser=title_en + "."),
        )
        for language, (title, teaser_text, body) in EXTRA_TRANSLATIONS.get(number, {}).items():
            story_services.story_translation_set(
                user=None,
                story=story,
                language=language,
                title=title,
                teaser=teaser_text,
                body=body,
            )
        if number % 2 == 0:
            story_services.story_image_add(
                user=None,
                story=story,
                upload=picture(title_de, number, size=(640, 360)),
                alt_text=f"Illustration: {title_de}",
            )
        story_services.story_publish(user=None, story=story)
        Story.objects.filter(pk=story.pk).update(
            published_at=now - dt.timedelta(days=days_ago, hours=rng.randint(0, 8))
        )
        count += 1
    return count
