"""Services (departments), sites and their storage rooms."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.tenancy import perms, selectors, services
from fairfleet.tenancy.forms import ServiceForm, SiteForm, StorageRoomForm
from fairfleet.tenancy.views.common import save_or_show

# Services -----------------------------------------------------------------------------------


@organisation_required(perms.can_view_organisation)
def service_list(request):
    context = {
        "tree": selectors.service_tree(organisation=request.organisation),
        "can_edit": perms.can_manage_structure(request.membership),
    }
    return render(request, "tenancy/service_list.html", context)


@organisation_required(perms.can_manage_structure)
def service_create(request):
    return save_or_show(
        request,
        ServiceForm(request.POST or None, organisation=request.organisation),
        write=lambda data: services.service_create(actor=request.user, organisation=request.organisation, **data),
        success=lambda service: (
            _("The service “%(name)s” has been created.") % {"name": service.name},
            reverse("tenancy:service_list"),
        ),
        title=_("New service"),
        submit_label=_("Create the service"),
        cancel_url=reverse("tenancy:service_list"),
    )


@organisation_required(perms.can_manage_structure)
def service_edit(request, public_id):
    service = selectors.get_service_for(request.organisation, public_id)
    return save_or_show(
        request,
        ServiceForm(request.POST or None, organisation=request.organisation, instance=service),
        write=lambda data: services.service_update(actor=request.user, service=service, data=data),
        success=lambda saved: (
            _("The service “%(name)s” has been saved.") % {"name": saved.name},
            reverse("tenancy:service_list"),
        ),
        title=_("Edit the service “%(name)s”") % {"name": service.name},
        submit_label=_("Save"),
        cancel_url=reverse("tenancy:service_list"),
        extra={
            "archive_url": reverse("tenancy:service_archive", args=[service.public_id]),
            "archive_label": _("Archive this service"),
        },
    )


@require_POST
@organisation_required(perms.can_manage_structure)
def service_archive(request, public_id):
    service = selectors.get_service_for(request.organisation, public_id)
    services.service_archive(actor=request.user, service=service)
    messages.success(request, _("The service “%(name)s” has been archived.") % {"name": service.name})
    return redirect("tenancy:service_list")


# Sites --------------------------------------------------------------------------------------


@organisation_required(perms.can_view_organisation)
def site_list(request):
    context = {
        "sites": selectors.site_list(organisation=request.organisation),
        "can_edit": perms.can_manage_structure(request.membership),
    }
    return render(request, "tenancy/site_list.html", context)


@organisation_required(perms.can_view_organisation)
def site_detail(request, public_id):
    site = selectors.get_site_for(request.organisation, public_id)
    context = {
        "site": site,
        "rooms": selectors.storage_room_list(organisation=request.organisation, site=site),
        "can_edit": perms.can_manage_structure(request.membership),
    }
    return render(request, "tenancy/site_detail.html", context)


@organisation_required(perms.can_manage_structure)
def site_create(request):
    return save_or_show(
        request,
        SiteForm(request.POST or None),
        write=lambda data: services.site_create(actor=request.user, organisation=request.organisation, **data),
        success=lambda site: (
            _("The site “%(name)s” has been created.") % {"name": site.name},
            reverse("tenancy:site_detail", args=[site.public_id]),
        ),
        title=_("New site"),
        submit_label=_("Create the site"),
        cancel_url=reverse("tenancy:site_list"),
    )


@organisation_required(perms.can_manage_structure)
def site_edit(request, public_id):
    site = selectors.get_site_for(request.organisation, public_id)
    return save_or_show(
        request,
        SiteForm(request.POST or None, instance=site),
        write=lambda data: services.site_update(actor=request.user, site=site, data=data),
        success=lambda saved: (
            _("The site “%(name)s” has been saved.") % {"name": saved.name},
            reverse("tenancy:site_detail", args=[saved.public_id]),
        ),
        title=_("Edit the site “%(name)s”") % {"name": site.name},
        submit_label=_("Save"),
        cancel_url=reverse("tenancy:site_detail", args=[site.public_id]),
        extra={
            "archive_url": reverse("tenancy:site_archive", args=[site.public_id]),
            "archive_label": _("Archive this site"),
        },
    )


@require_POST
@organisation_required(perms.can_manage_structure)
def site_archive(request, public_id):
    site = selectors.get_site_for(request.organisation, public_id)
    services.site_archive(actor=request.user, site=site)
    messages.success(request, _("The site “%(name)s” has been archived.") % {"name": site.name})
    return redirect("tenancy:site_list")


# Storage rooms ------------------------------------------------------------------------------


@organisation_required(perms.can_manage_structure)
def storage_room_create(request, public_id):
    site = selectors.get_site_for(request.organisation, public_id)
    return save_or_show(
        request,
        StorageRoomForm(request.POST or None),
        write=lambda data: services.storage_room_create(actor=request.user, site=site, **data),
        success=lambda room: (
            _("The storage room “%(name)s” has been created.") % {"name": room.name},
            reverse("tenancy:site_detail", args=[site.public_id]),
        ),
        title=_("New storage room at “%(site)s”") % {"site": site.name},
        submit_label=_("Create the storage room"),
        cancel_url=reverse("tenancy:site_detail", args=[site.public_id]),
    )


@organisation_required(perms.can_manage_structure)
def storage_room_edit(request, public_id):
    room = selectors.get_storage_room_for(request.organisation, public_id)
    return save_or_show(
        request,
        StorageRoomForm(request.POST or None, instance=room),
        write=lambda data: services.storage_room_update(actor=request.user, storage_room=room, data=data),
        success=lambda saved: (
            _("The storage room “%(name)s” has been saved.") % {"name": saved.name},
            reverse("tenancy:site_detail", args=[saved.site.public_id]),
        ),
        title=_("Edit the storage room “%(name)s”") % {"name": room.name},
        submit_label=_("Save"),
        cancel_url=reverse("tenancy:site_detail", args=[room.site.public_id]),
        extra={
            "archive_url": reverse("tenancy:storage_room_archive", args=[room.public_id]),
            "archive_label": _("Archive this storage room"),
        },
    )


@require_POST
@organisation_required(perms.can_manage_structure)
def storage_room_archive(request, public_id):
    room = selectors.get_storage_room_for(request.organisation, public_id)
    services.storage_room_archive(actor=request.user, storage_room=room)
    messages.success(request, _("The storage room “%(name)s” has been archived.") % {"name": room.name})
    return redirect("tenancy:site_detail", public_id=room.site.public_id)
