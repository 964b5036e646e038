"""The built-in device categories: translated labels, whether they are IT equipment, whether they hold data."""

from django.utils.translation import gettext_lazy as _

BUILTIN_CATEGORY_LABELS = {
    "laptop": _("Laptop"),
    "desktop": _("Desktop computer"),
    "all_in_one": _("All-in-one computer"),
    "thin_client": _("Thin client"),
    "workstation": _("Workstation"),
    "monitor": _("Monitor"),
    "tablet": _("Tablet"),
    "smartphone": _("Smartphone"),
    "feature_phone": _("Feature phone"),
    "printer": _("Printer or multifunction"),
    "projector": _("Projector"),
    "server": _("Server"),
    "network": _("Network equipment"),
    "storage": _("Storage array"),
    "dock": _("Docking station"),
    "peripheral": _("Peripheral"),
    "furniture": _("Office furniture"),
}
NON_IT_CATEGORIES = {"furniture"}
# Built-in categories whose devices keep no data (Category.holds_no_data); a model with storage still does.
NO_DATA_CATEGORIES = {"monitor", "projector", "dock", "peripheral", "furniture"}
