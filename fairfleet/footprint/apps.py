from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FootprintConfig(AppConfig):
    name = "fairfleet.footprint"
    verbose_name = _("Footprint")
