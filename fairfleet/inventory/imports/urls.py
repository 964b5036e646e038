from django.urls import path

from fairfleet.inventory.imports import views

urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("new/", views.import_create, name="import_create"),
    path("snipeit/", views.import_snipeit, name="import_snipeit"),
    path("<uuid:public_id>/", views.import_detail, name="import_detail"),
    path("<uuid:public_id>/panel/", views.import_panel, name="import_panel"),
    path("<uuid:public_id>/apply/", views.import_apply, name="import_apply"),
    path("<uuid:public_id>/columns/", views.import_remap, name="import_remap"),
    path("<uuid:public_id>/cancel/", views.import_cancel, name="import_cancel"),
    path("<uuid:public_id>/errors.csv", views.import_errors_csv, name="import_errors_csv"),
]
