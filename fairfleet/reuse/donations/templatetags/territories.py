"""Territory codes (FR-59, FR-R32, BE-VAN) shown by their names in the reader's language."""

from django import template

from fairfleet.reuse.donations import territories

register = template.Library()


@register.filter
def territory_name(code) -> str:
    return territories.territory_name(str(code)) if code else ""


@register.filter
def territory_names(codes) -> str:
    return ", ".join(territories.territory_name(code) for code in codes or [])
