"""Texts of the network demo (German content as the offices would write it)."""

from __future__ import annotations

from typing import TypedDict


class AmbassadorSpec(TypedDict):
    office: str
    first_name: str
    status: str
    country: str
    show: bool
    company: str
    langs: tuple[str, ...]
    photo: bool
    offers: bool
    stories: dict[str, str]


class MaterialSpec(TypedDict):
    title: str
    description: str
    format: str
    audience: str
    public: bool
    topics: tuple[str, ...]
    # language -> a link, or (title, lines) of a handout made as PDF
    versions: dict[str, str | tuple[str, list[str]]]


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


NOMINATION_REASONS = [
    "Bildet seit drei Jahren junge Geflüchtete aus und begleitet sie bis zur Prüfung.",
    "Hat als erster Betrieb der Branche eine zweisprachige Ausbildung eingeführt.",
    "Hat nach der Gründung 2019 schon zwölf Arbeitsplätze geschaffen.",
    "Engagiert sich im Integrationsbeirat und organisiert Elternabende.",
    "Bietet jedes Jahr Praktika für Schülerinnen und Schüler der Regelschule an.",
    "Hat eine Auszubildende trotz Sprachhürden zum Abschluss mit Auszeichnung geführt.",
]


# --- ambassadors -----------------------------------------------------------------------------
AMBASSADORS: list[AmbassadorSpec] = [
    AmbassadorSpec(
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
    AmbassadorSpec(
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
    AmbassadorSpec(
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


# --- toolkit ---------------------------------------------------------------------------------
TOPICS = [
    ("ausbildungssystem", "Das duale Ausbildungssystem"),
    ("bewerbung", "Bewerbung"),
    ("elternabend", "Elternabende gestalten"),
    ("finanzierung", "Geld während der Ausbildung"),
    ("berufsorientierung", "Berufsorientierung"),
]


MATERIALS: list[MaterialSpec] = [
    MaterialSpec(
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
            "ar": (
                "التدريب المهني المزدوج: الأهم",
                [
                    "التدريب في الشركة وفي المدرسة المهنية",
                    "المدة: عادةً 3 سنوات",
                    "راتب من الشهر الأول",
                    "الامتحان أمام الغرفة",
                ],
            ),
            "fa": "https://www.make-it-in-germany.com/fa/",
        },
    ),
    MaterialSpec(
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
    MaterialSpec(
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
    MaterialSpec(
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
            "fa": (
                "پول در دوران آموزش",
                [
                    "حقوق دوران آموزش – حداقل حقوق",
                    "کمک هزینه آموزش حرفه‌ای – BAB",
                    "کمک هزینه فرزند تا ۲۵ سالگی",
                    "درخواست را به موقع ثبت کنید",
                ],
            ),
        },
    ),
    MaterialSpec(
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
    MaterialSpec(
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


# more language versions of some stories: index -> language -> (title, teaser, body)
EXTRA_TRANSLATIONS = {
    2: {
        "ar": (
            "أمسية لأولياء الأمور باللغة العربية في إرفورت",
            "أكثر من 40 من الآباء والأمهات تعرّفوا على نظام التدريب المهني المزدوج.",
            "أكثر من 40 من الآباء والأمهات تعرّفوا على **نظام التدريب المهني المزدوج**.\n\n"
            "- التدريب في الشركة وفي المدرسة المهنية\n- راتب من الشهر الأول\n"
            "- استشارة مجانية لدى مكتب KAUSA",
        )
    },
    8: {
        "tr": (
            "Veliler soruyor, stajyerler cevaplıyor",
            "Seyircilerden gelen sorularla bir akşam – Türkçe ve Almanca.",
            "Seyircilerden gelen sorularla bir akşam – **Türkçe ve Almanca**.",
        )
    },
}


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
