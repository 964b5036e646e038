"""Pages of the what-if scenarios: list and compare selection, creation in two steps, one scenario, the
comparison, their exports, and the organisation's method parameters.

Creation works without JavaScript: the kind is chosen first (a GET form), then the page shows that kind's
parameters. With htmx, changing the kind swaps the parameter fields in place with the same fragment.
"""

import numpy as np
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fairfleet.core.decorators import organisation_required
from fairfleet.core.exports import XLSX_CONTENT_TYPE, attachment_disposition, csv_response, xlsx_bytes
from fairfleet.core.forms import NOT_SAVED, form_status, submit_form
from fairfleet.footprint import fleet
from fairfleet.footprint.factors import VALUE
from fairfleet.footprint.models import ScenarioKind
from fairfleet.footprint.perms import can_manage_assumptions, can_manage_scenarios, can_view_footprint
from fairfleet.footprint.presentation import significant
from fairfleet.footprint.scenarios import method, presentation, service
from fairfleet.footprint.scenarios.forms import CompareForm, MethodParametersForm, ScenarioForm, ScenarioKindForm
from fairfleet.footprint.selectors import get_scenario_for, scenarios_for
from fairfleet.inventory.models import Category

LIST_LENGTH = 200


@organisation_required(can_view_footprint)
def scenario_list(request):
    scenarios = list(scenarios_for(request.organisation)[:LIST_LENGTH])
    rows = []
    for scenario in scenarios:
        item = presentation.criterion_item(scenario.results or {})
        rows.append({"scenario": scenario, "avoided": presentation.shown(item["avoided"]["total"] if item else None),
                     "unit": item["unit"] if item else ""})  # fmt: skip
    context = {
        "rows": rows,
        "can_manage": can_manage_scenarios(request.membership),
        "can_edit_method": can_manage_assumptions(request.membership),
        "criterion": presentation.criterion_label(presentation.CHART_CRITERION),
    }
    return render(request, "footprint/scenarios/list.html", context)


def _kind_of(request) -> str:
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    return kind if kind in ScenarioKind.values else ""


def _fields_context(request, kind: str, form=None) -> dict:
    profile = fleet.profile_of(request.organisation)
    if form is None and kind:
        form = ScenarioForm(organisation=request.organisation, profile=profile, kind=kind)
    return {"form": form, "kind": kind, "kind_label": ScenarioKind(kind).label if kind else ""}


@organisation_required(can_manage_scenarios)
def scenario_create(request):
    kind = _kind_of(request)
    form = None
    if kind:
        profile = fleet.profile_of(request.organisation)
        form = ScenarioForm(request.POST or None, organisation=request.organisation, profile=profile, kind=kind)
        scenario = submit_form(
            request,
            form,
            lambda data: service.scenario_create(
                actor=request.user,
                organisation=request.organisation,
                name=data["name"],
                kind=data["kind"],
                parameters=form.parameters(),
            ),
        )
        if scenario is not NOT_SAVED:
            messages.success(request, _("The scenario was computed and saved."))
            return redirect("footprint:scenario_detail", public_id=scenario.public_id)
    context = {
        "kind_form": ScenarioKindForm(initial={"kind": kind}, auto_id="choice_%s"),  # ids unique on the page
        **_fields_context(request, kind, form),
    }
    return render(request, "footprint/scenarios/create.html", context, status=form_status(form) if form else 200)


@organisation_required(can_manage_scenarios)
def scenario_fields(request):
    """The parameter fields of one kind: what htmx swaps in when the kind changes."""
    return render(request, "footprint/scenarios/includes/fields.html", _fields_context(request, _kind_of(request)))


def _category_labels(request, scenario) -> dict:
    ids = [scenario.parameters.get(name) for name in ("category", "target_category")]
    categories = Category.objects.filter(Q(organisation__isnull=True) | Q(organisation=request.organisation))
    found = {str(c.public_id): str(c.label) for c in categories.filter(public_id__in=[i for i in ids if i])}
    return {"category": found.get(ids[0] or "", ""), "target_category": found.get(ids[1] or "", "")}


def _detail_context(request, scenario) -> dict:
    results = scenario.results or {}
    assumptions = results.get("assumptions") or {}
    return {
        "scenario": scenario,
        "results": results,
        "assumptions": assumptions,
        "rows": presentation.criterion_rows(results),
        "year_numbers": list(range(1, int(results.get("horizon_years", 0)) + 1)),
        "chart": presentation.year_chart(results),
        "cost": presentation.cost_view(results),
        "warnings": presentation.warning_texts(results),
        "parameters": presentation.parameter_rows(results),
        "labels": _category_labels(request, scenario),
        "lifetime": significant(assumptions.get("lifetime_years")),
        "can_manage": can_manage_scenarios(request.membership),
    }


@organisation_required(can_view_footprint)
def scenario_detail(request, public_id):
    scenario = get_scenario_for(request.organisation, public_id)
    return render(request, "footprint/scenarios/detail.html", _detail_context(request, scenario))


@require_POST
@organisation_required(can_manage_scenarios)
def scenario_recompute(request, public_id):
    scenario = get_scenario_for(request.organisation, public_id)
    service.scenario_recompute(actor=request.user, scenario=scenario)
    messages.success(request, _("The scenario was computed again on today's fleet."))
    return redirect("footprint:scenario_detail", public_id=scenario.public_id)


