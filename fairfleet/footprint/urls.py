from django.urls import include, path

from fairfleet.footprint import views

app_name = "footprint"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("panel/", views.overview_panel, name="overview_panel"),
    path("export.csv", views.overview_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.overview_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("assumptions/", views.assumptions, name="assumptions"),
    path("services/<uuid:public_id>/", views.service_footprint, name="service"),
    path("devices/<uuid:public_id>/", views.device_footprint, name="device"),
    path("scenarios/", include("fairfleet.footprint.scenarios.urls")),
    path("declarations/", include("fairfleet.footprint.declarations.urls")),
]
