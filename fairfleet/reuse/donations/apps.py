from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "fairfleet.reuse.donations"
    label = "reuse_donations"
    verbose_name = _("Donations")

    def ready(self):
        from fairfleet.core.messages import messages_register
        from fairfleet.reuse.donations.stored_texts import TEXTS

        messages_register(TEXTS)
