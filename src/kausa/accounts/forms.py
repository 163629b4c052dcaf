from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        # The same answer for an unknown address and a wrong password.
        "invalid_login": _("E-mail address or password is not correct."),
        "inactive": _("E-mail address or password is not correct."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()
