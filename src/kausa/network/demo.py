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
from kausa.network.services import awards as award_services
from kausa.network.services import network as network_services
from kausa.network.services import stories as story_services
from kausa.network.services import toolkit as toolkit_services
from kausa.reference.models import Occupation

NETWORK_SLUG = "mut-thueringen"
JURORS = [
    ("juror1@kausa.example", "Dr. Sabine Krüger", "IHK Erfurt"),
    ("juror2@kausa.example", "Hüseyin Aksoy", "Migrantenbeirat Erfurt"),
    ("juror3@kausa.example", "Prof. Maria Lindner", "Ernst-Abbe-Hochschule Jena"),
]
CATEGORIES = [
    ("Chancen geben", "Betriebe, die jungen Menschen mit Migrationsgeschichte eine Chance geben."),
    ("Innovation", "Neue Ideen in Produkt, Dienstleistung oder Ausbildung."),
    ("Unternehmerischer Mut", "Gründung und Wachstum gegen Widerstände."),
    ("Ehrenamtliches Engagement", "Sonderkategorie: Engagement über den Betrieb hinaus."),
]
CRITERIA = [
    ("Ausbildung und Chancen", 3),
    ("Innovation", 2),
    ("Mut und Vorbild", 2),
    ("Verankerung in der Region", 1),
]
PORTRAITS = {
    "de": "{name} ist ein {sector}-Betrieb in {city}. Im Team werden {langs} gesprochen. "
    "Wir sind Teil des MUT-Netzwerks, weil wir unsere Erfahrung mit anderen "
    "Unternehmerinnen und Unternehmern teilen wollen – und weil wir ausbilden möchten.",
    "en": "{name} is a {sector} business in {city}. The team speaks {langs}. We joined the "
    "MUT network to share our experience with other entrepreneurs – and because we want "
    "to train young people.",
}


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


NOMINATION_REASONS = [
    "Bildet seit drei Jahren junge Geflüchtete aus und begleitet sie bis zur Prüfung.",
    "Hat als erster Betrieb der Branche eine zweisprachige Ausbildung eingeführt.",
    "Hat nach der Gründung 2019 schon zwölf Arbeitsplätze geschaffen.",
    "Engagiert sich im Integrationsbeirat und organisiert Elternabende.",
    "Bietet jedes Jahr Praktika für Schülerinnen und Schüler der Regelschule an.",
    "Hat eine Auszubildende trotz Sprachhürden zum Abschluss mit Auszeichnung geführt.",
]


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


# --- ambassadors -----------------------------------------------------------------------------
AMBASSADORS = [
    dict(
        office="ss-jena",
        first_name="Ahmad",
        status="graduate",
        country="Syrien",
        show=True,
        company="Autohaus in Jena",
        langs=("ar", "de", "en"),
        photo=True,
        offers=True,
        stories={
            "de": "Ich kam 2016 nach Jena und konnte kaum Deutsch. Über KAUSA habe ich ein "
            "Praktikum gefunden, dann die Ausbildung. Heute arbeite ich als Geselle und "
            "erzähle in Schulen, wie das geht.",
            "en": "I came to Jena in 2016 and hardly spoke German. Through KAUSA I found an "
            "internship, then the apprenticeship. Today I work as a journeyman and tell "
            "pupils how it works.",
            "ar": "وصلت إلى يينا عام 2016 ولم أكن أتكلم الألمانية تقريبًا. عن طريق KAUSA وجدت "
            "تدريبًا عمليًا ثم التدريب المهني. اليوم أعمل وأحكي للطلاب كيف نجحت.",
        },
    ),
    dict(
        office="ls-thueringen",
        first_name="Olena",
        status="trainee",
        country="Ukraine",
        show=False,
        company="",
        langs=("uk", "ru", "de"),
        photo=False,
        offers=True,
        stories={
            "de": "Ich mache eine Ausbildung und lerne nebenbei im Azubi-BSK Deutsch. "
            "Mein Tipp: Fragt nach – im Betrieb hilft man euch.",
            "en": "I am doing an apprenticeship and learn German in an Azubi-BSK course "
            "alongside. My tip: ask – people at work will help you.",
            "uk": "Я навчаюся за професією і паралельно вивчаю німецьку на курсі Azubi-BSK. "
            "Моя порада: запитуйте – на підприємстві вам допоможуть.",
        },
    ),
    dict(
        office="ss-jena",
        first_name="Mehmet",
        status="trainee",
        country="Türkei",
        show=True,
        company="Elektrobetrieb in Jena",
        langs=("tr", "de"),
        photo=True,
        offers=False,
        stories={
            "de": "Meine Eltern waren skeptisch, ob eine Ausbildung das Richtige ist. Nach "
            "dem KAUSA-Elternabend auf Türkisch waren sie überzeugt.",
            "tr": "Ailem mesleki eğitimin doğru olup olmadığından emin değildi. KAUSA'nın "
            "Türkçe veli akşamından sonra ikna oldular.",
        },
    ),
]


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


