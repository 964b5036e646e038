from django.urls import path

from fairfleet.tenancy.views import invitations, networks, organisation, people, structure, tokens

app_name = "tenancy"
urlpatterns = [
    path("no-organisation/", organisation.no_organisation, name="no_organisation"),
    # The current organisation
    path("organisation/", organisation.organisation_settings, name="organisation_settings"),
    path("organisation/switch/", organisation.organisation_switch, name="organisation_switch"),
    path("organisation/audit/", organisation.audit_log, name="audit_log"),
    path("organisation/members/<uuid:public_id>/role/", organisation.membership_role, name="membership_role"),
    path(
        "organisation/members/<uuid:public_id>/deactivate/",
        organisation.membership_deactivate,
        name="membership_deactivate",
    ),
    path("organisation/invitations/new/", organisation.invitation_create, name="invitation_create"),
    path(
        "organisation/invitations/<uuid:public_id>/revoke/", organisation.invitation_revoke, name="invitation_revoke"
    ),
    # A signed token, not a public id: the link in the e-mail is the proof of the invitation.
    path("invitation/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    # Services
    path("services/", structure.service_list, name="service_list"),
    path("services/new/", structure.service_create, name="service_create"),
    path("services/<uuid:public_id>/edit/", structure.service_edit, name="service_edit"),
    path("services/<uuid:public_id>/archive/", structure.service_archive, name="service_archive"),
    # Sites and storage rooms
    path("sites/", structure.site_list, name="site_list"),
    path("sites/new/", structure.site_create, name="site_create"),
    path("sites/<uuid:public_id>/", structure.site_detail, name="site_detail"),
    path("sites/<uuid:public_id>/edit/", structure.site_edit, name="site_edit"),
    path("sites/<uuid:public_id>/archive/", structure.site_archive, name="site_archive"),
    path("sites/<uuid:public_id>/rooms/new/", structure.storage_room_create, name="storage_room_create"),
    path("storage-rooms/<uuid:public_id>/edit/", structure.storage_room_edit, name="storage_room_edit"),
    path("storage-rooms/<uuid:public_id>/archive/", structure.storage_room_archive, name="storage_room_archive"),
    # People
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<uuid:public_id>/edit/", people.person_edit, name="person_edit"),
    path("people/<uuid:public_id>/archive/", people.person_archive, name="person_archive"),
    # Networks
    path("networks/", networks.network_list, name="network_list"),
    path("networks/new/", networks.network_create, name="network_create"),
    path("networks/<uuid:public_id>/", networks.network_detail, name="network_detail"),
    path("networks/<uuid:public_id>/invite/", networks.network_invite, name="network_invite"),
    path("networks/<uuid:public_id>/leave/", networks.network_leave, name="network_leave"),
    path("networks/invitations/<uuid:public_id>/answer/", networks.network_respond, name="network_respond"),
    # API tokens
    path("organisation/api-tokens/", tokens.api_tokens, name="api_tokens"),
    path("organisation/api-tokens/<uuid:public_id>/revoke/", tokens.api_token_revoke, name="api_token_revoke"),
]
