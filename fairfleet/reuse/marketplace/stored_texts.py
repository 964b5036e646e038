"""Texts the marketplace writes into the logs of offers, reservations and devices, stored as codes (see
core.messages) and shown in the reader's language."""

from django.utils.translation import gettext_lazy as _

TEXTS = {
    "marketplace.offered": _("Offered on the internal marketplace."),
    "marketplace.withdrawn": _("Withdrawn from the marketplace."),
    "marketplace.request_fulfilled": _("Every item requested was handed over."),
    "marketplace.reservation_expired": _("The reservation expired without a handover."),
    "marketplace.reserved_for": _("Reserved for %(service)s."),
    "marketplace.reservation_cancelled": _("Reservation cancelled."),
    "marketplace.transferred": _("Transferred to %(organisation)s (%(service)s) through the reuse marketplace."),
    "marketplace.redeployed": _("Redeployed to %(service)s through the reuse marketplace."),
}
