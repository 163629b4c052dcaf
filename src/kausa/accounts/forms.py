from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=8,
        help_text=_("Only if you use two-factor login."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    error_messages = {
        # The same answer for an unknown address and a wrong password.
        "invalid_login": _("E-mail address or password is not correct."),
        "inactive": _("E-mail address or password is not correct."),
        "otp_required": _("Please enter the code from your authenticator app."),
        "otp_invalid": _("The code is not correct or has expired."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.otp_device = None

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            token = (self.cleaned_data.get("otp_token") or "").strip()
            if not token:
                raise forms.ValidationError(self.error_messages["otp_required"], "otp_required")
            self.otp_device = match_token(user, token)
            if self.otp_device is None:
                raise forms.ValidationError(self.error_messages["otp_invalid"], "otp_invalid")
        return cleaned


class TotpConfirmForm(forms.Form):
    token = forms.CharField(
        label=_("Code shown in the app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class RequireTwoFactorForm(forms.Form):
    require = forms.BooleanField(
        label=_("All members of my organisation must use two-factor login"), required=False
    )
