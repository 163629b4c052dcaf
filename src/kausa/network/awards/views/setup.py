"""Staff pages to set awards up: awards, editions, categories, criteria and jurors.

Every page starts from a selector that scopes to the user's offices (another office's award
or edition is a 404) and looks its rows up through the edition, so a row of another edition
is a 404 too. The rules are in ``services.setup``; its errors go back on the forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.accounts.selectors import office_for_new_record, offices_acting_for
from kausa.network.awards import selectors
from kausa.network.awards.forms import (
    AwardForm,
    CategoryForm,
    CriterionForm,
    EditionForm,
    JurorForm,
)
from kausa.network.awards.services import setup as services
from kausa.network.models import Award, Category, Criterion, Edition, JurorAssignment
from kausa.network.view_helpers import add_errors

# Distinct element ids for the three add forms that share the edition page.
CATEGORY_IDS, CRITERION_IDS, JUROR_IDS = "category_%s", "criterion_%s", "juror_%s"


def _save(request: AuthenticatedRequest, form: Form, write: Callable[..., Any]) -> Any | None:
    """Run the service on a valid posted form; its errors go back on the form (None)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(**form.cleaned_data)
    except ValidationError as exc:
        add_errors(form, exc)
        return None


def _form_page(
    request: AuthenticatedRequest,
    form: Form,
    *,
    title: str,
    edition: Edition | None = None,
    intro: str = "",
    locked: str = "",
    refused: str = "",
) -> HttpResponse:
    """The form on a page of its own; ``locked`` explains fixed fields, ``refused`` replaces
    the form (nothing to submit)."""
    return render(
        request,
        "network/staff_award_form.html",
        {
            "form": form,
            "title": title,
            "edition": edition,
            "intro": intro,
            "locked": locked,
            "refused": refused,
        },
    )


def setup_context(edition: Edition) -> dict[str, Any]:
    """What the edition page shows to set the edition up (used by ``staff_edition``)."""
    setup = selectors.edition_setup(edition)
    return {
        "setup": setup,
        "jurors": setup.jurors,
        "category_form": CategoryForm(auto_id=CATEGORY_IDS),
        "criterion_form": CriterionForm(auto_id=CRITERION_IDS),
        "juror_form": JurorForm(auto_id=JUROR_IDS),
    }


def _back_to_edition(edition: Edition, anchor: str) -> HttpResponse:
    response = redirect("network:staff_edition", pk=edition.pk)
    response["Location"] += f"#{anchor}"
    return response


# --- awards ----------------------------------------------------------------------------------
@advisor_required
def staff_award_create(request: AuthenticatedRequest) -> HttpResponse:
    offices = offices_acting_for(user=request.user)
    form = AwardForm(request.POST or None, offices=offices)

    def write(**data: Any) -> Award | None:
        office = data.pop("office", None) or office_for_new_record(user=request.user)
        if office is None:  # a superuser without an office
            raise ValidationError(_("You work in no office."))
        return services.award_create(user=request.user, organisation=office, **data)

    award = _save(request, form, write)
    if award is not None:
        messages.success(request, _("The award was created. Now add its first edition."))
        return redirect("network:staff_edition_create", award_pk=award.pk)
    return _form_page(request, form, title=_("New award"))


@advisor_required
def staff_award_edit(request: AuthenticatedRequest, award_pk: int) -> HttpResponse:
    award = selectors.staff_award_get(user=request.user, pk=award_pk)
    form = AwardForm(
        request.POST or None,
        initial={"name": award.name, "slug": award.slug, "description": award.description},
    )

    def write(**data: Any) -> Award:
        return services.award_update(user=request.user, award=award, **data)

    if _save(request, form, write) is not None:
        messages.success(request, _("The award was saved."))
        return redirect("network:staff_editions")
    return _form_page(request, form, title=_("Edit award: %(name)s") % {"name": award.name})


# --- editions --------------------------------------------------------------------------------
def _new_edition_initial(award: Award) -> dict[str, Any]:
    latest = selectors.latest_edition(award)
    if latest is None:
        return {"year": timezone.localdate().year, "number": 1}
    return {"year": latest.year + 1, "number": latest.number + 1}


@advisor_required
def staff_edition_create(request: AuthenticatedRequest, award_pk: int) -> HttpResponse:
    award = selectors.staff_award_get(user=request.user, pk=award_pk)
    form = EditionForm(
        request.POST or None,
        initial=_new_edition_initial(award),
        ceremonies=selectors.ceremony_choices(organisation_id=award.organisation_id),
    )

    def write(**data: Any) -> Edition:
        return services.edition_create(user=request.user, award=award, **data)

    edition = _save(request, form, write)
    if edition is not None:
        messages.success(
            request, _("The edition was created. Now add its categories, criteria and jurors.")
        )
        return redirect("network:staff_edition", pk=edition.pk)
    return _form_page(request, form, title=_("New edition of %(award)s") % {"award": award.name})


@advisor_required
def staff_edition_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    edition = selectors.staff_edition_get(user=request.user, pk=pk)
    form = EditionForm(
        request.POST or None,
        initial=EditionForm.initial_for(edition),
        ceremonies=selectors.ceremony_choices(
            organisation_id=edition.organisation_id, current_id=edition.ceremony_id
        ),
    )

    def write(**data: Any) -> Edition:
        return services.edition_update(user=request.user, edition=edition, **data)

    if _save(request, form, write) is not None:
        messages.success(request, _("The edition was saved."))
        return redirect("network:staff_edition", pk=edition.pk)
    return _form_page(request, form, title=_("Edit the edition"), edition=edition)


