from django.urls import path

from fairfleet.footprint.declarations import views

# Included from fairfleet/footprint/urls.py, so the names live in the "footprint" namespace.
urlpatterns = [
    path("", views.declaration_upload, name="declaration_upload"),
    path("review/", views.declaration_review, name="declaration_review"),
    path("apply/", views.declaration_apply, name="declaration_apply"),
]