# --- toolkit ---------------------------------------------------------------------------------
TOPICS = [
    ("ausbildungssystem", "Das duale Ausbildungssystem"),
    ("bewerbung", "Bewerbung"),
    ("elternabend", "Elternabende gestalten"),
    ("finanzierung", "Geld während der Ausbildung"),
    ("berufsorientierung", "Berufsorientierung"),
]
MATERIALS = [
    dict(
        title="Duale Ausbildung – was Eltern wissen sollten",
        description="Zwei Seiten über Betrieb, Berufsschule, Dauer und Vergütung.",
        format="handout",
        audience="parents",
        public=True,
        topics=("ausbildungssystem",),
        versions={
            "de": (
                "Duale Ausbildung: das Wichtigste",
                [
                    "Ausbildung im Betrieb und in der Berufsschule",
                    "Dauer: meist 3 Jahre",
                    "Vergütung ab dem ersten Monat",
                    "Abschluss vor der Kammer",
                ],
            ),
            "tr": (
                "İkili meslek eğitimi: en önemlisi",
                [
                    "İşletmede ve meslek okulunda eğitim",
                    "Süre: genellikle 3 yıl",
                    "İlk aydan itibaren ücret",
                    "Odada sınav",
                ],
            ),
            "uk": (
                "Дуальна професійна освіта: головне",
                [
                    "Навчання на підприємстві та в професійній школі",
                    "Тривалість: зазвичай 3 роки",
                    "Оплата з першого місяця",
                    "Іспит у палаті",
                ],
            ),
            "ru": (
                "Дуальное обучение: главное",
                [
                    "Обучение на предприятии и в профессиональной школе",
                    "Продолжительность: обычно 3 года",
                    "Оплата с первого месяца",
                    "Экзамен в палате",
                ],
            ),
            "ar": "https://www.make-it-in-germany.com/ar/",
        },
    ),
    dict(
        title="Checkliste Bewerbung",
        description="Schritt für Schritt zur Bewerbung um einen Ausbildungsplatz.",
        format="checklist",
        audience="parents",
        public=True,
        topics=("bewerbung",),
        versions={
            "de": (
                "Checkliste Bewerbung",
                [
                    "Lebenslauf mit Foto (optional)",
                    "Anschreiben für jeden Betrieb",
                    "Zeugnisse als PDF",
                    "Termin beim KAUSA-Büro vereinbaren",
                ],
            ),
            "en": (
                "Application checklist",
                [
                    "CV (photo optional)",
                    "Cover letter for each company",
                    "Certificates as PDF",
                    "Book an appointment with the KAUSA office",
                ],
            ),
            "tr": (
                "Başvuru kontrol listesi",
                [
                    "Özgeçmiş (fotoğraf isteğe bağlı)",
                    "Her işletme için ön yazı",
                    "Karneler PDF olarak",
                    "KAUSA ofisinden randevu alın",
                ],
            ),
            "uk": (
                "Чек-лист заявки",
                [
                    "Резюме (фото за бажанням)",
                    "Супровідний лист для кожної фірми",
                    "Свідоцтва у PDF",
                    "Запис на консультацію в KAUSA",
                ],
            ),
        },
    ),
    dict(
        title="Elternabend zweisprachig planen",
        description="Ablauf, Einladung und Moderation eines zweisprachigen Elternabends.",
        format="event_format",
        audience="multipliers",
        public=False,
        topics=("elternabend",),
        versions={
            "de": (
                "Zweisprachiger Elternabend: Ablauf",
                [
                    "Sprachmittlung früh anfragen",
                    "Einladung in beiden Sprachen",
                    "Betriebe und Azubis als Gäste",
                    "Fragen sammeln, Termin für Beratung",
                ],
            ),
            "en": (
                "Bilingual parent evening: running order",
                [
                    "Book interpreters early",
                    "Invitation in both languages",
                    "Companies and trainees as guests",
                    "Collect questions, offer counselling",
                ],
            ),
            "ru": (
                "Двуязычный родительский вечер",
                [
                    "Заранее пригласить переводчика",
                    "Приглашение на двух языках",
                    "Гости: компании и ученики",
                    "Собрать вопросы, предложить консультацию",
                ],
            ),
        },
    ),
    dict(
        title="Geld während der Ausbildung",
        description="Ausbildungsvergütung, BAB und Kindergeld kurz erklärt.",
        format="presentation",
        audience="multipliers",
        public=False,
        topics=("finanzierung",),
        versions={
            "de": (
                "Geld während der Ausbildung",
                [
                    "Ausbildungsvergütung (Mindestvergütung)",
                    "Berufsausbildungsbeihilfe (BAB)",
                    "Kindergeld bis 25 Jahre",
                    "Antrag rechtzeitig stellen",
                ],
            ),
            "tr": (
                "Eğitim sırasında para",
                [
                    "Eğitim ücreti (asgari ücret)",
                    "Meslek eğitimi yardımı (BAB)",
                    "25 yaşına kadar çocuk parası",
                    "Başvuruyu zamanında yapın",
                ],
            ),
            "fa": "https://www.make-it-in-germany.com/fa/",
        },
    ),
    dict(
        title="Film: Ein Tag in der Ausbildung",
        description="Kurzfilm mit Azubis aus migrantischen Betrieben in Thüringen.",
        format="video",
        audience="parents",
        public=True,
        topics=("berufsorientierung",),
        versions={
            "de": "https://video.kausa.example/ein-tag-in-der-ausbildung",
            "ar": "https://video.kausa.example/ein-tag-in-der-ausbildung?lang=ar",
            "uk": "https://video.kausa.example/ein-tag-in-der-ausbildung?lang=uk",
        },
    ),
    dict(
        title="Leitfaden Beratungsgespräch mit Eltern",
        description="Gesprächsleitfaden für Beraterinnen und Berater.",
        format="handout",
        audience="advisors",
        public=False,
        topics=("berufsorientierung",),
        versions={
            "de": (
                "Beratungsgespräch mit Eltern",
                [
                    "Sprache klären, ggf. Sprachmittlung",
                    "Wünsche des Kindes zuerst",
                    "Ausbildung und Studium vergleichen",
                    "Nächsten Schritt vereinbaren",
                ],
            ),
        },
    ),
]


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


