from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "fairfleet.tenancy"
    verbose_name = _("Organisations and people")
