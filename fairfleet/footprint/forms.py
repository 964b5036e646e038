from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from fairfleet.footprint.factors import CRITERION_LABELS
from fairfleet.footprint.models import CategoryAssumption, FactorSet, FootprintProfile


class CriterionForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Criterion"))

    def __init__(self, *args, criteria: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [(code, CRITERION_LABELS.get(code, code)) for code in criteria]
        self.fields["criterion"].initial = "gwp"


class FootprintProfileForm(forms.ModelForm):
    class Meta:
        model = FootprintProfile
        fields = ["country", "staff_count", "factor_set"]

    def __init__(self, *args, zones: tuple, zone_names: tuple, **kwargs):
        super().__init__(*args, **kwargs)
        choices = sorted(zip(zones, zone_names, strict=True), key=lambda pair: str(pair[1]))
        self.fields["country"] = forms.ChoiceField(
            label=_("Country of use"),
            choices=[(code, f"{name} ({code})") for code, name in choices],
            help_text=FootprintProfile._meta.get_field("country").help_text,
        )
        self.fields["factor_set"].queryset = FactorSet.objects.defer("tables")
        self.fields["factor_set"].empty_label = None
        self.fields["factor_set"].help_text = _(
            "Figures say which set they used. A newer set changes the figures only when you choose it here."
        )


class CategoryAssumptionForm(forms.ModelForm):
    class Meta:
        model = CategoryAssumption
        fields = ["lifetime_years", "hours_per_day", "power_w", "custom_gwp_kg", "custom_source"]

    archetype = forms.ChoiceField(label=_("Reference device"), required=False)

    def __init__(self, *args, rule=None, archetypes: tuple = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archetype"].choices = [("", _("As mapped by fairfleet")), *((a, a) for a in archetypes)]
        composition = self.instance.composition if self.instance and self.instance.pk else []
        self.fields["archetype"].initial = composition[0][0] if len(composition) == 1 else ""
        self.order_fields(["archetype"])
        if rule is not None:  # the reference value shows through an empty field
            self.fields["lifetime_years"].widget.attrs["placeholder"] = number_format(round(rule.lifetime_years, 1))

    def assumption_data(self) -> dict:
        """The model's fields: the chosen archetype becomes the composition."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "archetype"}
        data["composition"] = [[self.cleaned_data["archetype"], 1.0]] if self.cleaned_data.get("archetype") else []
        return data

    def clean(self):
        data = super().clean()
        checks = (("lifetime_years", 0.5, 30), ("hours_per_day", 0, 24), ("power_w", 0, 5000),
                  ("custom_gwp_kg", 0, 100_000))  # fmt: skip
        for name, low, high in checks:
            value = data.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(name, _("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high})
        if data.get("custom_gwp_kg") is not None and not data.get("custom_source", "").strip():
            self.add_error("custom_source", _("Say where this figure comes from."))
        return data
