from django.urls import path

from fairfleet.reuse.donations import views

app_name = "donations"
urlpatterns = [
    path("", views.home, name="home"),
    path("partner/", views.partner_home, name="partner"),
    path("lots/new/", views.lot_create, name="lot_create"),
    path("lots/<uuid:public_id>/", views.lot_detail, name="lot_detail"),
    path("lots/<uuid:public_id>/offer/", views.lot_offer, name="lot_offer"),
    path("lots/<uuid:public_id>/add-devices/", views.lot_add_devices, name="lot_add_devices"),
    path("lots/<uuid:public_id>/remove-device/", views.lot_remove_device, name="lot_remove_device"),
    path("lots/<uuid:public_id>/pickup/", views.lot_pickup, name="lot_pickup"),
    path("lots/<uuid:public_id>/handover/", views.lot_handover, name="lot_handover"),
    path("lots/<uuid:public_id>/receipt/", views.lot_receipt, name="lot_receipt"),
    path("lots/<uuid:public_id>/close/", views.lot_close, name="lot_close"),
    path("lots/<uuid:public_id>/cancel/", views.lot_cancel, name="lot_cancel"),
    path("lots/<uuid:public_id>/agreement.pdf", views.lot_agreement, {"fmt": "pdf"}, name="lot_agreement_pdf"),
    path("lots/<uuid:public_id>/agreement.docx", views.lot_agreement, {"fmt": "docx"}, name="lot_agreement_docx"),
    path("lots/<uuid:public_id>/agreement.odt", views.lot_agreement, {"fmt": "odt"}, name="lot_agreement_odt"),
    path("lots/<uuid:public_id>/custody/", views.lot_custody_event, name="lot_custody_event"),
    path("lots/<uuid:public_id>/custody/import/", views.lot_custody_import, name="lot_custody_import"),
    path("offers/<uuid:public_id>/accept/", views.offer_accept, name="offer_accept"),
    path("offers/<uuid:public_id>/decline/", views.offer_decline, name="offer_decline"),
    path("offers/<uuid:public_id>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("partners/", views.census, name="census"),
    path("partners/mine/", views.listing_edit, name="listing_edit"),
    path("partners/<uuid:public_id>/", views.listing_detail, name="listing_detail"),
    path("partners/<uuid:public_id>/labels/", views.listing_label_add, name="listing_label_add"),
    path("partners/<uuid:public_id>/submit/", views.listing_submit, name="listing_submit"),
    path("partners/<uuid:public_id>/review/", views.listing_review, name="listing_review"),
    path("networks/<uuid:public_id>/", views.network_directory, name="network_directory"),
]
