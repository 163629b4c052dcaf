"""The search on the check-in page (name or typed code)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CheckinSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or check-in code"), max_length=100, required=False)
