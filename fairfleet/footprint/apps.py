from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FootprintConfig(AppConfig):
    name = "fairfleet.footprint"
    verbose_name = _("Footprint")

    def ready(self):
        from fairfleet.footprint.services import fleet_changed_receiver
        from fairfleet.inventory.signals import fleet_changed

        fleet_changed.connect(fleet_changed_receiver, dispatch_uid="footprint-fleet-changed")
