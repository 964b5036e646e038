"""Sets request.organisation and request.membership from the session's current organisation."""

from fairfleet.tenancy.models import Membership

SESSION_KEY = "current_organisation"


def memberships_of(user):
    return (
        Membership.objects.filter(user=user, is_active=True, organisation__archived_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )


class CurrentOrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = None
        request.membership = None
        request.membership_count = 0
        if request.user.is_authenticated:
            # One query gives both the current membership and whether the user can switch.
            memberships = list(memberships_of(request.user))
            wanted = request.session.get(SESSION_KEY)
            membership = next((m for m in memberships if str(m.organisation.public_id) == wanted), None)
            if membership is None and memberships:
                membership = memberships[0]
                request.session[SESSION_KEY] = str(membership.organisation.public_id)
            request.membership_count = len(memberships)
            if membership is not None:
                request.membership = membership
                request.organisation = membership.organisation
        return self.get_response(request)
