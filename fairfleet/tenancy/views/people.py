"""The staff register: people who may hold devices, with or without a user account."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.tenancy import perms, selectors, services
from fairfleet.tenancy.forms import PersonForm, SearchForm
from fairfleet.tenancy.views.common import save_or_show

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
    return save_or_show(
        request,
        PersonForm(request.POST or None, organisation=request.organisation),
        write=lambda data: services.person_create(actor=request.user, organisation=request.organisation, **data),
        success=lambda person: (
            _("%(name)s has been added to the staff register.") % {"name": person.full_name},
            reverse("tenancy:person_list"),
        ),
        title=_("New person"),
        submit_label=_("Add"),
        cancel_url=reverse("tenancy:person_list"),
    )


@organisation_required(perms.can_manage_people)
def person_edit(request, public_id):
    person = selectors.get_person_for(request.organisation, public_id)
    return save_or_show(
        request,
        PersonForm(request.POST or None, organisation=request.organisation, instance=person),
        write=lambda data: services.person_update(actor=request.user, person=person, data=data),
        success=lambda saved: (
            _("The details of %(name)s have been saved.") % {"name": saved.full_name},
            reverse("tenancy:person_list"),
        ),
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
