from django import forms
from django.utils.translation import gettext_lazy as _

from fairfleet.core.widgets import FlatSelect
from fairfleet.inventory.forms import PublicIdChoiceField
from fairfleet.inventory.models import CosmeticGrade, Device
from fairfleet.inventory.selectors import category_list
from fairfleet.reuse.marketplace import selectors
from fairfleet.reuse.marketplace.models import OfferState
from fairfleet.reuse.marketplace.services import MAX_RESERVATION_DAYS, reservation_days
from fairfleet.tenancy.models import Organisation

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferedDeviceField(forms.ModelMultipleChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="public_id", widget=forms.CheckboxSelectMultiple, **kwargs)

    def label_from_instance(self, device: Device):
        grade = getattr(device, "grade", None) or _("not assessed")
        return f"{device} · {device.category.label} · {device.model} · {_('grade')} {grade}"


class OfferForm(forms.Form):
    devices = OfferedDeviceField(None, label=_("Retired devices to offer"))
    networks = forms.ModelMultipleChoiceField(
        None,
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Also offer to the members of these networks"),
        help_text=_("Leave empty to offer the items to your own services only."),
    )
    available_until = forms.DateField(label=_("Available until"), required=False, widget=DATE_INPUT)
    pickup_place = forms.CharField(label=_("Pickup place"), required=False, max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["devices"].queryset = selectors.offerable_devices(organisation=organisation)
        self.fields["networks"].queryset = selectors.shareable_networks(organisation=organisation)
        if not self.fields["networks"].queryset.exists():
            del self.fields["networks"]


class OfferFilterForm(forms.Form):
    category = PublicIdChoiceField(None, label=_("Category"), required=False, empty_label=_("All categories"))
    state = forms.ChoiceField(label=_("State"), required=False, initial=OfferState.OPEN)
    origin = forms.ChoiceField(
        label=_("Offered by"),
        required=False,
        choices=[("", _("Us and our networks")), ("own", _("Our organisation")), ("network", _("Our networks"))],
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.template_name = FlatSelect.template_name
        self.fields["category"].queryset = category_list(organisation=organisation)
        self.fields["state"].choices = [
            ("open", OfferState.OPEN.label),
            ("", _("Every state")),
            *[c for c in OfferState.choices if c[0] != OfferState.OPEN],
        ]

    def to_filters(self) -> selectors.OfferFilters:
        data = self.cleaned_data if self.is_valid() else {}
        state = data.get("state") if self.is_bound and "state" in self.data else OfferState.OPEN
        return selectors.OfferFilters(
            category=data.get("category"), state=state or "", origin=data.get("origin") or ""
        )


class RequestForm(forms.Form):
    service = PublicIdChoiceField(None, label=_("Requesting service"))
    category = PublicIdChoiceField(None, label=_("Category"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=500, initial=1)
    minimum_grade = forms.ChoiceField(
        label=_("Minimum grade"),
        required=False,
        choices=[("", _("Any grade the service's criticality allows")), *CosmeticGrade.choices],
    )
    needed_by = forms.DateField(label=_("Needed by"), required=False, widget=DATE_INPUT)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, max_length=300, help_text=_("For example: teleworking for new staff.")
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = selectors.request_services(organisation=organisation)
        self.fields["category"].queryset = category_list(organisation=organisation)


class ReserveForm(forms.Form):
    service = PublicIdChoiceField(None, label=_("For the service"))
    request = PublicIdChoiceField(None, label=_("Answers the request"), required=False, empty_label=_("No request"))
    days = forms.IntegerField(
        label=_("Hold it for (days)"),
        min_value=1,
        max_value=MAX_RESERVATION_DAYS,
        help_text=_("The reservation is released if the item is not handed over in time."),
    )

    def __init__(self, *args, organisation: Organisation, category=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = reservation_days()
        self.fields["service"].queryset = selectors.request_services(organisation=organisation)
        requests = selectors.request_list(organisation=organisation)
        self.fields["request"].queryset = requests.filter(category=category) if category is not None else requests


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class HandoverForm(forms.Form):
    notes = forms.CharField(
        label=_("Handover notes"),
        required=False,
        max_length=500,
        help_text=_("Who collected the item, and anything worth keeping."),
    )
