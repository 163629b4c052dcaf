"""Shared scales: CEFR language levels and school certificates (see GLOSSARY.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class GermanLevel(models.TextChoices):
    NONE = "none", _("none / not known")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"

    @classmethod
    def rank(cls, value: str) -> int:
        """0 for none, 1 for A1 … 6 for C2."""
        return [c.value for c in cls].index(value)


class SchoolCertificate(models.TextChoices):
    NONE = "none", _("no certificate")
    FIRST = "first", _("ESA / Hauptschulabschluss")
    FIRST_EXTENDED = "first_extended", _("eESA / qualifizierender Hauptschulabschluss")
    INTERMEDIATE = "intermediate", _("MSA / Realschulabschluss")
    FHR = "fhr", _("Fachhochschulreife")
    ABITUR = "abitur", _("Abitur")
    FOREIGN_RECOGNISED = "foreign_recognised", _("foreign certificate, recognised")
    FOREIGN_UNRECOGNISED = "foreign_unrecognised", _("foreign certificate, not (yet) recognised")


class RequiredCertificate(models.TextChoices):
    NONE = "none", _("no requirement")
    FIRST = "first", _("ESA / Hauptschulabschluss")
    INTERMEDIATE = "intermediate", _("MSA / Realschulabschluss")
    FHR = "fhr", _("Fachhochschulreife")
    ABITUR = "abitur", _("Abitur")


class Gender(models.TextChoices):
    """As the person states it; ESF+ and funders ask for women, men and diverse."""

    NOT_STATED = "", _("not stated")
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    DIVERSE = "diverse", _("diverse")


class Nationality(models.TextChoices):
    """Nationality group (not the migration background: German citizens are included)."""

    NOT_STATED = "", _("not stated")
    GERMAN = "german", _("German (also with a second nationality)")
    EU = "eu", _("other EU / EEA / Swiss")
    THIRD_COUNTRY = "third_country", _("third country")
    STATELESS = "stateless", _("stateless or unclear")


class ResidenceStatus(models.TextChoices):
    """Residence status group (GLOSSARY: Legal status and residence)."""

    NOT_STATED = "", _("not stated")
    NOT_NEEDED = "not_needed", _("none needed (German, EU)")
    SETTLEMENT = "settlement", _("settlement permit")
    PERMIT = "permit", _("residence permit")
    TRAINING_PERMIT = "training_permit", _("residence permit for training (§ 16g)")
    GESTATTUNG = "gestattung", _("permission to stay (asylum procedure)")
    DULDUNG = "duldung", _("Duldung")
    AUSBILDUNGSDULDUNG = "ausbildungsduldung", _("Ausbildungsduldung (§ 60c)")
    OTHER = "other", _("other")