@require_POST
@organisation_required(can_manage_scenarios)
def scenario_archive(request, public_id):
    scenario = get_scenario_for(request.organisation, public_id)
    service.scenario_archive(actor=request.user, scenario=scenario)
    messages.success(request, _("The scenario was archived."))
    return redirect("footprint:scenario_list")


def _xlsx_response(filename: str, title: str, header, rows) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(title, header, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_disposition(filename)
    return response


@organisation_required(can_view_footprint)
def scenario_export_csv(request, public_id):
    scenario = get_scenario_for(request.organisation, public_id)
    return csv_response(f"scenario-{scenario.public_id}.csv", presentation.export_header(),
                        presentation.export_rows(scenario))  # fmt: skip


@organisation_required(can_view_footprint)
def scenario_export_xlsx(request, public_id):
    scenario = get_scenario_for(request.organisation, public_id)
    return _xlsx_response(f"scenario-{scenario.public_id}.xlsx", _("Scenario"), presentation.export_header(),
                          presentation.export_rows(scenario))  # fmt: skip


def _compare_form(request) -> CompareForm:
    return CompareForm(request.GET or None, scenarios=scenarios_for(request.organisation)[:LIST_LENGTH])


def _current_state(request) -> dict[str, list]:
    """Today's yearly footprint of the fleet per criterion (total phase), computed now."""
    frame = fleet.fleet_frame(request.organisation)
    if frame.empty:
        return {}
    result = fleet.compute(request.organisation, frame)
    totals = result.footprint.totals(phases=("embedded", "use"))
    total = totals.values["embedded"][0] + totals.values["use"][0]
    return {code: (None if np.isnan(total[i, VALUE]) else list(total[i])) for i, code in enumerate(totals.criteria)}


@organisation_required(can_view_footprint)
def scenario_compare(request):
    form = _compare_form(request)
    if not form.is_valid():
        context = {"form": form, "chosen": [], "rows": [], "chart": None}
        return render(request, "footprint/scenarios/compare.html", context, status=form_status(form))
    chosen = form.cleaned_data["s"]
    current = _current_state(request)
    codes = []
    for scenario in chosen:
        codes += [item["code"] for item in scenario.results.get("criteria", []) if item["code"] not in codes]
    rows = []
    for code in codes:
        items = [next((i for i in s.results.get("criteria", []) if i["code"] == code), None) for s in chosen]
        unit = next(item["unit"] for item in items if item)
        rows.append({
            "label": presentation.criterion_label(code),
            "unit": unit,
            "current": presentation.shown(current.get(code)),
            "cells": [{"name": scenario.name,
                       "avoided": presentation.shown(item["avoided"]["total"] if item else None),
                       "horizon": presentation.shown(item["horizon"] if item else None)}
                      for scenario, item in zip(chosen, items, strict=True)],
        })  # fmt: skip
    chart_items = []
    for scenario in chosen:
        item = presentation.criterion_item(scenario.results)
        chart_items.append((scenario.name, item["horizon"] if item else None))
    chart = presentation.chart(chart_items)
    context = {
        "form": form,
        "chosen": [{"scenario": s, "cost": presentation.cost_view(s.results)} for s in chosen],
        "rows": rows,
        "chart": {
            **chart,
            "criterion": presentation.criterion_label(presentation.CHART_CRITERION),
            "unit": rows[0]["unit"] if rows else "",
        },
        "query": request.GET.urlencode(),
    }
    return render(request, "footprint/scenarios/compare.html", context)


def _compare_export(request, fmt: str):
    form = _compare_form(request)
    if not form.is_valid():
        return HttpResponse(
            _("Choose one to four scenarios to compare with the current state."), status=400, content_type="text/plain"
        )
    header = presentation.export_header()

    def rows():
        for scenario in form.cleaned_data["s"]:
            yield from presentation.export_rows(scenario)

    if fmt == "csv":
        return csv_response("scenarios-compared.csv", header, rows())
    return _xlsx_response("scenarios-compared.xlsx", _("Scenarios"), header, rows())


@organisation_required(can_view_footprint)
def compare_export_csv(request):
    return _compare_export(request, "csv")


@organisation_required(can_view_footprint)
def compare_export_xlsx(request):
    return _compare_export(request, "xlsx")


@organisation_required(can_view_footprint)
def method_parameters(request):
    """The method's parameters with their sources; those who keep the assumptions may set their own values."""
    profile = fleet.profile_of(request.organisation)
    can_edit = can_manage_assumptions(request.membership)
    form = MethodParametersForm(request.POST or None, profile=profile) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        saved = submit_form(
            request, form, lambda data: service.method_parameters_update(
                actor=request.user, profile=profile, values=form.values())
        )  # fmt: skip
        if saved is not NOT_SAVED:
            messages.success(request, _("The method parameters were saved. Recompute a scenario to use them."))
            return redirect("footprint:method_parameters")
    values = method.parameters_for(profile)
    own = method.own_values(profile)
    rows = [
        {"parameter": parameter, "value": significant(values[parameter.code]), "own": parameter.code in own,
         "default": significant(parameter.default), "field": form[parameter.code] if form else None}
        for parameter in method.PARAMETERS
    ]  # fmt: skip
    context = {"rows": rows, "form": form, "can_edit": can_edit}
    return render(request, "footprint/scenarios/method.html", context, status=form_status(form) if form else 200)
