from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReuseConfig(AppConfig):
    name = "fairfleet.reuse"
    verbose_name = _("Reuse")

    def ready(self):
        from fairfleet.core.messages import messages_register
        from fairfleet.inventory.workflows import TRANSITION_GUARDS
        from fairfleet.reuse.stored_texts import TEXTS
        from fairfleet.reuse.workflows import leave_guard

        messages_register(TEXTS)

        if leave_guard not in TRANSITION_GUARDS:
            TRANSITION_GUARDS.append(leave_guard)
