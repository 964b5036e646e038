from django.urls import path

from fairfleet.inventory.audits import views
from fairfleet.inventory.models import AuditCampaignState

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
    path("new/", views.audit_create, name="audit_create"),
    path("<uuid:public_id>/", views.audit_detail, name="audit_detail"),
    path("<uuid:public_id>/scan/", views.audit_scan, name="audit_scan"),
    path("<uuid:public_id>/report/", views.audit_report, name="audit_report"),
    path("<uuid:public_id>/apply/", views.audit_apply, name="audit_apply"),
    path(
        "<uuid:public_id>/close/", views.audit_transition, {"to_state": AuditCampaignState.CLOSED}, name="audit_close"
    ),
    path(
        "<uuid:public_id>/reopen/", views.audit_transition, {"to_state": AuditCampaignState.OPEN}, name="audit_reopen"
    ),
    path(
        "<uuid:public_id>/cancel/",
        views.audit_transition,
        {"to_state": AuditCampaignState.CANCELLED},
        name="audit_cancel",
    ),
]
