from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fairfleet.footprint.factors import factor_tables
from fairfleet.footprint.models import FootprintProfile, ScenarioKind
from fairfleet.footprint.scenarios import method
from fairfleet.footprint.scenarios.service import kind_fields
from fairfleet.inventory.forms import PublicIdChoiceField
from fairfleet.inventory.models import Category
from fairfleet.tenancy.models import Organisation

MAX_COMPARED = 4


class ScenarioKindForm(forms.Form):
    """First step, sent by GET: which kind of scenario (the parameters depend on it)."""

    kind = forms.ChoiceField(label=_("Kind of scenario"), choices=ScenarioKind.choices, widget=forms.RadioSelect)


class ScenarioForm(forms.Form):
    """Second step: a name and the parameters of the chosen kind only."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(choices=ScenarioKind.choices, widget=forms.HiddenInput)
    category = PublicIdChoiceField(None, label=_("Category"), empty_label=_("Choose a category"))
    from_years = forms.DecimalField(
        label=_("Kept today (years)"), required=False, localize=True, min_value=0.5, max_value=20, decimal_places=1,
        help_text=_("Empty: the lifetime the footprint uses for this category."),
    )  # fmt: skip
    to_years = forms.DecimalField(
        label=_("Kept instead (years)"), min_value=0.5, max_value=20, decimal_places=1, localize=True
    )
    percent = forms.DecimalField(
        label=_("Share (%)"), min_value=1, max_value=100, decimal_places=1, initial=100, localize=True,
        help_text=_("Share of the devices, or of the purchases, the change applies to."),
    )  # fmt: skip
    target_category = PublicIdChoiceField(None, label=_("Replaced by"), empty_label=_("Choose a category"))
    country = forms.ChoiceField(label=_("Electricity of"))
    horizon_years = forms.IntegerField(
        label=_("Horizon (years)"), min_value=1, max_value=15,
        help_text=_("The years over which the avoided impacts are added up."),
    )  # fmt: skip

    def __init__(self, *args, organisation: Organisation, profile: FootprintProfile, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = kind
        categories = Category.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation)).filter(
            archived_at__isnull=True, is_it=True
        )
        for name in ("category", "target_category"):
            self.fields[name].queryset = categories
        tables = factor_tables(profile.factor_set)
        zones = ((code, f"{tables.zone_names[index]} ({code})") for index, code in enumerate(tables.zones))
        self.fields["country"].choices = [("", _("Choose a country")), *sorted(zones, key=lambda pair: pair[1])]
        self.fields["horizon_years"].initial = int(method.parameters_for(profile)["horizon_years"])
        if kind == ScenarioKind.MOVE_COUNTRY:
            self.fields["category"].required = False
            self.fields["category"].empty_label = _("All categories")
        wanted = {"name", "kind", *kind_fields(kind)}
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]

    def parameters(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in kind_fields(data["kind"]) if name in data}


class MethodParametersForm(forms.Form):
    """One field per method parameter; empty takes the default shown in the help text."""

    def __init__(self, *args, profile: FootprintProfile, **kwargs):
        stored = dict(profile.method_parameters or {})
        kwargs.setdefault("initial", stored)
        super().__init__(*args, **kwargs)
        for parameter in method.PARAMETERS:
            self.fields[parameter.code] = forms.DecimalField(
                label=parameter.label,
                required=False,
                min_value=parameter.minimum,
                max_value=parameter.maximum,
                decimal_places=3,
                localize=True,  # "0,3" in French and Dutch
                help_text=_("%(unit)s; default %(default)s. Empty: the default.")
                % {"unit": parameter.unit, "default": parameter.default},
            )

    def values(self) -> dict:
        return {code: value for code, value in self.cleaned_data.items() if value is not None}


class CompareForm(forms.Form):
    """Scenarios picked on the list (GET): one to four, shown beside the current state."""

    s = forms.MultipleChoiceField(label=_("Scenarios"), choices=(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, scenarios, **kwargs):
        super().__init__(*args, **kwargs)
        self.scenarios = {str(scenario.public_id): scenario for scenario in scenarios}
        self.fields["s"].choices = [(key, scenario.name) for key, scenario in self.scenarios.items()]

    def clean_s(self):
        chosen = self.cleaned_data["s"]
        if not 1 <= len(chosen) <= MAX_COMPARED:
            raise forms.ValidationError(_("Choose one to four scenarios to compare with the current state."))
        return [self.scenarios[key] for key in chosen]
