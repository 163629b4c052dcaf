from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kausa.accounts.http import AuthenticatedRequest
from kausa.accounts.permissions import advisor_required
from kausa.core.forms import add_service_errors
from kausa.core.pagination import page_of
from kausa.people import selectors, services
from kausa.people.duplicates import Match
from kausa.people.forms import YoungPersonForm
from kausa.people.models import YoungPerson
from kausa.people.reasons import duplicate_rows

PAGE_SIZE = 25


@advisor_required
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    people = selectors.young_person_list(user=request.user, query=query)
    page = page_of(people, request.GET.get("page"), PAGE_SIZE)
    return render(request, "people/person_list.html", {"page": page, "query": query})


@advisor_required
def person_create(request: AuthenticatedRequest) -> HttpResponse:
    organisations = selectors.offices_for_new_person(user=request.user)
    form = YoungPersonForm(request.POST or None, organisations=organisations)
    duplicates: list[tuple[YoungPerson, Match]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not request.POST.get("save_anyway"):
            duplicates = selectors.duplicates_of_new_person(
                user=request.user,
                organisation_id=data["organisation"].pk,
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                phone=data["phone"],
                email=data["email"],
            )
        if duplicates:
            # "probably the same person": open the record or save anyway (nothing saved yet)
            context = {"form": form, "duplicates": duplicate_rows(duplicates)}
            return render(request, "people/person_form.html", context)
        try:
            person = services.young_person_create_with_consent(
                user=request.user,
                organisation=data["organisation"],
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
                consent_language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            add_service_errors(form, error, {"occupations_of_interest": "occupations"})
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            return redirect("workspace:person_detail", pk=person.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "people/person_form.html", {"form": form}, status=status)
