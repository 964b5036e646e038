"""Texts the reuse app writes into the database (why a route was suggested, why a device may not leave),
stored as codes and parameters (see core.messages) and shown in the reader's language."""

from django.utils.translation import gettext_lazy as _

from fairfleet.core.messages import Text, decimal, iso_date, label_of, labels_of, nested
from fairfleet.reuse import checklists
from fairfleet.reuse.models import GRADE_LETTERS, Route


def _check_labels() -> dict:
    return {check.code: check.label for checks in (*checklists.CHECKLISTS.values(), checklists.GENERIC)
            for check in checks}  # fmt: skip


def _grades(value: str) -> str:
    return ", ".join(letter for letter in GRADE_LETTERS if letter in value) or str(_("none"))


def _age(value) -> str:
    return str(_("unknown")) if value is None else decimal(1)(value)


def _routes() -> dict:
    return dict(Route.choices)


_FITS = {"age": _age}

TEXTS = {
    "reuse.route_grade": Text(
        _("Grade %(grade)s is not among the grades allowed (%(allowed)s)."), {"allowed": _grades}
    ),
    "reuse.route_too_old": Text(_("It is %(age)s years old, above the limit of %(max)d years."), {"age": _age}),
    "reuse.route_battery": _(
        "Its battery holds %(battery)d %% of its design capacity, below the %(min)d %% required."
    ),
    "reuse.route_os_updates": Text(
        _("Its operating system no longer receives security updates (since %(date)s)."),
        {"date": iso_date},
    ),
    "reuse.route_not_working": _("It does not work, so its materials are recovered through the WEEE channel."),
    "reuse.route_faults": Text(_("Faults found: %(faults)s."), {"faults": labels_of(_check_labels)}),
    "reuse.route_fits_redeploy": Text(
        _("It works, grade %(grade)s, %(age)s years old: another service can use it."), _FITS
    ),
    "reuse.route_fits_network": Text(
        _("It works, grade %(grade)s, %(age)s years old: another member of the network can use it."), _FITS
    ),
    "reuse.route_fits_donate": Text(
        _("It works, grade %(grade)s, %(age)s years old: a reuse partner can give it a second life."), _FITS
    ),
    "reuse.route_fits_sell": Text(
        _("It works, grade %(grade)s, %(age)s years old: a refurbisher can prepare and resell it."), _FITS
    ),
    "reuse.route_replace_drive": _("Replace its failing drive first."),
    "reuse.route_ruled_out": Text(
        _("Not “%(route)s”: %(problems)s"), {"route": label_of(_routes), "problems": nested}
    ),
    "reuse.route_none_fits": _(
        "No reuse route fits this device, so its materials are recovered through the WEEE channel."
    ),
    "reuse.erasure_missing": _(
        "%(device)s may hold data: record a verified erasure or a destruction before it leaves."
    ),
    "reuse.firmware_locked": _("%(device)s is locked by a firmware or BIOS password: unlock it before donating it."),
}
