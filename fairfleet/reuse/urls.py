from django.urls import include, path

from fairfleet.reuse.views import campaigns, erasure, triage

app_name = "reuse"
urlpatterns = [
    path("", triage.home, name="home"),
    path("triage/", triage.triage_list, name="triage"),
    path("triage/assess/", triage.triage_bulk, name="triage_bulk"),
    path("devices/<uuid:public_id>/", triage.device_reuse, name="device"),
    path("devices/<uuid:public_id>/assess/", triage.device_assess, name="device_assess"),
    path("devices/<uuid:public_id>/erasures/new/", erasure.erasure_create, name="erasure_create"),
    path("devices/<uuid:public_id>/certificate.pdf", erasure.certificate_device, name="certificate_device"),
    path("certificates/", erasure.certificate_selection, name="certificate_selection"),
    path("erasures/import/", erasure.erasure_import_page, name="erasure_import"),
    path("erasures/import/<uuid:public_id>/", erasure.erasure_import_job_page, name="erasure_import_job"),
    path(
        "erasures/import/<uuid:public_id>/apply/",
        erasure.erasure_import_job_apply_view,
        name="erasure_import_job_apply",
    ),
    path("rules/", triage.route_policy, name="policy"),
    path("storage/", triage.storage, name="storage"),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/<uuid:public_id>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<uuid:public_id>/archive/", campaigns.campaign_archive, name="campaign_archive"),
    path("marketplace/", include("fairfleet.reuse.marketplace.urls")),
    path("donations/", include("fairfleet.reuse.donations.urls")),
    path("reports/", include("fairfleet.reuse.reporting.urls")),
]
