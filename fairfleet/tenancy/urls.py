from django.urls import path

from fairfleet.tenancy import views

app_name = "tenancy"
urlpatterns = [
    path("no-organisation/", views.no_organisation, name="no_organisation"),
]
