"""The staff register: people who may hold devices, with or without a user account."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.core.exceptions import add_service_errors
from fairfleet.tenancy import perms, selectors, services
from fairfleet.tenancy.forms import PersonForm, SearchForm
from fairfleet.tenancy.views.common import form_page

# People lists are small (one organisation's staff): numbered pages are fine here.
PEOPLE_PAGE_SIZE = 50


@organisation_required(perms.can_view_organisation)
def person_list(request):
    search_form = SearchForm(request.GET)
    search = search_form.search()
    people = selectors.person_list(organisation=request.organisation, search=search)
    context = {
        "search_form": search_form,
        "search": search,
        "page": Paginator(people, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page")),
        "can_edit": perms.can_manage_people(request.membership),
    }
    return render(request, "tenancy/person_list.html", context)


@organisation_required(perms.can_manage_people)
def person_create(request):
    form = PersonForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, organisation=request.organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been added to the staff register.") % {"name": person.full_name})
            return redirect("tenancy:person_list")
    return form_page(
        request, form, title=_("New person"), submit_label=_("Add"), cancel_url=reverse("tenancy:person_list")
    )


@organisation_required(perms.can_manage_people)
def person_edit(request, public_id):
    person = selectors.get_person_for(request.organisation, public_id)
    form = PersonForm(request.POST or None, organisation=request.organisation, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            person.refresh_from_db()
        else:
            messages.success(request, _("The details of %(name)s have been saved.") % {"name": person.full_name})
            return redirect("tenancy:person_list")
    return form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": person.full_name},
        submit_label=_("Save"),
        cancel_url=reverse("tenancy:person_list"),
        extra={
            "archive_url": reverse("tenancy:person_archive", args=[person.public_id]),
            "archive_label": _("Archive this person"),
        },
    )


@require_POST
@organisation_required(perms.can_manage_people)
def person_archive(request, public_id):
    person = selectors.get_person_for(request.organisation, public_id)
    services.person_archive(actor=request.user, person=person)
    messages.success(request, _("%(name)s has been archived.") % {"name": person.full_name})
    return redirect("tenancy:person_list")
