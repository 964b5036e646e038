"""Widgets that render faster than Django's defaults on pages drawn at every request."""

from django import forms


class FlatSelect(forms.Select):
    """A select whose options are written inline rather than through one template include each
    (Django's default renders two includes per option). Options carry no attributes of their own."""

    template_name = "core/widgets/select.html"
