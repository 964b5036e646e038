from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "fairfleet.reuse.marketplace"
    label = "reuse_marketplace"
    verbose_name = _("Marketplace")
