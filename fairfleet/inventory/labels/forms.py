from django import forms
from django.utils.translation import gettext_lazy as _

from fairfleet.inventory.labels.services import DEFAULT_FORMAT, LABEL_FORMATS


class LabelSheetForm(forms.Form):
    label_format = forms.ChoiceField(
        label=_("Label format"),
        choices=[(f.code, f.label) for f in LABEL_FORMATS.values()],
        initial=DEFAULT_FORMAT,
        widget=forms.RadioSelect,
    )
    start_position = forms.IntegerField(
        label=_("Start at label number"),
        min_value=1,
        initial=1,
        help_text=_("On a partly used sheet, the first free place, counted row by row from the top left."),
    )

    def clean(self):
        data = super().clean()
        label_format = LABEL_FORMATS.get(data.get("label_format", ""))
        start = data.get("start_position")
        if label_format is not None and start is not None and start > label_format.per_sheet:
            self.add_error(
                "start_position",
                _("This format has %(count)d labels per sheet: choose a number from 1 to %(count)d.")
                % {"count": label_format.per_sheet},
            )
        return data
