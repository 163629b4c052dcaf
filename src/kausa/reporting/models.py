"""Yearly targets: the only records reporting keeps (every count comes from other apps)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Target(models.Model):
    """What an office means to reach in one year for one indicator (set by a coordinator
    or the office's admin; the funding agreement usually names these figures)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("office"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator"), max_length=40)
    value = models.PositiveIntegerField(_("target"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "indicator"], name="target_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year} {self.indicator}={self.value}"
