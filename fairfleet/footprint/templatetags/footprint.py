from django import template
from django.utils.translation import gettext_lazy as _

from fairfleet.footprint.archetypes import DataQuality
from fairfleet.footprint.fleet import ORGANISATION_FIGURE
from fairfleet.footprint.presentation import significant

register = template.Library()


@register.filter
def sig(value):
    """Three significant digits in the user's locale; a dash for no data."""
    return significant(value)


@register.filter
def share(value):
    """A share (0..1) as a whole percentage; a dash for no data."""
    return "—" if value is None else f"{round(100 * value)} %"


@register.filter
def bound(triple, index):
    """One bound of a (value, min, max) triple, or None when there is no data."""
    return None if not triple else triple[int(index)]


QUALITY_LABELS = {**dict(DataQuality.choices), ORGANISATION_FIGURE: _("Figure given by the organisation")}


@register.filter
def quality_label(code):
    return QUALITY_LABELS.get(code, code)
