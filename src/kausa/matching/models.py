"""Matching's own records: requests from the public offer page to talk to an advisor."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.models import TenantOwned


class AdvisorRequest(TenantOwned):
    """A visitor of a public offer asked to be contacted by the responsible office.

    Stored only with consent. Belongs to the organisation that owns the offer. (To become
    a follow-up of the counselling app once that exists.)
    """

    # personal data: exported and erased by <app>/privacy.py (kausa.privacy.registry)
    PERSONAL_FIELDS = ("name", "email", "phone", "postal_code", "message")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        DONE = "done", _("done")

    offer = models.ForeignKey(
        "companies.Offer",
        verbose_name=_("offer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    language = models.CharField(_("language of the visitor"), max_length=8, default="de")
    consent_given_at = models.DateTimeField(_("consent given at"))
    consent_text_version = models.CharField(_("version of the consent text"), max_length=20)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.NEW, db_index=True
    )

    class Meta:
        verbose_name = _("advisor request")
        verbose_name_plural = _("advisor requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="", phone=""), name="advisor_request_has_contact"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.offer_id}"
