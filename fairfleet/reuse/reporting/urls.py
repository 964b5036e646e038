from django.urls import path

from fairfleet.reuse.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.decree_report, name="decree_report"),
    path("decree/<int:year>/export.csv", views.decree_export, {"fmt": "csv"}, name="decree_export_csv"),
    path("decree/<int:year>/export.xlsx", views.decree_export, {"fmt": "xlsx"}, name="decree_export_xlsx"),
    path("networks/", views.network_list, name="network_list"),
    path("networks/<uuid:public_id>/", views.network_dashboard, name="network_dashboard"),
]
