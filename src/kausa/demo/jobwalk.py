"""JOBWALK demo: Lauf an der Pegnitz on the bundled street network, companies, two tours."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import TypedDict

import numpy as np

from kausa.accounts.models import Organisation
from kausa.companies.models import Company
from kausa.companies.services import company_create
from kausa.demo import data
from kausa.jobwalk import services
from kausa.jobwalk.engine.routing import AddressPoint, address_points
from kausa.jobwalk.models import Participation, StreetNetwork, Tour
from kausa.jobwalk.streets import BUNDLED_EXTRACT, graph_at, resolve
from kausa.reference.models import Occupation, PostalCode

CITY = "Lauf an der Pegnitz"
POSTAL_CODE = "91207"
OFFICE = "ss-augsburg"
MARKTPLATZ = (49.51063, 11.27765, "Marktplatz Lauf")
BAHNHOF = (49.50950, 11.28390, "Bahnhof Lauf (links der Pegnitz)")
# The issue asks for about 40 training companies that agreed to visits.
COMPANIES = 40

# OSM place -> sector of the occupations catalogue
KIND_SECTORS = {
    "craft=electrician": "Metall/Elektro",
    "craft=carpenter": "Holz",
    "craft=plumber": "Gebäudetechnik",
    "craft=painter": "Handwerk Bau",
    "shop=car": "Fahrzeug",
    "shop=car_repair": "Fahrzeug",
    "amenity=fuel": "Fahrzeug",
    "shop=bicycle": "Fahrzeug",
    "shop=bakery": "Lebensmittel",
    "shop=butcher": "Lebensmittel",
    "shop=supermarket": "Kaufmännisch",
    "shop=clothes": "Kaufmännisch",
    "shop=furniture": "Kaufmännisch",
    "shop=shoes": "Kaufmännisch",
    "shop=books": "Kaufmännisch",
    "shop=electronics": "Kaufmännisch",
    "office=insurance": "Kaufmännisch",
    "office=company": "Kaufmännisch",
    "office=tax_advisor": "Kaufmännisch",
    "office=accountant": "Kaufmännisch",
    "office=it": "IT",
    "office=advertising_agency": "Medien/Gestaltung",
    "shop=hairdresser": "Körperpflege",
    "shop=beauty": "Körperpflege",
    "amenity=restaurant": "Gastronomie/Hotel",
    "amenity=cafe": "Gastronomie/Hotel",
    "amenity=doctors": "Gesundheit",
    "amenity=dentist": "Gesundheit",
    "amenity=pharmacy": "Gesundheit",
    "shop=optician": "Gesundheit",
    "healthcare=physiotherapist": "Gesundheit",
}
NAMES = {
    "Holz": ["Schreinerei {n}", "{n} Holzbau"],
    "Medien/Gestaltung": ["{n} Werbeagentur", "Druck & Design {n}"],
    **data.COMPANY_PATTERNS,
}
CHAMBER_HWK = {
    "Handwerk Bau",
    "Lebensmittel",
    "Körperpflege",
    "Gebäudetechnik",
    "Fahrzeug",
    "Holz",
    "Metall/Elektro",
}

# Station texts per sector: (German, Arabic, English) and a quiz in the same three languages.
LEARN = {
    "craft": (
        "Hier lernst du, wie ein Handwerksbetrieb arbeitet: Werkstatt, Baustelle, Kundschaft. "
        "Die Ausbildung dauert drei bis dreieinhalb Jahre, du lernst im Betrieb und in der "
        "Berufsschule.",
        "هنا تتعرّف على عمل ورشة حرفية: الورشة وموقع البناء والزبائن. يستمر التدريب المهني "
        "ثلاث سنوات إلى ثلاث سنوات ونصف، وتتعلّم في الشركة وفي المدرسة المهنية.",
        "See how a craft business works: workshop, building site, customers. Training takes "
        "three to three and a half years, in the company and at vocational school.",
    ),
    "service": (
        "Hier siehst du, wie Beratung, Verkauf und Organisation zusammengehören. Gefragt sind "
        "Freundlichkeit, Deutsch im Gespräch und Lust auf Zahlen.",
        "هنا ترى كيف ترتبط الاستشارة والبيع والتنظيم ببعضها. المطلوب هو اللطف والتحدث "
        "بالألمانية والاهتمام بالأرقام.",
        "See how advice, sales and organisation fit together. What counts: friendliness, "
        "German in conversation and a liking for numbers.",
    ),
}
QUIZ = {
    "craft": (
        (
            "Wo lernst du in der dualen Ausbildung?",
            ["Nur in der Schule", "Im Betrieb und in der Berufsschule", "Nur online"],
            1,
        ),
        (
            "أين تتعلّم في التدريب المهني المزدوج؟",
            ["في المدرسة فقط", "في الشركة وفي المدرسة المهنية", "عبر الإنترنت فقط"],
            1,
        ),
        (
            "Where do you learn in dual training?",
            ["Only at school", "In the company and at vocational school", "Only online"],
            1,
        ),
    ),
    "service": (
        (
            "Was ist im Kundengespräch besonders wichtig?",
            ["Zuhören", "Schnell reden", "Lange Pausen"],
            0,
        ),
        ("ما هو الأهم في الحديث مع الزبائن؟", ["الاستماع", "الكلام بسرعة", "فترات صمت طويلة"], 0),
        (
            "What matters most when talking to customers?",
            ["Listening", "Talking fast", "Long pauses"],
            0,
        ),
    ),
}


class _TourSpec(TypedDict):
    texts: dict[str, dict[str, str]]
    sectors: list[str]
    start: tuple[float, float, str]
    closed: bool
    stations: int
    languages: tuple[str, ...]


TOURS: list[_TourSpec] = [
    {
        "texts": {
            "de": {
                "title": "Handwerk und Technik in Lauf",
                "text": "Eine Runde vom Marktplatz durch Werkstätten, Autohäuser und "
                "Technikbetriebe der Altstadt und zurück.",
            },
            "ar": {
                "title": "الحِرَف والتقنية في لاوف",
                "text": "جولة تبدأ من ساحة السوق وتمرّ بالورش ومعارض السيارات وشركات التقنية في "
                "البلدة القديمة ثم تعود إلى نقطة البداية.",
            },
            "en": {
                "title": "Crafts and technology in Lauf",
                "text": "A round from the market square through workshops, car dealers and "
                "technical companies of the old town, and back.",
            },
        },
        "sectors": ["Fahrzeug", "Gebäudetechnik", "Handwerk Bau", "Holz", "Metall/Elektro", "IT"],
        "start": MARKTPLATZ,
        "closed": True,
        "stations": 8,
        "languages": ("de", "ar", "en"),
    },
    {
        "texts": {
            "de": {
                "title": "Handel, Gesundheit und Service",
                "text": "Vom Bahnhof in die Innenstadt: Läden, Praxen, Salons und Restaurants, "
                "die ausbilden.",
            },
            "en": {
                "title": "Retail, health and service",
                "text": "From the station into the town centre: shops, practices, salons and "
                "restaurants that train apprentices.",
            },
        },
        "sectors": [
            "Kaufmännisch",
            "Gesundheit",
            "Körperpflege",
            "Gastronomie/Hotel",
            "Lebensmittel",
        ],
        "start": BAHNHOF,
        "closed": False,
        "stations": 7,
        "languages": ("de", "en"),
    },
]


def _network() -> StreetNetwork:
    network = StreetNetwork.objects.filter(city="lauf-an-der-pegnitz").first()
    if network is None or not resolve(network.file_path).exists():
        network = services.network_load(path=BUNDLED_EXTRACT, city_name=CITY)
    return network


def _places(rng: random.Random, network: StreetNetwork) -> list[AddressPoint]:
    """Addresses near the centre that lie on the walkable network, POIs first."""
    graph = graph_at(network.file_path)
    points = [p for p in address_points(BUNDLED_EXTRACT) if p["postcode"] in ("", POSTAL_CODE)]
    lat = np.array([p["lat"] for p in points], float)
    lon = np.array([p["lon"] for p in points], float)
    _nodes, snap = graph.snap(lat, lon)
    centre = np.hypot(lat - MARKTPLATZ[0], (lon - MARKTPLATZ[1]) * 0.65) * 111_000
    usable = [i for i in range(len(points)) if snap[i] < 60 and centre[i] < 1400]
    pois = [i for i in usable if points[i]["kind"] in KIND_SECTORS]
    plain = [i for i in usable if not points[i]["kind"]]
    rng.shuffle(pois)
    rng.shuffle(plain)
    chosen: list[AddressPoint] = []
    seen: set[tuple[str, str]] = set()
    for i in pois + plain:
        key = (points[i]["street"], points[i]["housenumber"])
        if key in seen:
            continue
        seen.add(key)
        chosen.append(points[i])
        if len(chosen) == COMPANIES:
            break
    return chosen


def _companies(
    rng: random.Random, office: Organisation, places: list[AddressPoint]
) -> list[Company]:
    plz = PostalCode.objects.get(code=POSTAL_CODE)
    occupations: dict[str, list[Occupation]] = {}
    for occ in Occupation.objects.filter(regulation="bbig").order_by("id"):
        occupations.setdefault(occ.sector, []).append(occ)
    # plain addresses get the sectors of the demo tours' themes
    spread = [s for spec in TOURS for s in spec["sectors"] if occupations.get(s)]
    created = []
    for number, place in enumerate(places):
        sector = KIND_SECTORS.get(str(place["kind"])) or spread[number % len(spread)]
        migrant = rng.random() < 0.4
        owner = rng.choice(data.MIGRANT_OWNERS if migrant else data.GERMAN_OWNERS)
        company = company_create(
            user=None,
            organisation=office,
            name=rng.choice(NAMES[sector]).format(n=owner),
            postal_code=plz,
            chamber="hwk" if sector in CHAMBER_HWK else "ihk",
            street=f"{place['street']} {place['housenumber']}",
            sector=sector,
            migrant_led=migrant,
            lat=round(float(place["lat"]), 6),
            lon=round(float(place["lon"]), 6),
            training_status="training",
            contact_name=f"{rng.choice(['Frau', 'Herr'])} {owner}",
            contact_email=f"jobwalk{number}@betrieb-lauf.example",
        )
        pool = occupations.get(sector, [])
        picks = rng.sample(pool, k=min(len(pool), rng.randint(1, 2)))
        services.participation_set(
            user=None,
            company=company,
            agreed_on=dt.date(2026, 9, 1) + dt.timedelta(days=rng.randint(0, 60)),
            visiting_times=rng.choice(
                ["Mo–Do 9–15 Uhr", "Di und Do 10–14 Uhr", "Mo–Fr 8–12 Uhr", "Mi 13–16 Uhr"]
            ),
            occupation_ids=[o.pk for o in picks],
        )
        created.append(company)
    return created


Quiz = tuple[str, list[str], int]  # question, answers, index of the correct one


def _station_texts(sector: str, languages: tuple[str, ...]) -> dict[str, tuple[str, Quiz]]:
    kind = "craft" if sector in CHAMBER_HWK or sector == "IT" else "service"
    order = ("de", "ar", "en")
    return {
        lang: (LEARN[kind][order.index(lang)], QUIZ[kind][order.index(lang)]) for lang in languages
    }


def _squared_distance(company: Company, lat: float, lon: float) -> float:
    if company.lat is None or company.lon is None:  # the demo's companies all have a place
        return math.inf
    return (company.lat - lat) ** 2 + ((company.lon - lon) * 0.65) ** 2


def _tours(rng: random.Random, office: Organisation, companies: list[Company]) -> int:
    made = 0
    for spec in TOURS:
        lat, lon, label = spec["start"]
        tour = services.tour_create(
            user=None,
            organisation=office,
            city_name=CITY,
            texts=spec["texts"],
            start_lat=lat,
            start_lon=lon,
            start_label=label,
            theme_sectors=spec["sectors"],
            return_to_start=spec["closed"],
            dwell_minutes=12,
        )
        fitting = [c for c in companies if c.sector in spec["sectors"]]
        fitting.sort(key=lambda c: _squared_distance(c, lat, lon))
        picks = fitting[: spec["stations"]]
        services.tour_set_stations(
            user=None, tour=tour, company_ids=[c.pk for c in picks], optimise=True
        )
        for station in tour.stations.select_related("company"):
            for lang, (learn, (question, answers, correct)) in _station_texts(
                station.company.sector, spec["languages"]
            ).items():
                services.station_set_content(
                    user=None,
                    station=station,
                    language=lang,
                    learn=learn,
                    question=question,
                    answers=answers,
                    correct=correct,
                )
        services.tour_publish(user=None, tour=tour)
        made += 1
    return made


def extend(rng: random.Random) -> dict[str, int]:
    office = Organisation.objects.filter(slug=OFFICE).first()
    if office is None or Tour.objects.filter(organisation=office, city="lauf-an-der-pegnitz"):
        return {}
    network = _network()
    companies = _companies(rng, office, _places(rng, network))
    tours = _tours(rng, office, companies)
    return {
        "jobwalk street nodes": network.node_count,
        "jobwalk companies": Participation.objects.filter(organisation=office).count(),
        "jobwalk tours": tours,
    }
