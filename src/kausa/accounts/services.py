"""Writes for accounts: two-factor devices, the organisation's 2FA rule, accounts for others."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from kausa.accounts.models import User, postal_ranges
from kausa.accounts.tenancy import access_for
from kausa.core.audit import audit

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation


def totp_device_start(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed device; an earlier unconfirmed one is replaced."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, token: str) -> TOTPDevice | None:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


@transaction.atomic
def organisation_require_two_factor(
    *, user: User, organisation: Organisation, require: bool
) -> Organisation:
    if organisation.pk not in access_for(user).admin_orgs:
        raise PermissionDenied("Only the organisation's admins decide this.")
    organisation.require_two_factor = require
    organisation.save(update_fields=["require_two_factor"])
    audit(
        actor=user,
        action="update",
        organisation_id=organisation.pk,
        object_type="accounts.organisation",
        object_id=str(organisation.pk),
        detail=f"require_two_factor={require}",
    )
    return organisation


@transaction.atomic
def user_create_without_password(
    *, email: str, full_name: str, preferred_language: str = "de"
) -> User:
    """An active account whose password is unusable: nobody can log in with it until a
    password is set (Kausa sends no invitation mail). Callers write their own audit entry,
    in the organisation that asked for the account."""
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("There is already an account with this address.")})
    return User.objects.create_user(
        email, None, full_name=full_name.strip(), preferred_language=preferred_language
    )


def invitation_send(*, user: User, inviter: str, purpose: str) -> None:
    """Mail a new account holder a link to choose their first password.

    The link is Django's password-reset link (one use, PASSWORD_RESET_TIMEOUT); it works
    for an account without a usable password, which the reset form itself skips.
    """
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from kausa.core.links import absolute_reverse

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with translation.override(user.preferred_language or "de"):
        context = {
            "name": user.full_name or user.email,
            "inviter": inviter,
            "purpose": purpose,
            "email": user.email,
            "link": absolute_reverse("accounts:password_reset_confirm", uidb64=uid, token=token),
            "login": absolute_reverse("accounts:login"),
        }
        subject = render_to_string("accounts/mail/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/mail/invitation.txt", context)
    send_mail(subject, body, None, [user.email])


CONTACT_FIELDS = (
    "street",
    "postal_code",
    "city",
    "phone",
    "public_email",
    "opening_hours",
    "website",
    "languages_spoken",
    "serves_postal_codes",
)


@transaction.atomic
def office_contact_update(*, user: User, office: Organisation, **changes: object) -> list[str]:
    """The office's public contact page, kept by its admin (or a superuser); audited with
    the names of the changed fields. Returns them."""
    access = access_for(user)
    if not (access.is_superuser or office.pk in access.admin_orgs):
        raise PermissionDenied("Only the office's admin keeps its contact page.")
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"office_contact_update() cannot change {sorted(unknown)}")
    serves = str(changes.get("serves_postal_codes", office.serves_postal_codes))
    try:
        postal_ranges(serves)
    except ValueError as error:
        raise ValidationError(
            {
                "serves_postal_codes": _(
                    "“%(part)s” is not a postal code or a range like 10115-12689."
                )
                % {"part": error.args[0]}
            }
        ) from error
    changed = [name for name, value in changes.items() if getattr(office, name) != value]
    for name in changed:
        setattr(office, name, changes[name])
    if changed:
        office.full_clean(exclude=["parent"])
        office.save(update_fields=changed)
        audit(
            actor=user,
            action="update",
            organisation_id=office.pk,
            object_type="accounts.organisation",
            object_id=str(office.pk),
            detail="contact page: " + ", ".join(changed),
        )
    return changed
