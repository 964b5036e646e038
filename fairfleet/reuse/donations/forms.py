"""Forms of the donations pages. They parse input; the rules live in the services."""

import datetime

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from fairfleet.inventory.categories import BUILTIN_CATEGORY_LABELS
from fairfleet.inventory.models import Device, DeviceState
from fairfleet.reuse.donations import selectors, territories
from fairfleet.reuse.donations.custody import PARTNER_KINDS
from fairfleet.reuse.donations.models import LegalStatus, QualityLabel
from fairfleet.reuse.models import Assessment, BeneficiaryKind, CustodyEventKind
from fairfleet.tenancy.models import Site

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _category_choices():
    return [(code, label) for code, label in BUILTIN_CATEGORY_LABELS.items()]


class ListingForm(forms.Form):
    network = forms.ChoiceField(label=_("Reuse platform that validates your listing"), required=False, choices=[])
    legal_status = forms.ChoiceField(label=_("Legal status"), choices=LegalStatus.choices)
    description = forms.CharField(label=_("What you do"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    territories = forms.MultipleChoiceField(
        label=_("Territories served"),
        required=False,
        choices=[],
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    postcodes = forms.CharField(
        label=_("Postcodes served"),
        required=False,
        help_text=_("Postcodes or their first digits, separated by commas, e.g. 59000, 5910."),
    )
    accepted_categories = forms.MultipleChoiceField(
        label=_("Device categories accepted"), choices=_category_choices, widget=forms.CheckboxSelectMultiple
    )
    min_lot_size = forms.IntegerField(label=_("Minimum lot size (devices)"), min_value=1, max_value=100_000, initial=1)
    monthly_capacity = forms.IntegerField(label=_("Monthly capacity (devices)"), min_value=0, max_value=1_000_000)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.platforms = {str(n.public_id): n for n in selectors.member_platforms(organisation)}
        self.fields["network"].choices = [("", "—")] + [(k, n.name) for k, n in self.platforms.items()]
        self.fields["territories"].choices = territories.choices()

    def clean_postcodes(self):
        return [p.strip() for p in self.cleaned_data["postcodes"].split(",") if p.strip()]

    def clean_network(self):
        value = self.cleaned_data["network"]
        return self.platforms.get(value) if value else None


class LabelForm(forms.Form):
    label = forms.ChoiceField(label=_("Label"), choices=QualityLabel.choices)
    detail = forms.CharField(label=_("Name or certificate number"), max_length=200, required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_WIDGET)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            self.add_error("valid_until", _("The end of validity comes before its start."))
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("validate", _("Validate")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note to the partner"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def eligible_devices(organisation):
    """The donor's devices at end of use, assessed, and in no open lot."""
    assessed = Assessment.objects.filter(device_id=OuterRef("pk"))
    return (
        Device.objects.filter(organisation=organisation, state=DeviceState.END_OF_USE)
        .filter(Exists(assessed))
        .select_related("model", "category")
        .order_by("asset_tag", "serial_number", "id")
    )


class DeviceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.asset_tag or obj.serial_number} · {obj.model} ({obj.category.label})"


class LotForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    site = forms.ModelChoiceField(label=_("Site where the devices are"), queryset=Site.objects.none())
    notes = forms.CharField(
        label=_("Notes for the partners"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    required_statuses = forms.MultipleChoiceField(
        label=_("Partner legal statuses you require"),
        required=False,
        choices=LegalStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to accept any status."),
    )
    required_labels = forms.MultipleChoiceField(
        label=_("Quality labels you require"),
        required=False,
        choices=QualityLabel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    devices = DeviceChoiceField(
        label=_("Devices (at end of use and assessed)"),
        queryset=Device.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="public_id",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(organisation=organisation, archived_at__isnull=True)
        self.fields["devices"].queryset = eligible_devices(organisation)


class AddDevicesForm(forms.Form):
    devices = DeviceChoiceField(
        label=_("Devices to add (at end of use and assessed)"),
        queryset=Device.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="public_id",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["devices"].queryset = eligible_devices(organisation)


class OfferForm(forms.Form):
    partners = forms.MultipleChoiceField(label=_("Partners"), choices=[], widget=forms.CheckboxSelectMultiple)
    acknowledge_warnings = forms.BooleanField(
        label=_("I have read the warnings and offer the lot anyway"), required=False
    )

    def __init__(self, *args, matches, **kwargs):
        super().__init__(*args, **kwargs)
        self.listings = {str(m.listing.public_id): m.listing for m in matches}
        self.fields["partners"].choices = [(k, listing.organisation.name) for k, listing in self.listings.items()]

    def chosen_listings(self):
        return [self.listings[k] for k in self.cleaned_data["partners"]]


class AnswerForm(forms.Form):
    note = forms.CharField(label=_("Message to the donor"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PickupForm(forms.Form):
    pickup_date = forms.DateField(label=_("Pick-up date"), widget=DATE_WIDGET)
    pickup_place = forms.CharField(label=_("Pick-up place"), max_length=300)
    transporter = forms.CharField(label=_("Transporter"), max_length=200, required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CustodyEventForm(forms.Form):
    device = forms.ChoiceField(label=_("Device"), choices=[])
    kind = forms.ChoiceField(label=_("Event"), choices=[(k, CustodyEventKind(k).label) for k in PARTNER_KINDS])
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=datetime.date.today)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    territory = forms.ChoiceField(label=_("Territory"), required=False, choices=[])
    beneficiary_kind = forms.ChoiceField(
        label=_("Beneficiary"), required=False, choices=[("", "—"), *BeneficiaryKind.choices]
    )
    price = forms.DecimalField(label=_("Price (€)"), required=False, min_value=0, max_digits=10, decimal_places=2)
    reference = forms.CharField(label=_("Reference"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {str(item.device.public_id): item for item in items}
        self.fields["device"].choices = [
            (k, f"{item.device.serial_number or item.device.asset_tag} · {item.device.model}")
            for k, item in self.items.items()
        ]
        self.fields["territory"].choices = [("", "—"), *territories.choices()]

    def clean_device(self):
        return self.items[self.cleaned_data["device"]]


class CustodyImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("UTF-8, comma- or semicolon-separated; see the columns below.")
    )
