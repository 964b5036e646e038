"""Texts the donations app writes into the database (why a partner suits a lot, why a device was kept back,
the steps of lots, offers and listings), stored as codes and parameters (see core.messages) and shown in the
reader's language. Territories, categories, statuses and labels are stored as codes and shown by their names."""

from django.utils.translation import gettext_lazy as _

from fairfleet.core.messages import Text, decimal, iso_date, label_of
from fairfleet.inventory.categories import BUILTIN_CATEGORY_LABELS
from fairfleet.reuse.donations import territories
from fairfleet.reuse.donations.models import LegalStatus, QualityLabel
from fairfleet.reuse.models import CustodyEventKind


def _names(value) -> str:
    return ", ".join(territories.territory_name(code) for code in value)


def _categories(value) -> str:
    return ", ".join(str(BUILTIN_CATEGORY_LABELS.get(code, code)) for code in value)


_STATUS = {"status": label_of(lambda: dict(LegalStatus.choices))}
_LABEL = {"label": label_of(lambda: dict(QualityLabel.choices))}
_EUROS = decimal(2)

TEXTS = {
    # Steps of listings, lots and offers
    "donations.listing_changed": _("Changed by the partner: to be submitted again."),
    "donations.listing_label_added": _("Label added: to be submitted again."),
    "donations.no_offer_pending": _("No offer is pending any more."),
    "donations.another_partner_accepted": _("Another partner accepted the lot."),
    # Steps of the devices
    "donations.in_lot": _("Donation lot: %(lot)s"),
    "donations.removed_from_lot": _("Removed from the donation lot %(lot)s"),
    "donations.kept_back": _("Kept back from the handover"),
    "donations.handed_over": _("Handed over to %(partner)s"),
    "donations.custody_reported": Text(
        _("%(event)s, reported by %(partner)s"), {"event": label_of(lambda: dict(CustodyEventKind.choices))}
    ),
    # Why a partner suits a lot, or not
    "donations.match_postcode": _("Serves the postcode of the site (%(postcode)s)."),
    "donations.match_territory": Text(_("Serves the territory of the site: %(names)s."), {"names": _names}),
    "donations.match_no_known_territory": _(
        "The site's postcode gives no known territory: check the distance yourself."
    ),
    "donations.match_territory_missed": _("Does not serve the territory of the site."),
    "donations.match_categories": _("Accepts every category of the lot."),
    "donations.match_categories_missing": Text(_("Does not accept: %(categories)s."), {"categories": _categories}),
    "donations.match_capacity": _("Capacity left this month: %(left)d devices (lot: %(size)d)."),
    "donations.match_capacity_short": _(
        "Capacity left this month (%(left)d devices) is below the lot size (%(size)d)."
    ),
    "donations.match_min_size": _("Takes lots of at least %(min)d devices (lot: %(size)d)."),
    "donations.match_status": Text(_("Has a legal status you require (%(status)s)."), _STATUS),
    "donations.match_status_missing": Text(_("Its legal status (%(status)s) is not one you require."), _STATUS),
    "donations.match_label": Text(_("Holds the required label %(label)s, valid today."), _LABEL),
    "donations.match_label_missing": Text(_("Has no valid %(label)s label."), _LABEL),
    # The donation rules of CGPPP L3212-2 (eligibility.py)
    "donations.rule_not_public_body": _(
        "The donor is not a French public body: article L3212-2 of the CGPPP does not apply."
    ),
    "donations.rule_outside_france": _(
        "No donation rule is encoded for donors outside France: check the rules that bind your organisation (for "
        "example, in Belgium, your own administration's rules on disposing of goods)."
    ),
    "donations.rule_checked": Text(_("Checked against %(article)s as in force on %(date)s."), {"date": iso_date}),
    "donations.rule_status_not_admitted": Text(
        _(
            "A French public body may give IT equipment free of charge only to the beneficiaries listed in article "
            "L3212-2 of the CGPPP; the partner's legal status (%(status)s) is not one of them."
        ),
        _STATUS,
    ),
    "donations.rule_basis": _("Legal basis: %(article)s %(case)s."),
    "donations.rule_not_it": _("%(device)s is not IT equipment: case %(case)s covers IT equipment only."),
    "donations.rule_no_price": _(
        "%(device)s has no purchase price: check that its unit value does not exceed %(cap)s €."
    ),
    "donations.rule_value_cap": Text(
        _("%(device)s: its estimated unit value (%(value)s €) exceeds the cap of %(cap)s € set by %(source)s."),
        {"value": _EUROS},
    ),
    "donations.rule_solidarity_resale": _(
        "This partner may resell the devices at a solidarity price capped by décret 2022-1413 (for example "
        "%(laptop)s € for a laptop)."
    ),
}
