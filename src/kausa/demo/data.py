"""Name pools and settings for the reproducible demo data."""

from __future__ import annotations

DEMO_PASSWORD = "Kausa-Demo-2026"  # noqa: S105  (demo only; `kausa demo` refuses production)

# (slug, name, kind, state, city, parent slug)
OFFICES = [
    ("ls-berlin", "KAUSA Landesstelle Berlin", "landesstelle", "BE", "Berlin", None),
    ("ls-thueringen", "KAUSA Landesstelle Thüringen", "landesstelle", "TH", "Erfurt", None),
    ("ss-jena", "KAUSA Servicestelle Jena", "servicestelle", "TH", "Jena", "ls-thueringen"),
    ("ss-hamburg", "KAUSA Servicestelle Hamburg", "servicestelle", "HH", "Hamburg", None),
    ("ss-bonn", "KAUSA Servicestelle Bonn", "servicestelle", "NW", "Bonn", None),
    ("ss-augsburg", "KAUSA Servicestelle Augsburg", "servicestelle", "BY", "Augsburg", None),
]
# the offices' public contact data: slug -> (street, postal code, phone, e-mail, hours,
# website); invented addresses, phone numbers from the ranges kept free for film and
# fiction where a city has one
OFFICE_CONTACTS = {
    "ls-berlin": (
        "Alte Jakobstraße 85",
        "10179",
        "030 23125 410",
        "landesstelle.berlin@kausa.example",
        "Mo–Do 9–17 Uhr, Fr 9–14 Uhr; Beratung auch nach Vereinbarung",
        "https://berlin.kausa.example/",
    ),
    "ls-thueringen": (
        "Juri-Gagarin-Ring 152",
        "99084",
        "0361 6010 2200",
        "landesstelle.thueringen@kausa.example",
        "Mo–Do 8:30–16 Uhr, Fr 8:30–12 Uhr",
        "",
    ),
    "ss-jena": (
        "Löbdergraben 12",
        "07743",
        "03641 4710 330",
        "servicestelle.jena@kausa.example",
        "Di und Do 10–18 Uhr, offene Sprechstunde Mi 14–17 Uhr",
        "",
    ),
    "ss-hamburg": (
        "Besenbinderhof 60",
        "20097",
        "040 66969 120",
        "servicestelle.hamburg@kausa.example",
        "Mo–Fr 9–16 Uhr; Sprechstunde für Eltern Do 16–19 Uhr",
        "https://hamburg.kausa.example/",
    ),
    "ss-bonn": (
        "Kölnstraße 47",
        "53111",
        "0228 9690 4710",
        "servicestelle.bonn@kausa.example",
        "Mo–Do 9–16 Uhr, Fr nach Vereinbarung",
        "",
    ),
    "ss-augsburg": (
        "Bahnhofstraße 18",
        "86150",
        "0821 4550 7710",
        "servicestelle.augsburg@kausa.example",
        "Mo, Mi, Do 9–17 Uhr; Di 13–19 Uhr",
        "",
    ),
}
PARTNERS = [
    ("jba-berlin-mitte", "Jugendberufsagentur Berlin Mitte", "jba", "BE", "Berlin"),
    (
        "bsk-berlin",
        "Sprachschule Brücke Berlin (BAMF-Kursträger)",
        "language_provider",
        "BE",
        "Berlin",
    ),
]
# share of the demo's people and companies per office
OFFICE_WEIGHTS = {
    "ls-berlin": 0.28,
    "ls-thueringen": 0.16,
    "ss-jena": 0.12,
    "ss-hamburg": 0.18,
    "ss-bonn": 0.13,
    "ss-augsburg": 0.13,
}

