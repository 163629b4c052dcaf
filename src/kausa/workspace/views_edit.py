"""Editing a person and a company: their pages live here, and so does passing a new name on
to their cases (kausa.workspace.services)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.companies import selectors as company_selectors
from kausa.companies.forms import CompanyFieldsForm, company_changes, company_initial
from kausa.core.audit import audit
from kausa.core.forms import add_service_errors
from kausa.people import selectors as people_selectors
from kausa.people.forms import YoungPersonFieldsForm, young_person_initial
from kausa.workspace import services

# model field -> form field, where a service names a field differently from the form
PERSON_FORM_FIELDS = {"occupations_of_interest": "occupations"}


@advisor_required
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = people_selectors.young_person_get(user=request.user, pk=pk)
    if person.is_anonymised:
        raise Http404
    if request.method != "POST":
        audit(actor=request.user, action="view", obj=person, detail="edit form")
    form = YoungPersonFieldsForm(request.POST or None, initial=young_person_initial(person))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_update(
                user=request.user,
                person=person,
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                email=data["email"],
                phone=data["phone"],
                postal_code_id=data["postal_code"],
                german_level=data["german_level"],
                certificate=data["certificate"],
                year_of_arrival=data["year_of_arrival"],
                country_of_origin=data["country_of_origin"],
                gender=data["gender"],
                nationality=data["nationality"],
                residence_status=data["residence_status"],
                language_codes=[lang.code for lang in data["languages"]],
                occupation_ids=[o.pk for o in data["occupations"]],
            )
        except ValidationError as error:
            add_service_errors(form, error, PERSON_FORM_FIELDS)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("workspace:person_detail", pk=person.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "person": person}
    return render(request, "people/person_form.html", context, status=status)


@advisor_required
def company_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    company = company_selectors.company_get(user=request.user, pk=pk)
    if request.method != "POST":
        audit(actor=request.user, action="view", obj=company, detail="edit form")
    form = CompanyFieldsForm(request.POST or None, initial=company_initial(company))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.company_update(
                user=request.user,
                company=company,
                postal_code_id=data["postal_code"].code,
                **company_changes(data),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("workspace:company_detail", pk=company.pk)
    context = {
        "form": form,
        "company": company,
        "sectors": company_selectors.sector_suggestions(user=request.user),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "companies/company_form.html", context, status=status)
