"""Writes of scenarios and of the organisation's method parameters: validated, atomic, audited."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fairfleet.footprint import fleet
from fairfleet.footprint.factors import factor_tables
from fairfleet.footprint.models import FootprintProfile, Scenario, ScenarioKind
from fairfleet.footprint.scenarios import method
from fairfleet.footprint.scenarios.compute import Plan, run
from fairfleet.inventory.models import Category
from fairfleet.tenancy.audit import audit_record, snapshot
from fairfleet.tenancy.models import Organisation, User

# The parameters each kind reads (besides horizon_years, which every kind takes), required ones first.
KIND_FIELDS = {
    ScenarioKind.KEEP_LONGER: ("category", "to_years", "from_years"),
    ScenarioKind.BUY_REFURBISHED: ("category", "percent"),
    ScenarioKind.REDEPLOY: ("category",),
    ScenarioKind.DONATE: ("category",),
    ScenarioKind.REPLACE_CATEGORY: ("category", "target_category", "percent"),
    ScenarioKind.MOVE_COUNTRY: ("country", "category"),
}
OPTIONAL_FIELDS = {"from_years", "horizon_years"}
OPTIONAL_BY_KIND = {ScenarioKind.MOVE_COUNTRY: {"category"}}
MAX_YEARS = 20


def kind_fields(kind: str) -> tuple[str, ...]:
    return (*KIND_FIELDS.get(kind, ()), "horizon_years")


def _category(organisation: Organisation, value) -> Category | None:
    if isinstance(value, Category):
        value = value.public_id
    try:
        return (
            Category.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))
            .filter(archived_at__isnull=True, public_id=str(value))
            .first()
        )
    except ValidationError:  # not a UUID
        return None


def _number(value, low: float, high: float, errors: dict, field: str) -> float | None:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        errors[field] = _("Enter a number.")
        return None
    if not number.is_finite() or not low <= number <= high:
        errors[field] = _("Enter a number between %(minimum)s and %(maximum)s.") % {"minimum": low, "maximum": high}
        return None
    return float(number)


def validate_parameters(organisation: Organisation, kind: str, parameters: dict, profile: FootprintProfile):
    """(the parameters as stored JSON, the Plan to compute). Raises ValidationError naming each bad field."""
    if kind not in ScenarioKind.values:
        raise ValidationError({"kind": _("Choose a kind of scenario.")})
    values = method.parameters_for(profile)
    errors: dict = {}
    stored: dict = {}
    plan: dict = {"kind": kind}
    optional = OPTIONAL_FIELDS | OPTIONAL_BY_KIND.get(kind, set())
    for field in kind_fields(kind):
        raw = parameters.get(field)
        if raw is None or raw == "":
            if field not in optional:
                errors[field] = _("This field is required.")
            continue
        if field in ("category", "target_category"):
            category = _category(organisation, raw)
            if category is None:
                errors[field] = _("Choose one of your categories.")
                continue
            stored[field], plan[field] = str(category.public_id), category
        elif field == "country":
            tables = factor_tables(profile.factor_set)
            code = str(raw).strip().upper()
            if code not in tables.zones:
                errors[field] = _("Choose a country the reference data covers.")
                continue
            stored[field] = plan[field] = code
        elif field == "percent":
            number = _number(raw, 1, 100, errors, field)
            if number is not None:
                stored[field] = plan[field] = number
        elif field == "horizon_years":
            number = _number(raw, 1, 15, errors, field)
            if number is not None and number != int(number):
                errors[field] = _("Enter a whole number of years.")
            elif number is not None:
                stored[field] = plan[field] = int(number)
        else:  # from_years, to_years
            number = _number(raw, 0.5, MAX_YEARS, errors, field)
            if number is not None:
                stored[field] = plan[field] = number
    if kind == ScenarioKind.KEEP_LONGER and "to_years" in plan and "category" in plan:
        current = plan.get("from_years") or _current_lifetime(organisation, profile, plan["category"])
        if abs(plan["to_years"] - current) < 1e-9:
            errors["to_years"] = _("Choose a length of use other than the current one.")
    if (
        kind == ScenarioKind.REPLACE_CATEGORY
        and plan.get("category") is not None
        and plan.get("category") == plan.get("target_category")
    ):
        errors["target_category"] = _("Choose another category than the one replaced.")
    if errors:
        raise ValidationError(errors)
    plan.setdefault("horizon_years", int(values["horizon_years"]))
    stored.setdefault("horizon_years", plan["horizon_years"])
    return stored, Plan(**plan)


def _current_lifetime(organisation: Organisation, profile: FootprintProfile, category: Category) -> float:
    rules = fleet.category_rules(organisation, factor_tables(profile.factor_set))
    rule = rules.get(category.pk)
    return rule.lifetime_years if rule else fleet.DEFAULT_LIFETIME_YEARS


def _compute(organisation: Organisation, kind: str, parameters: dict, profile: FootprintProfile) -> dict:
    _stored, plan = validate_parameters(organisation, kind, parameters, profile)
    return run(organisation, plan, method.parameters_for(profile), profile)


AUDITED = ["name", "kind", "parameters", "factor_set", "computed_at"]


@transaction.atomic
def scenario_create(*, actor: User | None, organisation: Organisation, name: str, kind: str, parameters: dict):
    """Validate the parameters for the kind, compute the scenario on the current fleet and save it."""
    name = (name or "").strip()
    profile = fleet.profile_of(organisation)
    errors = {}
    if not name:
        errors["name"] = _("Give the scenario a name.")
    try:
        stored, plan = validate_parameters(organisation, kind, parameters or {}, profile)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    scenario = Scenario(
        organisation=organisation,
        name=name,
        kind=kind,
        parameters=stored,
        factor_set=profile.factor_set,
        results=run(organisation, plan, method.parameters_for(profile), profile),
        computed_at=timezone.now(),
        created_by=actor,
    )
    scenario.full_clean(exclude=["created_by", "factor_set"])
    scenario.save()
    audit_record(organisation=organisation, actor=actor, action="create", instance=scenario,
                 after=snapshot(scenario, AUDITED))  # fmt: skip
    return scenario


@transaction.atomic
def scenario_recompute(*, actor: User | None, scenario: Scenario) -> Scenario:
    """Compute again on today's fleet, with the organisation's current factor set and method parameters."""
    profile = fleet.profile_of(scenario.organisation)
    before = snapshot(scenario, ["factor_set", "computed_at"])
    scenario.results = _compute(scenario.organisation, scenario.kind, scenario.parameters, profile)
    scenario.factor_set = profile.factor_set
    scenario.computed_at = timezone.now()
    scenario.save(update_fields=["results", "factor_set", "computed_at"])
    audit_record(organisation=scenario.organisation, actor=actor, action="recompute", instance=scenario,
                 before=before, after=snapshot(scenario, ["factor_set", "computed_at"]))  # fmt: skip
    return scenario


@transaction.atomic
def scenario_archive(*, actor: User | None, scenario: Scenario) -> Scenario:
    """Saved scenarios are never deleted: archived ones leave the lists and keep their history."""
    if scenario.archived_at is not None:
        return scenario
    scenario.archived_at = timezone.now()
    scenario.save(update_fields=["archived_at"])
    audit_record(organisation=scenario.organisation, actor=actor, action="archive", instance=scenario,
                 before={"archived_at": None}, after=snapshot(scenario, ["archived_at"]))  # fmt: skip
    return scenario


@transaction.atomic
def method_parameters_update(*, actor: User | None, profile: FootprintProfile, values: dict) -> FootprintProfile:
    """Replace the organisation's own method parameters (empty values go back to the defaults)."""
    cleaned = method.validate_values(values)
    before = dict(profile.method_parameters or {})
    if cleaned == before:
        return profile
    profile.method_parameters = cleaned
    profile.save(update_fields=["method_parameters", "updated_at"])
    audit_record(organisation=profile.organisation, actor=actor, action="update", instance=profile,
                 before={"method_parameters": before}, after={"method_parameters": cleaned})  # fmt: skip
    return profile
