from django.urls import path

from fairfleet.reuse.marketplace import views

app_name = "marketplace"
urlpatterns = [
    path("", views.offer_list, name="offer_list"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/<uuid:public_id>/", views.offer_detail, name="offer_detail"),
    path("offers/<uuid:public_id>/reserve/", views.offer_reserve, name="offer_reserve"),
    path("offers/<uuid:public_id>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<uuid:public_id>/", views.request_detail, name="request_detail"),
    path("requests/<uuid:public_id>/cancel/", views.request_cancel, name="request_cancel"),
    path("reservations/", views.reservation_list, name="reservation_list"),
    path("reservations/<uuid:public_id>/", views.reservation_detail, name="reservation_detail"),
    path("reservations/<uuid:public_id>/hand-over/", views.reservation_hand_over, name="reservation_hand_over"),
    path("reservations/<uuid:public_id>/cancel/", views.reservation_cancel, name="reservation_cancel"),
]
