"""REST API authentication: personal tokens (Authorization: Bearer <key>) and the browser session.

Both give DRF's request.auth a membership-like object, so the permission predicates of the pages
(can_view_devices, can_edit_device...) apply unchanged to the API.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header

from fairfleet.tenancy import perms
from fairfleet.tenancy.models import ApiToken, Membership, Organisation, User
from fairfleet.tenancy.services import api_token_hash

# One message for every refusal: a caller cannot tell a revoked key from an unknown one.
INVALID_TOKEN = _("Invalid, expired or revoked API token.")
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class TokenMembership:
    """What a token acts as: its member, with the lower of the token's role and the member's current role."""

    organisation: Organisation
    user: User
    role: str
    token: ApiToken
    is_active: bool = True

    @property
    def organisation_id(self) -> int:
        return self.organisation.id


def _set_tenant(request, membership) -> None:
    # Django's request too, so that code reading request.organisation sees the API's tenant.
    for target in (request, request._request):
        target.organisation = membership.organisation if membership is not None else None
        target.membership = membership


class ApiTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN) from None
        token = ApiToken.objects.select_related("organisation", "user").filter(key_hash=api_token_hash(key)).first()
        now = timezone.now()
        holder = self._holder(token, now) if token is not None else None
        if holder is None:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        # Read at every request: demoting the member demotes their keys at once.
        role = perms.lower_role(token.role, holder.role)
        membership = TokenMembership(organisation=token.organisation, user=token.user, role=role, token=token)
        _set_tenant(request, membership)
        return token.user, membership

    @staticmethod
    def _holder(token: ApiToken, now: datetime.datetime) -> Membership | None:
        """The active membership the token acts through, or None if the token is not usable."""
        if token.revoked_at is not None or (token.expires_at is not None and token.expires_at <= now):
            return None
        if token.organisation.archived_at is not None or not token.user.is_active:
            return None
        # A member who left takes their tokens' rights with them, even if the services did not revoke them.
        return Membership.objects.filter(organisation=token.organisation, user=token.user, is_active=True).first()

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return 'Bearer realm="api"'


class OrganisationSessionAuthentication(SessionAuthentication):
    """The logged-in browser, acting with the current organisation chosen by the middleware."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        membership = getattr(request._request, "membership", None)
        _set_tenant(request, membership)
        return result[0], membership


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Bearer")


class OrganisationSessionScheme(OpenApiAuthenticationExtension):
    target_class = OrganisationSessionAuthentication
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
