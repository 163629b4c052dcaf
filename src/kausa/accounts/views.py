from __future__ import annotations

import base64
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from kausa.accounts import services
from kausa.accounts.forms import LoginForm, RequireTwoFactorForm, TotpConfirmForm
from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.selectors import (
    administered_office_get,
    offices_administered_by,
    pending_totp_device,
    two_factor_required_for,
)
from kausa.core.http import parse_int
from kausa.core.links import site_url


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        if isinstance(form, LoginForm) and form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset flow; the link in the mail is on KAUSA_SITE_URL, not the request's host."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/mail/password_reset.txt"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self) -> dict[str, str]:
        return {"site_url": site_url()}


class LogoutView(auth_views.LogoutView):
    """Logging out also empties what pages kept in the browser (e.g. the door list)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


def _qr_data_uri(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@login_required
def security(request: AuthenticatedRequest) -> HttpResponse:
    """Two-factor login for oneself, and the organisation's rule for its admins."""
    user = request.user
    pending = pending_totp_device(user=user)
    confirm_form = TotpConfirmForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "start":
            services.totp_device_start(user=user)
            return redirect("accounts:security")
        if action == "confirm":
            confirm_form = TotpConfirmForm(request.POST)
            if confirm_form.is_valid():
                device = services.totp_device_confirm(
                    user=user, token=confirm_form.cleaned_data["token"]
                )
                if device is not None:
                    otp_login(request, device)
                    messages.success(request, _("Two-factor login is now on."))
                    return redirect("accounts:security")
                confirm_form.add_error("token", _("The code is not correct or has expired."))
        if action == "require":
            org = administered_office_get(
                user=user, pk=parse_int(request.POST.get("organisation"), minimum=1)
            )
            if org is not None:
                form = RequireTwoFactorForm(request.POST)
                form.is_valid()
                services.organisation_require_two_factor(
                    user=user, organisation=org, require=form.cleaned_data.get("require", False)
                )
                messages.success(request, _("Saved."))
                return redirect("accounts:security")
    admin_orgs = offices_administered_by(user=user)
    return render(
        request,
        "accounts/security.html",
        {
            "has_device": user_has_device(user),
            "pending": pending,
            "qr": _qr_data_uri(pending) if pending else "",
            "secret": base64.b32encode(pending.bin_key).decode() if pending else "",
            "confirm_form": confirm_form,
            "required": two_factor_required_for(user=user),
            "verified": user.is_verified(),
            "admin_orgs": admin_orgs,
        },
        status=400 if confirm_form.errors else 200,
    )