# (e-mail, name, organisation slug, role, admin access)
USERS = [
    ("advisor@kausa.example", "Leyla Demir", "ls-berlin", "advisor", True),
    ("advisor.jena@kausa.example", "Jonas Richter", "ss-jena", "advisor", True),
    ("berater.erfurt@kausa.example", "Mariam Ahmadi", "ls-thueringen", "advisor", True),
    ("berater.hamburg@kausa.example", "Deniz Arslan", "ss-hamburg", "advisor", True),
    ("berater.bonn@kausa.example", "Anna Becker", "ss-bonn", "advisor", True),
    ("berater.augsburg@kausa.example", "Tobias Huber", "ss-augsburg", "advisor", True),
    ("coordinator@kausa.example", "Katrin Vogel", "ls-thueringen", "coordinator", False),
    ("orgadmin@kausa.example", "Samir Haddad", "ls-berlin", "org_admin", True),
    ("partner@kausa.example", "Olena Kovalenko", "jba-berlin-mitte", "partner", False),
]
SUPERUSER = ("admin@kausa.example", "Kausa Administration")

# origin -> (country, languages, first names, last names)
ORIGINS = {
    "syria": (
        "Syrien",
        ["ar"],
        [
            "Ahmad",
            "Omar",
            "Rama",
            "Lina",
            "Yousef",
            "Nour",
            "Hamza",
            "Aya",
            "Khaled",
            "Sara",
            "Mahmoud",
            "Hiba",
        ],
        ["Haddad", "Al-Hassan", "Khalil", "Nasser", "Suleiman", "Darwish", "Hamdan"],
    ),
    "afghanistan": (
        "Afghanistan",
        ["fa", "ps"],
        [
            "Ali",
            "Mariam",
            "Farid",
            "Zahra",
            "Reza",
            "Fatima",
            "Hamid",
            "Parisa",
            "Sohrab",
            "Nilofar",
        ],
        ["Ahmadi", "Rahimi", "Hosseini", "Karimi", "Noori", "Sultani"],
    ),
    "turkey": (
        "Türkei",
        ["tr"],
        ["Emre", "Elif", "Can", "Zeynep", "Burak", "Ayşe", "Mert", "Esra", "Yusuf", "Derya"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın", "Öztürk"],
    ),
    "ukraine": (
        "Ukraine",
        ["uk", "ru"],
        ["Oleksandr", "Daria", "Maksym", "Sofiia", "Artem", "Anastasiia", "Bohdan", "Yuliia"],
        ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchenko"],
    ),
    "eritrea": (
        "Eritrea",
        ["ti"],
        ["Yonas", "Selam", "Dawit", "Helen", "Filmon", "Senait"],
        ["Tesfay", "Gebremedhin", "Haile", "Berhane", "Kidane"],
    ),
    "iraq": (
        "Irak",
        ["ku", "ar"],
        ["Dilan", "Rojin", "Baran", "Shilan", "Azad", "Berivan"],
        ["Ibrahim", "Mustafa", "Rashid", "Hussein", "Aziz"],
    ),
    "somalia": (
        "Somalia",
        ["so"],
        ["Abdi", "Hodan", "Mohamed", "Amina", "Liban"],
        ["Warsame", "Abdullahi", "Farah", "Hassan"],
    ),
    "poland": (
        "Polen",
        ["pl"],
        ["Jakub", "Zuzanna", "Kacper", "Julia", "Szymon"],
        ["Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamiński"],
    ),
    "romania": (
        "Rumänien",
        ["ro"],
        ["Andrei", "Ioana", "Mihai", "Elena", "Stefan"],
        ["Popescu", "Ionescu", "Dumitru", "Stan"],
    ),
    "vietnam": (
        "Vietnam",
        ["vi"],
        ["Minh", "Linh", "Tuan", "Huong", "Nam"],
        ["Nguyen", "Tran", "Le", "Pham"],
    ),
    "germany": (
        "",
        ["de", "tr"],
        ["Leon", "Mia", "Deniz", "Aylin", "Luca", "Hannah"],
        ["Özdemir", "Arslan", "Koch", "Schmidt", "Polat"],
    ),
}
ORIGIN_WEIGHTS = {
    "syria": 22,
    "afghanistan": 15,
    "turkey": 14,
    "ukraine": 16,
    "eritrea": 6,
    "iraq": 7,
    "somalia": 3,
    "poland": 5,
    "romania": 4,
    "vietnam": 3,
    "germany": 5,
}
GERMAN_LEVELS = {"none": 3, "A1": 6, "A2": 14, "B1": 34, "B2": 28, "C1": 12, "C2": 3}
CERTIFICATES = {
    "none": 6,
    "first": 22,
    "first_extended": 10,
    "intermediate": 24,
    "fhr": 5,
    "abitur": 6,
    "foreign_recognised": 10,
    "foreign_unrecognised": 17,
}

# sector -> name patterns of companies ({n} = owner's last name)
COMPANY_PATTERNS = {
    "Fahrzeug": ["Kfz-Service {n}", "{n} Autotechnik GmbH", "Autohaus {n}"],
    "Metall/Elektro": ["Elektro {n} GmbH", "{n} Metallbau", "Elektrotechnik {n} & Söhne"],
    "Kaufmännisch": ["{n} Handels GmbH", "Supermarkt {n}", "{n} Import-Export"],
    "Gastronomie/Hotel": ["Restaurant {n}", "Hotel {n}", "{n} Catering"],
    "Gesundheit": ["Praxis Dr. {n}", "Zahnarztpraxis {n}", "Apotheke {n}"],
    "Logistik": ["{n} Logistik GmbH", "Spedition {n}", "{n} Kurierdienst"],
    "Lebensmittel": ["Bäckerei {n}", "Konditorei {n}", "Fleischerei {n}"],
    "Körperpflege": ["Friseursalon {n}", "Barbershop {n}", "Kosmetikstudio {n}"],
    "Handwerk Bau": ["{n} Bau GmbH", "Fliesen {n}", "Malerbetrieb {n}"],
    "Gebäudetechnik": ["{n} Haustechnik", "Sanitär {n} GmbH", "Heizung & Bad {n}"],
    "IT": ["{n} IT-Systeme", "{n} Software GmbH", "Netzwerk {n}"],
}
MIGRANT_OWNERS = [
    "Yılmaz",
    "Haddad",
    "Nguyen",
    "Kaya",
    "Ahmadi",
    "Kovalenko",
    "Öztürk",
    "Al-Hassan",
    "Popescu",
    "Nowak",
    "Tesfay",
    "Ibrahim",
    "Aydın",
    "Rahimi",
    "Demir",
    "Khalil",
    "Tran",
    "Çelik",
    "Hosseini",
    "Melnyk",
]
GERMAN_OWNERS = [
    "Schneider",
    "Müller",
    "Weber",
    "Becker",
    "Hoffmann",
    "Schulz",
    "Wagner",
    "Krüger",
    "Hartmann",
    "Lange",
    "Werner",
    "Köhler",
    "Fischer",
    "Zimmermann",
]
COMPANY_LANGUAGES = {
    "Yılmaz": "tr",
    "Kaya": "tr",
    "Öztürk": "tr",
    "Aydın": "tr",
    "Demir": "tr",
    "Çelik": "tr",
    "Haddad": "ar",
    "Al-Hassan": "ar",
    "Khalil": "ar",
    "Ibrahim": "ar",
    "Nguyen": "vi",
    "Tran": "vi",
    "Ahmadi": "fa",
    "Rahimi": "fa",
    "Hosseini": "fa",
    "Kovalenko": "uk",
    "Melnyk": "uk",
    "Popescu": "ro",
    "Nowak": "pl",
    "Tesfay": "ti",
}
STREETS = [
    "Hauptstraße",
    "Bahnhofstraße",
    "Schulstraße",
    "Gartenstraße",
    "Industriestraße",
    "Lindenallee",
    "Marktplatz",
    "Am Hafen",
    "Kirchweg",
    "Ringstraße",
    "Gewerbepark",
    "Friedrichstraße",
    "Mühlenweg",
    "Berliner Straße",
    "Goethestraße",
]
