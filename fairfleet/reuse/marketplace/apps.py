from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "fairfleet.reuse.marketplace"
    label = "reuse_marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from fairfleet.core.messages import messages_register
        from fairfleet.reuse.marketplace.stored_texts import TEXTS

        messages_register(TEXTS)
