"""Texts the inventory writes into the database, stored as codes (see core.messages) and shown in the reader's
language."""

from django.utils.translation import gettext_lazy as _

TEXTS = {
    "inventory.audit_not_found": _("Not found during the physical audit “%(name)s”."),
}
