from django.urls import path

from fairfleet.inventory.labels import views

urlpatterns = [
    path("", views.label_sheet, name="label_sheet"),
]
