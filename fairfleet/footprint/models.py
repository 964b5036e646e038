from django.db import models
from django.utils.translation import gettext_lazy as _


class FactorSet(models.Model):
    """One version of the reference factors (e.g. boaviztapi 2.5.0's data), stored whole and never rewritten.

    Figures computed with it keep its code, so that a later version does not silently change past results.
    The tables' layout is described in fairfleet.footprint.extraction; `tables_sha256` is the SHA-256 of their
    canonical JSON (sorted keys, no spaces).
    """

    code = models.CharField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("label"), max_length=200)
    package_version = models.CharField(_("package version"), max_length=40)
    provenance = models.JSONField(_("provenance"), default=dict)
    tables_sha256 = models.CharField(_("SHA-256 of the tables"), max_length=64)
    tables = models.JSONField(_("tables"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("factor set")
        verbose_name_plural = _("factor sets")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.label
