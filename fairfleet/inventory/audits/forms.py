from django import forms
from django.utils.translation import gettext_lazy as _

from fairfleet.inventory.forms import PublicIdChoiceField
from fairfleet.inventory.models import CosmeticGrade, DeviceCondition
from fairfleet.tenancy import selectors as tenancy_selectors
from fairfleet.tenancy.models import Organisation


class AuditCampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("For example: Town hall, spring count 2026."))
    site = PublicIdChoiceField(None, label=_("Site"), help_text=_("The site whose devices are counted."))

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = tenancy_selectors.site_list(organisation=organisation)


class AuditScanForm(forms.Form):
    code = forms.CharField(
        label=_("Asset tag or serial number"),
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "send",
                "class": "scan-input",
            }
        ),
    )
    condition = forms.ChoiceField(
        label=_("Condition"), required=False, choices=[("", _("Not noted")), *DeviceCondition.choices]
    )
    grade = forms.ChoiceField(
        label=_("Cosmetic grade"), required=False, choices=[("", _("Not graded")), *CosmeticGrade.choices]
    )


class AuditApplyForm(forms.Form):
    mark_missing_lost = forms.BooleanField(
        label=_("Also declare every device not found as lost"),
        required=False,
        help_text=_("All of them or none: if one of them cannot be declared lost, nothing is changed."),
    )