# --- categories ------------------------------------------------------------------------------
@advisor_required
def staff_category_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    edition = selectors.staff_edition_get(user=request.user, pk=pk)
    form = CategoryForm(request.POST or None, auto_id=CATEGORY_IDS)

    def write(**data: Any) -> Category:
        return services.category_save(user=request.user, edition=edition, **data)

    if _save(request, form, write) is not None:
        messages.success(request, _("The category was added."))
        return _back_to_edition(edition, "categories")
    return _form_page(request, form, title=_("Add a category"), edition=edition)


@advisor_required
def staff_category_edit(request: AuthenticatedRequest, pk: int, category_pk: int) -> HttpResponse:
    edition = selectors.staff_edition_get(user=request.user, pk=pk)
    category = selectors.edition_category_get(edition=edition, pk=category_pk)
    form = CategoryForm(request.POST or None, initial=CategoryForm.initial_for(category))

    def write(**data: Any) -> Category:
        return services.category_save(user=request.user, edition=edition, category=category, **data)

    if _save(request, form, write) is not None:
        messages.success(request, _("The category was saved."))
        return _back_to_edition(edition, "categories")
    return _form_page(request, form, title=_("Edit category"), edition=edition)


@require_POST
@advisor_required
def staff_category_delete(request: AuthenticatedRequest, pk: int, category_pk: int) -> HttpResponse:
    edition = selectors.staff_edition_get(user=request.user, pk=pk)
    category = selectors.edition_category_get(edition=edition, pk=category_pk)
    try:
        services.category_delete(user=request.user, category=category)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The category was deleted."))
    return _back_to_edition(edition, "categories")


# --- criteria --------------------------------------------------------------------------------
@advisor_required
def staff_criterion_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    edition = selectors.staff_edition_get(user=request.user, pk=pk)
    form = CriterionForm(request.POST or None, auto_id=CRITERION_IDS)

    def write(**data: Any) -> Criterion:
        return services.criterion_save(user=request.user, edition=edition, **data)

    if _save(request, form, write) is not None:
        messages.success(request, _("The criterion was added."))
        return _back_to_edition(edition, "criteria")
    return _form_page(
        request,
        form,
        title=_("Add a criterion"),
        edition=edition,
        refused=selectors.criteria_locked_reason(edition),
    )


@advisor_required
def staff_criterion_edit(request: AuthenticatedRequest, pk: int, criterion_pk: int) -> HttpResponse:
    edition = selectors.staff_edition_get(user=request.user, pk=pk)
    criterion = selectors.edition_criterion_get(edition=edition, pk=criterion_pk)
    locked = selectors.criteria_locked_reason(edition)
    form = CriterionForm(
        request.POST or None, initial=CriterionForm.initial_for(criterion), locked=locked
    )

    def write(**data: Any) -> Criterion:
        return services.criterion_save(
            user=request.user, edition=edition, criterion=criterion, **data
        )

    if _save(request, form, write) is not None:
        messages.success(request, _("The criterion was saved."))
        return _back_to_edition(edition, "criteria")
    return _form_page(request, form, title=_("Edit criterion"), edition=edition, locked=locked)


@require_POST
@advisor_required
def staff_criterion_delete(
    request: AuthenticatedRequest, pk: int, criterion_pk: int
) -> HttpResponse:
    edition = selectors.staff_edition_get(user=request.user, pk=pk)
    criterion = selectors.edition_criterion_get(edition=edition, pk=criterion_pk)
    try:
        services.criterion_delete(user=request.user, criterion=criterion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The criterion was deleted."))
    return _back_to_edition(edition, "criteria")


# --- jurors ----------------------------------------------------------------------------------
@advisor_required
def staff_juror_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    edition = selectors.staff_edition_get(user=request.user, pk=pk)
    form = JurorForm(request.POST or None, auto_id=JUROR_IDS)

    def write(**data: Any) -> tuple[JurorAssignment, bool]:
        return services.juror_add(
            user=request.user,
            edition=edition,
            language=get_language() or "de",
            **data,
        )

    result = _save(request, form, write)
    if result is not None:
        assignment, created = result
        if created:
            messages.success(
                request,
                _(
                    "%(name)s is on the jury. An e-mail with a link to choose a password "
                    "went to %(email)s."
                )
                % {"name": assignment.user, "email": assignment.user.email},
            )
        else:
            messages.success(
                request,
                _("%(name)s is on the jury and finds the nominees under “Jury”.")
                % {"name": assignment.user},
            )
        return _back_to_edition(edition, "jurors")
    return _form_page(
        request,
        form,
        title=_("Add a juror"),
        edition=edition,
        intro=_(
            "Give the e-mail address of the juror's account. If the person has no account "
            "yet, also give their name: an account is created and the person gets an e-mail "
            "with a link to choose a password."
        ),
    )


@require_POST
@advisor_required
def staff_juror_delete(request: AuthenticatedRequest, pk: int, juror_pk: int) -> HttpResponse:
    edition = selectors.staff_edition_get(user=request.user, pk=pk)
    juror = selectors.edition_juror_get(edition=edition, pk=juror_pk)
    try:
        services.juror_remove(user=request.user, juror=juror)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s is no longer on the jury.") % {"name": juror.user})
    return _back_to_edition(edition, "jurors")
