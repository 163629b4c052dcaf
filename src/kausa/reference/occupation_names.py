"""Names of the most common occupations in the languages of the site.

The German short name (the key) stays the official name; these are the names young people
know from home, so that they find and recognise the occupation. Only the occupations marked
top_2024 in data/ausbildungsberufe.csv are translated; all others show their German name.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kausa.core.text import search_key

LANGUAGES = ("en", "ar", "fa", "tr", "uk", "ru")

OCCUPATION_NAMES: dict[str, dict[str, str]] = {
    "Anlagenmechaniker/in SHK": {
        "en": "Plumber and heating engineer",
        "ar": "فني سباكة وتدفئة وتكييف",
        "fa": "تأسیسات‌کار لوله‌کشی، گرمایش و تهویه",
        "tr": "Sıhhi tesisat, ısıtma ve klima tesisatçısı",
        "uk": "Сантехнік-монтажник систем опалення та кондиціонування",
        "ru": "Сантехник-монтажник систем отопления и кондиционирования",
    },
    "Bankkaufleute": {
        "en": "Bank clerk",
        "ar": "موظف بنك",
        "fa": "کارمند بانک",
        "tr": "Banka memuru",
        "uk": "Банківський службовець",
        "ru": "Банковский служащий",
    },
    "Elektroniker/in": {
        "en": "Electrician",
        "ar": "كهربائي",
        "fa": "برق‌کار",
        "tr": "Elektrik teknisyeni",
        "uk": "Електрик",
        "ru": "Электрик",
    },
    "Elektroniker/in für Betriebstechnik": {
        "en": "Industrial electrician",
        "ar": "كهربائي صناعي",
        "fa": "برق‌کار صنعتی",
        "tr": "Endüstriyel elektrik teknisyeni",
        "uk": "Промисловий електрик",
        "ru": "Промышленный электрик",
    },
    "Fachinformatiker/in": {
        "en": "IT specialist",
        "ar": "أخصائي تقنية المعلومات",
        "fa": "متخصص فناوری اطلاعات (IT)",
        "tr": "Bilişim uzmanı",
        "uk": "IT-фахівець",
        "ru": "IT-специалист",
    },
    "Fachkraft für Lagerlogistik": {
        "en": "Warehouse logistics specialist",
        "ar": "أخصائي لوجستيات المستودعات",
        "fa": "متخصص لجستیک انبار",
        "tr": "Depo lojistik uzmanı",
        "uk": "Фахівець зі складської логістики",
        "ru": "Специалист по складской логистике",
    },
    "Fachlagerist/in": {
        "en": "Warehouse clerk",
        "ar": "أمين مستودع",
        "fa": "انباردار",
        "tr": "Depocu",
        "uk": "Комірник",
        "ru": "Кладовщик",
    },
    "Friseur/in": {
        "en": "Hairdresser",
        "ar": "مصفف شعر (حلاق)",
        "fa": "آرایشگر",
        "tr": "Kuaför",
        "uk": "Перукар",
        "ru": "Парикмахер",
    },
    "Hotelfachleute": {
        "en": "Hotel specialist",
        "ar": "موظف فندقي",
        "fa": "کارمند هتل",
        "tr": "Otelcilik elemanı",
        "uk": "Фахівець готельної справи",
        "ru": "Специалист гостиничного дела",
    },
    "Industriekaufleute": {
        "en": "Industrial business clerk",
        "ar": "موظف تجاري في شركة صناعية",
        "fa": "کارمند بازرگانی صنعتی",
        "tr": "Sanayi ticaret elemanı",
        "uk": "Комерційний службовець промислового підприємства",
        "ru": "Коммерческий служащий промышленного предприятия",
    },
    "Industriemechaniker/in": {
        "en": "Industrial mechanic",
        "ar": "ميكانيكي صناعي",
        "fa": "مکانیک صنعتی",
        "tr": "Endüstriyel makine teknisyeni",
        "uk": "Промисловий механік",
        "ru": "Промышленный механик",
    },
    "Kaufleute für Büromanagement": {
        "en": "Office management clerk",
        "ar": "موظف إدارة مكتبية",
        "fa": "کارمند امور اداری",
        "tr": "Büro yönetimi elemanı",
        "uk": "Офіс-менеджер",
        "ru": "Офис-менеджер",
    },
    "Kaufleute für Groß- und Außenhandelsmanagement": {
        "en": "Wholesale and foreign trade clerk",
        "ar": "موظف تجارة الجملة والتجارة الخارجية",
        "fa": "کارمند بازرگانی عمده‌فروشی و تجارت خارجی",
        "tr": "Toptan ve dış ticaret elemanı",
        "uk": "Фахівець з оптової та зовнішньої торгівлі",
        "ru": "Специалист по оптовой и внешней торговле",
    },
    "Kaufleute für Spedition und Logistikdienstleistung": {
        "en": "Freight forwarding and logistics clerk",
        "ar": "موظف شحن وخدمات لوجستية",
        "fa": "کارمند حمل‌ونقل و خدمات لجستیک",
        "tr": "Nakliye ve lojistik elemanı",
        "uk": "Фахівець з експедирування та логістики",
        "ru": "Специалист по экспедированию и логистике",
    },
    "Kaufleute im Einzelhandel": {
        "en": "Retail clerk",
        "ar": "موظف تجارة التجزئة",
        "fa": "کارمند خرده‌فروشی",
        "tr": "Perakende ticaret elemanı",
        "uk": "Фахівець роздрібної торгівлі",
        "ru": "Специалист розничной торговли",
    },
    "Koch/Köchin": {
        "en": "Cook",
        "ar": "طباخ",
        "fa": "آشپز",
        "tr": "Aşçı",
        "uk": "Кухар",
        "ru": "Повар",
    },
    "Kfz-Mechatroniker/in": {
        "en": "Car mechanic",
        "ar": "ميكانيكي سيارات",
        "fa": "مکانیک خودرو",
        "tr": "Oto mekatronik teknisyeni",
        "uk": "Автомеханік",
        "ru": "Автомеханик",
    },
    "Maler/in und Lackierer/in": {
        "en": "Painter and decorator",
        "ar": "دهّان",
        "fa": "نقاش ساختمان",
        "tr": "Boyacı",
        "uk": "Маляр",
        "ru": "Маляр",
    },
    "Mechatroniker/in": {
        "en": "Mechatronics technician",
        "ar": "فني ميكاترونكس",
        "fa": "تکنسین مکاترونیک",
        "tr": "Mekatronik teknisyeni",
        "uk": "Мехатронік",
        "ru": "Мехатроник",
    },
    "Medizinische Fachangestellte (MFA)": {
        "en": "Medical assistant",
        "ar": "مساعد طبي",
        "fa": "دستیار پزشک",
        "tr": "Tıbbi asistan",
        "uk": "Медичний асистент",
        "ru": "Медицинский ассистент",
    },
    "Steuerfachangestellte/r": {
        "en": "Tax assistant",
        "ar": "مساعد في الاستشارات الضريبية",
        "fa": "کارمند امور مالیاتی",
        "tr": "Vergi bürosu elemanı",
        "uk": "Помічник податкового консультанта",
        "ru": "Помощник налогового консультанта",
    },
    "Tischler/in": {
        "en": "Carpenter",
        "ar": "نجار",
        "fa": "نجار",
        "tr": "Marangoz",
        "uk": "Столяр",
        "ru": "Столяр",
    },
    "Verkäufer/in": {
        "en": "Sales assistant",
        "ar": "بائع",
        "fa": "فروشنده",
        "tr": "Satış elemanı",
        "uk": "Продавець",
        "ru": "Продавец",
    },
    "Verwaltungsfachangestellte/r": {
        "en": "Public administration clerk",
        "ar": "موظف إداري في الإدارة العامة",
        "fa": "کارمند اداری بخش دولتی",
        "tr": "Kamu yönetimi memuru",
        "uk": "Службовець державного управління",
        "ru": "Служащий государственного управления",
    },
    "Zahnmedizinische Fachangestellte (ZFA)": {
        "en": "Dental assistant",
        "ar": "مساعد طبيب أسنان",
        "fa": "دستیار دندانپزشک",
        "tr": "Diş hekimi asistanı",
        "uk": "Асистент стоматолога",
        "ru": "Ассистент стоматолога",
    },
    "Zerspanungsmechaniker/in": {
        "en": "Machinist (CNC)",
        "ar": "خرّاط (فني تشغيل المعادن)",
        "fa": "تراشکار",
        "tr": "Talaşlı imalat teknisyeni (CNC)",
        "uk": "Токар-фрезерувальник",
        "ru": "Токарь-фрезеровщик",
    },
}


def _base_language(language: str | None) -> str:
    return (language or "de").replace("_", "-").split("-")[0].lower()


def _short_name(occupation: Any) -> str:
    """Short name of an Occupation, of a public offer dict's occupation, or a plain string."""
    if isinstance(occupation, str):
        return occupation
    if isinstance(occupation, dict):
        return str(occupation.get("short_name", ""))
    return str(getattr(occupation, "short_name", "") or "")


def occupation_label(occupation: Any, language: str | None) -> str:
    """The occupation's name in `language` ("ar", "ar-SY", ...), else its German short name."""
    short_name = _short_name(occupation)
    return OCCUPATION_NAMES.get(short_name, {}).get(_base_language(language), short_name)


@lru_cache(maxsize=1)
def _search_index() -> tuple[tuple[str, str], ...]:
    """(search key of a translated name, German short name), every language."""
    return tuple(
        (search_key(name), short_name)
        for short_name, names in OCCUPATION_NAMES.items()
        for name in names.values()
    )


def short_names_matching(key: str) -> tuple[set[str], set[str]]:
    """German short names whose translated names contain `key` (a kausa.core.text.search_key),
    and those whose translated names start with it."""
    contains: set[str] = set()
    starts: set[str] = set()
    if not key:
        return contains, starts
    for name, short_name in _search_index():
        if key in name:
            contains.add(short_name)
            if name.startswith(key):
                starts.add(short_name)
    return contains, starts
