from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fairfleet.core.i18n import lazy_interpolation

ACCEPTED = ".csv,.txt,text/csv"


class DeclarationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Boavizta data file"),
        help_text=lazy_interpolation(
            _(
                "The CSV file boavizta-data-us.csv (or boavizta-data-fr.csv) from Boavizta's "
                "environmental-footprint-data repository, up to %(size)s MB."
            ),
            lambda: {"size": settings.MAX_UPLOAD_BYTES // (1024 * 1024)},
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )
    include_declared = forms.BooleanField(
        label=_("Also propose figures for models that already have one"),
        required=False,
        help_text=_("Their current figure is shown next to the proposal, which is never ticked in advance."),
    )


def parse_choices(values: list[str]) -> list[tuple[str, str]]:
    """Each ticked box posts "<model public id>:<signed proposal>"; the service checks both."""
    choices = []
    for value in values:
        public_id, _sep, signed = value.partition(":")
        choices.append((public_id, signed))
    return choices
