from django import forms
from django.utils.translation import gettext_lazy as _

from fairfleet.core.widgets import FlatSelect
from fairfleet.inventory import selectors as inventory_selectors
from fairfleet.inventory.forms import PublicIdChoiceField
from fairfleet.inventory.models import CosmeticGrade
from fairfleet.reuse import selectors
from fairfleet.reuse.checklists import FAULT, NOT_APPLICABLE, OK, checklist_for
from fairfleet.reuse.models import CollectionCampaign, ErasureMethod, ErasureRecord, Route, RoutePolicy, StorageHealth
from fairfleet.reuse.services import POLICY_FIELDS
from fairfleet.tenancy import selectors as tenancy_selectors
from fairfleet.tenancy.models import Organisation

CHECK_PREFIX = "check_"
CHECK_CHOICES = [("", _("Not checked")), (OK, _("Works")), (FAULT, _("Fault")), (NOT_APPLICABLE, _("Not applicable"))]


class TriageFilterForm(forms.Form):
    category = PublicIdChoiceField(None, label=_("Category"), required=False, empty_label=_("All categories"))
    site = PublicIdChoiceField(None, label=_("Site"), required=False, empty_label=_("All sites"))
    storage_room = PublicIdChoiceField(
        None, label=_("Storage room"), required=False, empty_label=_("All storage rooms")
    )
    assessed = forms.ChoiceField(
        label=_("Assessment"),
        required=False,
        choices=[("", _("Assessed or not")), ("no", _("Not assessed yet")), ("yes", _("Assessed"))],
    )
    route = forms.ChoiceField(
        label=_("Suggested route"), required=False, choices=[("", _("Any route")), *Route.choices]
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.template_name = FlatSelect.template_name
        self.fields["category"].queryset = inventory_selectors.category_list(organisation=organisation)
        self.fields["site"].queryset = tenancy_selectors.site_list(organisation=organisation)
        self.fields["storage_room"].queryset = tenancy_selectors.storage_room_list(organisation=organisation)

    def to_filters(self) -> selectors.TriageFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else getattr(self, "cleaned_data", {})
        return selectors.TriageFilters(
            category=data.get("category"),
            site=data.get("site"),
            storage_room=data.get("storage_room"),
            assessed=data.get("assessed") or "",
            route=data.get("route") or "",
        )


class AssessmentForm(forms.Form):
    """The triage of one device, or of several identical ones: the checks of its category, then the rest."""

    is_functional = forms.TypedChoiceField(
        label=_("Does it work?"),
        choices=[("yes", _("Yes, it works")), ("no", _("No, it does not work"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    grade = forms.ChoiceField(
        label=_("Cosmetic grade"),
        choices=CosmeticGrade.choices,
        widget=forms.RadioSelect,
        help_text=_("A: like new. B: light signs of use. C: visible wear. D: heavy wear or damage."),
    )
    battery_health_pct = forms.IntegerField(
        label=_("Battery health (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Full-charge capacity as a share of the design capacity; leave empty without a battery."),
    )
    storage_health = forms.ChoiceField(
        label=_("Storage health"), choices=StorageHealth.choices, initial=StorageHealth.UNKNOWN
    )
    firmware_locked = forms.BooleanField(
        label=_("Locked by a firmware or BIOS password, or by an account (activation lock)"),
        required=False,
        help_text=_("A locked device cannot be donated, offered or sold until it is unlocked."),
    )
    os_updates_end = forms.DateField(
        label=_("End of operating system updates"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date its vendor stops security updates, if known."),
    )
    holds_protected_data = forms.BooleanField(
        label=_("It held protected data (classified, or under a specific security duty)"),
        required=False,
        help_text=_("Such devices are left out of the reuse ratio of décret 2023-266."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, category_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["storage_health"].widget.template_name = FlatSelect.template_name
        self.checks = checklist_for(category_code)
        for check in self.checks:
            field = forms.ChoiceField(label=check.label, choices=CHECK_CHOICES, required=False)
            field.widget.template_name = FlatSelect.template_name
            self.fields[CHECK_PREFIX + check.code] = field

    def check_fields(self):
        return [self[CHECK_PREFIX + check.code] for check in self.checks]

    def other_fields(self):
        return [field for field in self if not field.name.startswith(CHECK_PREFIX)]

    def to_data(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items() if not name.startswith(CHECK_PREFIX)}
        data["checklist"] = {
            check.code: self.cleaned_data[CHECK_PREFIX + check.code]
            for check in self.checks
            if self.cleaned_data.get(CHECK_PREFIX + check.code)
        }
        return data


class ErasureRecordForm(forms.ModelForm):
    class Meta:
        model = ErasureRecord
        fields = [
            "drive_serial",
            "method",
            "technique",
            "tool",
            "operator",
            "performed_at",
            "result",
            "report_reference",
        ]
        widgets = {
            "method": forms.RadioSelect,
            "performed_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        help_texts = {
            "drive_serial": _("Leave empty for a device without a separate drive (phone, tablet)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].widget.template_name = FlatSelect.template_name
        self.fields["method"].choices = ErasureMethod.choices

    def _post_clean(self):
        # The record is validated by the service, which knows the device.
        pass


class ErasureImportForm(forms.Form):
    file = forms.FileField(
        label=_("Erasure report"),
        help_text=_("A Blancco XML report, or a CSV file (columns described in the documentation)."),
        error_messages={"required": _("Choose the report file to import.")},
    )


GRADE_CHOICES = [(letter, letter) for letter in "ABCD"]


class GradesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=GRADE_CHOICES, required=False, **kwargs)

    def prepare_value(self, value):
        return list(value) if isinstance(value, str) else value

    def clean(self, value):
        chosen = super().clean(value) or []
        return "".join(letter for letter in "ABCD" if letter in chosen)


class RoutePolicyForm(forms.ModelForm):
    redeploy_grades = GradesField(label=_("Redeploy inside: grades allowed"))
    network_grades = GradesField(label=_("Offer to the network: grades allowed"))
    donate_grades = GradesField(label=_("Donate: grades allowed"))
    sell_grades = GradesField(label=_("Sell to a refurbisher: grades allowed"))

    class Meta:
        model = RoutePolicy
        fields = POLICY_FIELDS

    def _post_clean(self):
        # Validated and saved by route_policy_save, which audits the change.
        pass


class CampaignForm(forms.ModelForm):
    site = PublicIdChoiceField(None, label=_("Site"))

    class Meta:
        model = CollectionCampaign
        fields = ["name", "site", "next_date", "recurrence_months", "remind_days_before", "notes"]
        widgets = {
            "next_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = tenancy_selectors.site_list(organisation=organisation)
        self.fields["site"].widget.template_name = FlatSelect.template_name
        if self.instance.pk:
            self.initial["site"] = self.instance.site.public_id

    def _post_clean(self):
        # Validated and saved by the campaign services, which audit the change.
        pass
