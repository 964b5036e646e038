from fairfleet.tenancy import perms


def current_organisation(request):
    membership = getattr(request, "membership", None)
    return {
        "organisation": getattr(request, "organisation", None),
        "membership": membership,
        "can_manage_organisation": perms.can_manage_organisation(membership),
        "can_manage_structure": perms.can_manage_structure(membership),
    }
