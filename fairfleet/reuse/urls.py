from django.urls import include, path

app_name = "reuse"
urlpatterns = [
    path("marketplace/", include("fairfleet.reuse.marketplace.urls")),
    path("donations/", include("fairfleet.reuse.donations.urls")),
    path("reports/", include("fairfleet.reuse.reporting.urls")),
]
