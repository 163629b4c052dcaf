"""Demo content of matching: a few requests from the public offer pages (with consent)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from kausa.accounts.models import Organisation
from kausa.companies.models import Offer
from kausa.matching.models import AdvisorRequest
from kausa.matching.services import CONSENT_TEXT_VERSION

VISITORS = [
    ("Rama A.", "ar", "Ich möchte mich bewerben, aber mein Deutsch ist B1."),
    ("Oleksandr K.", "uk", "Brauche ich eine Anerkennung meines Zeugnisses?"),
    ("Emre Y.", "tr", ""),
    ("Zahra M.", "fa", "Kann ich auch im September anfangen?"),
    ("Daria P.", "ru", "Bitte rufen Sie mich nachmittags an."),
]


def extend(rng: random.Random) -> dict[str, int]:
    if AdvisorRequest.objects.exists():
        return {}
    created = 0
    for slug in ("ls-berlin", "ss-jena", "ss-hamburg"):
        org = Organisation.objects.filter(slug=slug).first()
        if org is None:
            continue
        offers = list(Offer.objects.filter(organisation=org, status="open").order_by("id")[:50])
        for name, language, message in rng.sample(VISITORS, 3) if offers else []:
            AdvisorRequest.objects.create(
                organisation=org,
                offer=rng.choice(offers),
                name=name,
                phone=f"+49 15{rng.randint(1, 9)} {rng.randint(1000000, 9999999)}",
                message=message,
                language=language,
                consent_given_at=timezone.now() - dt.timedelta(days=rng.randint(0, 20)),
                consent_text_version=CONSENT_TEXT_VERSION,
            )
            created += 1
    return {"advisor requests": created}
