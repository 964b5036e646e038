from django.urls import path

from fairfleet.inventory import views

app_name = "inventory"
urlpatterns = [
    path("", views.home, name="home"),
]
