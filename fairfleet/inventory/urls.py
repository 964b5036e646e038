from django.urls import include, path

from fairfleet.inventory import views

app_name = "inventory"
urlpatterns = [
    path("", views.home, name="home"),
    path("devices/", views.device_list, name="device_list"),
    path("devices/export.csv", views.device_export, {"fmt": "csv"}, name="device_export_csv"),
    path("devices/export.xlsx", views.device_export, {"fmt": "xlsx"}, name="device_export_xlsx"),
    path("devices/bulk/", views.device_bulk, name="device_bulk"),
    path("devices/new/", views.device_create, name="device_create"),
    path("devices/<uuid:public_id>/", views.device_detail, name="device_detail"),
    path("devices/<uuid:public_id>/edit/", views.device_edit, name="device_edit"),
    path("devices/<uuid:public_id>/transition/", views.device_transition, name="device_transition"),
    path("models/", views.model_list, name="model_list"),
    path("models/new/", views.model_create, name="model_create"),
    path("models/<uuid:public_id>/edit/", views.model_edit, name="model_edit"),
    path("categories/new/", views.category_create, name="category_create"),
    path("categories/<uuid:public_id>/archive/", views.category_archive, name="category_archive"),
    path("imports/", include("fairfleet.inventory.imports.urls")),
    path("audits/", include("fairfleet.inventory.audits.urls")),
    path("labels/", include("fairfleet.inventory.labels.urls")),
]
