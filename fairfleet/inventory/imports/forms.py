from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fairfleet.core.i18n import lazy_interpolation
from fairfleet.inventory.forms import PublicIdChoiceField
from fairfleet.inventory.imports.jobs import MAX_HEADER_ROW
from fairfleet.inventory.imports.presets import FILE_PRESETS
from fairfleet.inventory.imports.selectors import column_mappings_for
from fairfleet.tenancy.models import Organisation

# What each column can fill, in the order a user reads a device record.
FIELD_CHOICES = [
    ("", _("— leave this column out —")),
    ("serial_number", _("Serial number")),
    ("asset_tag", _("Asset tag")),
    ("manufacturer", _("Manufacturer")),
    ("model", _("Model")),
    ("category", _("Category or type")),
    ("state", _("State")),
    ("service", _("Service")),
    ("site", _("Site")),
    ("holder", _("Holder")),
    ("acquisition_date", _("Acquisition date")),
    ("acquisition_kind", _("Acquisition kind (new, refurbished, leased, donated)")),
    ("price", _("Price (EUR, excluding VAT)")),
    ("supplier", _("Supplier")),
    ("warranty_end", _("End of warranty (date)")),
    ("warranty_months", _("Warranty length (months)")),
    ("notes", _("Notes")),
    ("external_id", _("Id in the other tool")),
]
ACCEPTED = ".csv,.tsv,.txt,.xlsx,.xlsm,.ods,text/csv,text/tab-separated-values"


def preset_choices():
    return [("", _("Recognise from the column titles")), *((p.code, p.label) for p in FILE_PRESETS.values())]


def header_row_field(help_text) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Row of the column titles"), required=False, min_value=1, max_value=MAX_HEADER_ROW, help_text=help_text
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fleet file"),
        help_text=lazy_interpolation(
            _(
                "CSV or TSV (any delimiter, UTF-8 or Windows encodings), XLSX or ODS, up to %(size)s MB. "
                "Exports of GLPI and Snipe-IT are recognised."
            ),
            lambda: {"size": settings.MAX_UPLOAD_BYTES // (1024 * 1024)},
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )
    preset = forms.ChoiceField(label=_("Format of the columns"), required=False, choices=preset_choices)
    mapping = PublicIdChoiceField(
        None,
        label=_("Saved column mapping"),
        required=False,
        empty_label=_("None"),
        help_text=_("A mapping saved from an earlier import of files of the same shape."),
    )
    sheet = forms.CharField(
        label=_("Sheet"),
        required=False,
        max_length=120,
        help_text=_("For a workbook: the name of the sheet to read. Empty: the first sheet."),
    )
    header_row = header_row_field(
        _("Empty: found in the file, below any title rows. You can change it after the check.")
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = column_mappings_for(organisation)


class ColumnMappingForm(forms.Form):
    """One choice per column of the file, then the preset, the header row, the sheet of a workbook, and an optional
    name to save the mapping under."""

    preset = forms.ChoiceField(label=_("Format of the columns"), required=False, choices=preset_choices)
    header_row = header_row_field(
        _("The number of the row that holds the titles, as your spreadsheet shows it. Empty: found again.")
    )
    sheet = forms.ChoiceField(label=_("Sheet"), required=False)
    save_as = forms.CharField(
        label=_("Save this mapping as"),
        required=False,
        max_length=120,
        help_text=_("Give a name to reuse it for the next files of the same shape; empty: do not save it."),
    )

    def __init__(self, *args, columns: list[dict], sheets: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if sheets:
            self.fields["sheet"].choices = [(name, name) for name in sheets]
            self.fields["sheet"].help_text = _("The sheet of the workbook that holds the devices.")
        else:
            del self.fields["sheet"]  # a text file has no sheets
        self.titles = []
        self.samples = {}
        for number, column in enumerate(columns):
            name = f"column_{number}"
            self.fields[name] = forms.ChoiceField(
                label=column["title"] or _("Column %(number)d (no title)") % {"number": number + 1},
                required=False,
                choices=FIELD_CHOICES,
                initial=column["field"],
                widget=forms.Select(attrs={"aria-describedby": f"{name}_samples"}),
            )
            self.titles.append((name, column["title"]))
            self.samples[name] = column.get("samples", [])

    def column_rows(self):
        """(the field's bound widget, the column's first values) for each column, in the file's order."""
        return [(self[name], self.samples[name]) for name, _title in self.titles]

    def clean(self):
        data = super().clean()
        chosen = [data.get(name) for name, _title in self.titles if data.get(name)]
        twice = sorted({field for field in chosen if chosen.count(field) > 1})
        if twice:
            labels = dict(FIELD_CHOICES)
            raise forms.ValidationError(
                _("Each field can come from one column only; several columns fill: %(fields)s.")
                % {"fields": ", ".join(str(labels[f]) for f in twice)}
            )
        return data

    def mapping(self) -> dict[str, str]:
        return {title: self.cleaned_data.get(name) or "" for name, title in self.titles if title}


class SnipeitForm(forms.Form):
    url = forms.CharField(
        label=_("Address of the Snipe-IT server"),
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://snipeit.example.org", "autocomplete": "url"}),
    )
    token = forms.CharField(
        label=_("API token"),
        max_length=4000,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "A personal token made in Snipe-IT (your name, then Manage API keys) by a user who can see the assets. "
            "It is used for this reading only and never stored."
        ),
    )
