from django import forms
from django.utils.translation import gettext_lazy as _

from fairfleet.core.widgets import FlatSelect
from fairfleet.inventory import selectors
from fairfleet.inventory.models import AcquisitionKind, Device, DeviceModel, DeviceState
from fairfleet.inventory.perms import can_transition_device
from fairfleet.inventory.workflows import TRANSITIONS
from fairfleet.tenancy import selectors as tenancy_selectors
from fairfleet.tenancy.models import Organisation


class PublicIdChoiceField(forms.ModelChoiceField):
    """Choices travel as public UUIDs, never as database ids."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="public_id", **kwargs)

    def label_from_instance(self, obj):
        return str(getattr(obj, "label", obj))


class DeviceFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("Serial number, asset tag or model")
    )
    category = PublicIdChoiceField(None, label=_("Category"), required=False, empty_label=_("All categories"))
    state = forms.ChoiceField(label=_("State"), required=False)
    service = PublicIdChoiceField(None, label=_("Service"), required=False, empty_label=_("All services"))
    site = PublicIdChoiceField(None, label=_("Site"), required=False, empty_label=_("All sites"))
    age = forms.ChoiceField(label=_("Age"), required=False)
    warranty = forms.ChoiceField(
        label=_("Warranty"),
        required=False,
        choices=[
            ("", _("Any warranty")),
            ("ending", _("Ending within 90 days")),
            ("expired", _("Expired")),
            ("valid", _("Valid")),
        ],
    )
    kind = forms.ChoiceField(
        label=_("Acquisition"), required=False, choices=[("", _("Any acquisition")), *AcquisitionKind.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Most recently added")),
            ("oldest", _("First added")),
            ("tag", _("Asset tag")),
            ("serial", _("Serial number")),
            ("acquired", _("Oldest acquisition first")),
            ("-acquired", _("Newest acquisition first")),
            ("warranty", _("Warranty end")),
        ],
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.template_name = FlatSelect.template_name
        self.fields["category"].queryset = selectors.category_list(organisation=organisation)
        self.fields["service"].queryset = tenancy_selectors.service_list(organisation=organisation)
        self.fields["site"].queryset = tenancy_selectors.site_list(organisation=organisation)
        self.fields["state"].choices = [
            ("", _("All states")),
            ("active", _("All still in the organisation")),
            *DeviceState.choices,
        ]
        self.fields["age"].choices = [("", _("Any age")), *selectors.AGE_LABELS.items()]

    @property
    def has_active_filters(self) -> bool:
        """Whether the list is narrowed (the sort order is not a filter): phones then keep the filters open."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return any(value not in (None, "") for name, value in data.items() if name != "sort")

    def to_filters(self) -> selectors.DeviceFilters:
        """The valid part of the request; an invalid field is ignored and reported by the form."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else getattr(self, "cleaned_data", {})
        return selectors.DeviceFilters(
            search=data.get("q") or "",
            category=data.get("category"),
            state=data.get("state") or "",
            service=data.get("service"),
            site=data.get("site"),
            age=data.get("age") or "",
            warranty=data.get("warranty") or "",
            acquisition_kind=data.get("kind") or "",
        )


class DeviceForm(forms.ModelForm):
    class Meta:
        model = Device
        fields = [
            "asset_tag",
            "serial_number",
            "model",
            "service",
            "site",
            "storage_room",
            "holder",
            "acquisition_date",
            "acquisition_kind",
            "price",
            "supplier",
            "warranty_end",
            "notes",
        ]
        # Decimals follow the user's language: "1 234,50" in French, "1234.50" in English.
        localized_fields = ["price"]
        widgets = {
            "acquisition_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "warranty_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        scoped = {
            "model": selectors.device_model_list(organisation=organisation).order_by("manufacturer", "name"),
            "service": tenancy_selectors.service_list(organisation=organisation),
            "site": tenancy_selectors.site_list(organisation=organisation),
            "storage_room": tenancy_selectors.storage_room_list(organisation=organisation),
            "holder": tenancy_selectors.person_list(organisation=organisation),
        }
        for name, queryset in scoped.items():
            field = self.fields[name]
            self.fields[name] = PublicIdChoiceField(
                queryset, label=field.label, required=field.required, help_text=field.help_text
            )
            if self.instance.pk and getattr(self.instance, name) is not None:
                self.initial[name] = getattr(self.instance, name).public_id

    def _post_clean(self):
        # Validation of the whole record happens in the service, which knows the organisation.
        pass


def transition_choices(*, from_state: str, membership) -> list[tuple[str, str]]:
    return [
        (state, DeviceState(state).label)
        for state in DeviceState.values
        if state in TRANSITIONS[from_state] and can_transition_device(membership, state)
    ]


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New state"))
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=200,
        help_text=_("WEEE certificate for recycling, invoice number for a sale."),
    )
    storage_room = PublicIdChoiceField(
        None,
        label=_("Storage room"),
        required=False,
        empty_label=_("Unchanged"),
        help_text=_("Where the device is kept while it waits."),
    )

    def __init__(self, *args, organisation: Organisation, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = choices
        self.fields["storage_room"].queryset = tenancy_selectors.storage_room_list(organisation=organisation)


class BulkTransitionForm(TransitionForm):
    """The step to apply to the selected devices, or to every device the filters match."""

    selection = forms.CharField(required=False, widget=forms.HiddenInput)
    scope = forms.ChoiceField(
        choices=[("selected", _("The selected devices")), ("filtered", _("Every device matching the filters"))],
        initial="selected",
        widget=forms.RadioSelect,
        label=_("Apply to"),
    )


class DeviceModelForm(forms.ModelForm):
    class Meta:
        model = DeviceModel
        fields = [
            "manufacturer",
            "name",
            "category",
            "release_year",
            "cpu",
            "ram_gb",
            "storage_type",
            "storage_gb",
            "screen_inches",
            "tco_generation",
            "epeat_tier",
            "repairability_index",
            "declared_footprint_kgco2e",
            "declared_footprint_source",
            "is_draft",
        ]
        localized_fields = ["screen_inches", "repairability_index", "declared_footprint_kgco2e"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        self.fields["category"] = PublicIdChoiceField(
            selectors.category_list(organisation=organisation), label=field.label
        )
        if self.instance.pk:
            self.initial["category"] = self.instance.category.public_id

    def _post_clean(self):
        pass


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    is_it = forms.BooleanField(
        label=_("IT equipment"),
        required=False,
        initial=True,
        help_text=_("Untick for furniture and other non-IT assets."),
    )