# --- stories ---------------------------------------------------------------------------------
STORIES = [
    (
        "ss-jena",
        ["jobwalk"],
        "JOBWALK Jena: 60 Jugendliche in 14 Betrieben",
        "JOBWALK Jena: 60 young people visited 14 companies",
        "Mit dem Handy durch die Stadt: Teams besuchten Ausbildungsbetriebe.",
        40,
    ),
    (
        "ls-thueringen",
        ["network", "training_company"],
        "MUT-Netzwerk: fünf neue Ausbildungsbetriebe",
        "MUT network: five new training companies",
        "Fünf migrantische Betriebe sind jetzt Ausbildungsbetriebe.",
        65,
    ),
    (
        "ls-thueringen",
        ["parents"],
        "Elternabend auf Arabisch in Erfurt",
        "Parent evening in Arabic in Erfurt",
        "Über 40 Eltern informierten sich über die duale Ausbildung.",
        90,
    ),
    (
        "ls-berlin",
        ["azubi_bsk"],
        "Azubi-BSK: 18 von 20 bestehen den DTB",
        "Azubi-BSK: 18 of 20 pass the DTB exam",
        "Der berufsbegleitende Deutschkurs zahlt sich aus.",
        20,
    ),
    (
        "ls-berlin",
        ["speed_dating"],
        "Online-Speed-Dating: 34 Gespräche an einem Nachmittag",
        "Online speed dating: 34 interviews in one afternoon",
        "Betriebe und Bewerbende trafen sich per Video.",
        55,
    ),
    (
        "ss-hamburg",
        ["network"],
        "Vielfaltstag in Wilhelmsburg",
        "Diversity day in Wilhelmsburg",
        "Migrantische Betriebe stellten ihre Ausbildungsberufe vor.",
        12,
    ),
    (
        "ss-hamburg",
        ["ambassadors"],
        "Botschafterinnen an der Stadtteilschule",
        "Ambassadors visit a district school",
        "Zwei Azubis erzählten von ihrem Weg in die Ausbildung.",
        70,
    ),
    (
        "ss-bonn",
        ["jump"],
        "JUMP! Bonn: Sport und Ausbildung an einem Tag",
        "JUMP! Bonn: sport and training in one day",
        "Sportvereine und Betriebe luden 120 Schülerinnen und Schüler ein.",
        35,
    ),
    (
        "ss-bonn",
        ["parents", "ambassadors"],
        "Eltern fragen, Azubis antworten",
        "Parents ask, trainees answer",
        "Ein Abend mit Fragen aus dem Publikum – auf Türkisch und Deutsch.",
        100,
    ),
    (
        "ss-augsburg",
        ["training_company"],
        "Vom Imbiss zum Ausbildungsbetrieb",
        "From snack bar to training company",
        "Wie ein Augsburger Gastronom seine erste Auszubildende fand.",
        25,
    ),
    (
        "ss-augsburg",
        ["jobwalk"],
        "JOBWALK Augsburg zum ersten Mal",
        "First JOBWALK in Augsburg",
        "Zwölf Stationen, drei Stunden, viele Fragen.",
        140,
    ),
    (
        "ss-jena",
        ["azubi_bsk", "training_company"],
        "Mit Deutschkurs zum Gesellenbrief",
        "With a German course to the journeyman's certificate",
        "Ein Jenaer Elektrobetrieb begleitet seinen Azubi durch den Azubi-BSK.",
        160,
    ),
]
BODY_DE = (
    "{teaser}\n\n"
    "**Was passiert ist:** Das KAUSA-Team hat gemeinsam mit Betrieben, Schulen und Eltern "
    "einen weiteren Schritt gemacht.\n\n"
    "- Vorbereitung mit den Partnern vor Ort\n"
    "- Durchführung mit Sprachmittlung, wo nötig\n"
    "- Nachbereitung in der Beratung\n\n"
    "Mehr über unsere Angebote auf der [Seite der Veranstaltungen](/de/events/)."
)
BODY_EN = (
    "{teaser}\n\n"
    "**What happened:** the KAUSA team took another step together with companies, schools "
    "and parents.\n\n"
    "- Preparation with local partners\n"
    "- Carried out with interpreting where needed\n"
    "- Follow-up in counselling\n\n"
    "More about what we offer on the [events page](/en/events/)."
)


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
