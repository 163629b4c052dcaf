"""Reference catalogues: postal codes, districts, occupations, KldB, languages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """A Kreis or kreisfreie Stadt, keyed by its 5-digit AGS."""

    ags = models.CharField(_("AGS"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    state_code = models.CharField(_("federal state"), max_length=2, db_index=True)
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["ags"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ags})"


class PostalCode(models.Model):
    code = models.CharField(_("postal code"), max_length=5, primary_key=True)
    place = models.CharField(_("place"), max_length=120)
    places = models.CharField(_("all places"), max_length=2000, blank=True)
    state = models.CharField(_("federal state"), max_length=40, blank=True)
    state_code = models.CharField(max_length=2, blank=True, db_index=True)
    district_name = models.CharField(_("district"), max_length=120, blank=True)
    district_ags = models.CharField(_("district AGS"), max_length=5, blank=True, db_index=True)
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.place}"


class KldbGroup(models.Model):
    """One node of the KldB 2010 hierarchy (levels 1–5)."""

    class Level(models.IntegerChoices):
        BEREICH = 1, _("Berufsbereich")
        HAUPTGRUPPE = 2, _("Berufshauptgruppe")
        GRUPPE = 3, _("Berufsgruppe")
        UNTERGRUPPE = 4, _("Berufsuntergruppe")
        GATTUNG = 5, _("Berufsgattung")

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(_("short title"), max_length=300)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("KldB group")
        verbose_name_plural = _("KldB groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.short_title}"


class Occupation(models.Model):
    class Regulation(models.TextChoices):
        BBIG = "bbig", _("Dual training (BBiG/HwO)")
        HEALTH = "health", _("Health profession (own law)")

    name = models.CharField(_("official name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=120)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"))
    chamber = models.CharField(_("responsible body"), max_length=12)
    sector = models.CharField(_("sector"), max_length=60, db_index=True)
    kldb = models.ForeignKey(
        KldbGroup, verbose_name=_("KldB code"), on_delete=models.PROTECT, related_name="+"
    )
    is_common = models.BooleanField(_("among the most common"), default=False)
    regulation = models.CharField(max_length=8, choices=Regulation.choices, default="bbig")
    search_text = models.CharField(max_length=400, editable=False, db_index=True)
    # {"en": "Cook", "ar": "طباخ", ...}: the names young people know (German: short_name)
    names = models.JSONField(_("name per language"), default=dict, blank=True, editable=False)
    # {"de": "...", "en": "...", ...}: a plain-language description (the common occupations)
    descriptions = models.JSONField(
        _("description per language"), default=dict, blank=True, editable=False
    )
    # "|key|key|": every translated name as kausa.reference.occupation_names.name_key
    names_search = models.TextField(default="", blank=True, editable=False)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    @property
    def kldb_group_code(self) -> str:
        """Berufsgruppe (3 digits), the level used for 'same field' matching."""
        return self.kldb_id[:3]

    @property
    def kldb_area_code(self) -> str:
        return self.kldb_id[:1]


class OccupationGroup(models.Model):
    """A field of work a young person understands ("Cars & vehicles"), to choose interests by;
    it covers the occupations whose KldB code starts with one of its prefixes."""

    key = models.SlugField(_("key"), max_length=40, primary_key=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    names = models.JSONField(_("name per language"), default=dict)  # {"de": ..., "en": ...}
    kldb_prefixes = models.JSONField(_("KldB codes it covers"), default=list)

    class Meta:
        verbose_name = _("occupation group")
        verbose_name_plural = _("occupation groups")
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return str(self.names.get("de") or self.key)


class Language(models.Model):
    code = models.CharField(_("ISO 639-1"), max_length=2, primary_key=True)
    name_en = models.CharField(_("English name"), max_length=80)
    name_de = models.CharField(_("German name"), max_length=80)
    native_name = models.CharField(_("native name"), max_length=80)
    rtl = models.BooleanField(_("right to left"), default=False)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name_de"]

    def __str__(self) -> str:
        return f"{self.name_de} ({self.native_name})"


class OccupationAlias(models.Model):
    """A name staff taught the occupation import ("Servicekaufmann/-frau im Luftverkehr"),
    consulted after the catalogue's names and the bundled alias file."""

    alias = models.CharField(_("name as written"), max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("occupation alias")
        verbose_name_plural = _("occupation aliases")
        ordering = ["alias"]

    def __str__(self) -> str:
        return f"{self.alias} → {self.occupation}"
