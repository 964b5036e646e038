from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "fairfleet.inventory"
    verbose_name = _("Inventory")

    def ready(self):
        from fairfleet.core.messages import messages_register
        from fairfleet.inventory.stored_texts import TEXTS

        messages_register(TEXTS)
