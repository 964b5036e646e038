"""Scenario pages, included by fairfleet/footprint/urls.py under "scenarios/" (namespace "footprint")."""

from django.urls import path

from fairfleet.footprint.scenarios import views

urlpatterns = [
    path("", views.scenario_list, name="scenario_list"),
    path("new/", views.scenario_create, name="scenario_create"),
    path("new/fields/", views.scenario_fields, name="scenario_fields"),
    path("compare/", views.scenario_compare, name="scenario_compare"),
    path("compare/export.csv", views.compare_export_csv, name="scenario_compare_csv"),
    path("compare/export.xlsx", views.compare_export_xlsx, name="scenario_compare_xlsx"),
    path("method/", views.method_parameters, name="method_parameters"),
    path("<uuid:public_id>/", views.scenario_detail, name="scenario_detail"),
    path("<uuid:public_id>/recompute/", views.scenario_recompute, name="scenario_recompute"),
    path("<uuid:public_id>/archive/", views.scenario_archive, name="scenario_archive"),
    path("<uuid:public_id>/export.csv", views.scenario_export_csv, name="scenario_export_csv"),
    path("<uuid:public_id>/export.xlsx", views.scenario_export_xlsx, name="scenario_export_xlsx"),
]
