"""Footprint pages: the fleet overview (from the background snapshot), a service, a device, and the assumptions.

The overview reads the snapshot the worker computes; while it is out of date the page shows the last figures
and polls a fragment (the same template it includes) until the new ones are ready.
"""

import numpy as np
from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from fairfleet.core.decorators import organisation_required
from fairfleet.core.exports import attachment_disposition, csv_response, xlsx_bytes
from fairfleet.footprint import fleet, partitions, services
from fairfleet.footprint.forms import CategoryAssumptionForm, CriterionForm, FootprintProfileForm
from fairfleet.footprint.models import CategoryAssumption, FleetSnapshot, SnapshotState
from fairfleet.footprint.perms import can_manage_assumptions, can_view_footprint
from fairfleet.footprint.presentation import Figure, bars, pick
from fairfleet.inventory import selectors as inventory_selectors
from fairfleet.inventory.models import Category, Device
from fairfleet.tenancy import selectors as tenancy_selectors
from fairfleet.tenancy.models import Person, Service, Site

TOP_DEVICES = 50


def _criterion(request, criteria: list[str]) -> tuple[CriterionForm, int]:
    form = CriterionForm(request.GET or None, criteria=criteria)
    code = form.cleaned_data["criterion"] if form.is_valid() else "gwp"
    return form, criteria.index(code) if code in criteria else 0


def _labels(organisation, name: str, keys: list[int]) -> dict[int, tuple[str, str]]:
    """Current names (and page links) of the groups of a breakdown."""
    if name == "category":
        categories = Category.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation), pk__in=keys)
        return {c.pk: (str(c.label), "") for c in categories}
    if name == "service":
        services_found = Service.objects.filter(organisation=organisation, pk__in=keys)
        return {s.pk: (s.name, reverse("footprint:service", args=[s.public_id])) for s in services_found}
    if name == "site":
        return {s.pk: (s.name, "") for s in Site.objects.filter(organisation=organisation, pk__in=keys)}
    return {key: (str(key), "") for key in keys}


BREAKDOWN_NAMES = ("category", "service", "site", "year")


def _breakdown_labels(organisation, data: dict) -> dict[str, dict]:
    """The current labels of every breakdown's groups: one query per breakdown, whatever the criteria shown."""
    return {
        name: _labels(organisation, name, [group["key"] for group in data["breakdowns"].get(name, [])])
        for name in BREAKDOWN_NAMES
    }


def _breakdown(data: dict, name: str, index: int, labels: dict) -> dict:
    """One breakdown of the snapshot for one criterion: rows with their current label, link and share."""
    groups = data["breakdowns"].get(name, [])
    none_label = {"category": "", "service": _("No service"), "site": _("No site"), "year": _("Unknown year")}[name]
    total = pick(data["per_year"], index).value
    rows = []
    for group in groups:
        label, href = labels.get(group["key"], (none_label, ""))
        figure = pick(group, index)
        share = figure.value / total if figure.value is not None and total else None
        quality = data["rules"].get(str(group["key"]), {}).get("quality", "") if name == "category" else ""
        rows.append({"key": group["key"], "label": label or none_label, "figure": figure, "href": href,
                     "share": share, "quality": quality})  # fmt: skip
    if name == "year":
        rows.sort(key=lambda row: row["key"])
    else:
        rows.sort(key=lambda row: -(row["figure"].value or 0))
    return {
        "name": name,
        "rows": rows,
        "bars": bars([(r["label"], r["figure"].value, r["href"]) for r in rows], total),
    }


def _overview_context(request, snapshot: FleetSnapshot | None) -> dict:
    organisation = request.organisation
    data = snapshot.data if snapshot and snapshot.data else None
    context = {
        "snapshot": snapshot,
        "running": snapshot is None or snapshot.state in (SnapshotState.STALE, SnapshotState.COMPUTING),
        "data": data,
        "can_manage": can_manage_assumptions(request.membership),
    }
    if not data:
        return context
    form, index = _criterion(request, data["criteria"])
    per_year = pick(data["per_year"], index)
    staff = fleet.profile_of(organisation).staff_count or Person.objects.filter(organisation=organisation).count()
    context.update(
        criterion_form=form,
        criterion=data["criteria"][index],
        unit=data["units"][index],
        per_year=per_year,
        whole_life=pick(data["whole_life"], index),
        staff=staff,
        per_employee=(per_year.value / staff) if per_year.value is not None and staff else None,
        breakdowns=[
            _breakdown(data, name, index, labels) for name, labels in _breakdown_labels(organisation, data).items()
        ],
        trend=data["trend"],
        last_pass=data.get("last_pass"),
        trend_bars=bars([(str(t["year"]), t["gwp"], "") for t in data["trend"]], None),
    )
    return context


def _snapshot_of(request) -> FleetSnapshot | None:
    rows = FleetSnapshot.objects.filter(organisation=request.organisation)
    return rows.select_related("factor_set").defer("factor_set__tables").first()  # the tables weigh megabytes


@organisation_required(can_view_footprint)
def overview(request):
    snapshot = _snapshot_of(request)
    if snapshot is None or (not snapshot.data and snapshot.state == SnapshotState.FAILED):
        snapshot = services.fleet_snapshot_request(organisation=request.organisation)
    return render(request, "footprint/overview.html", _overview_context(request, snapshot))


@organisation_required(can_view_footprint)
def overview_panel(request):
    snapshot = _snapshot_of(request)
    return render(request, "footprint/includes/overview_panel.html", _overview_context(request, snapshot))


@organisation_required(can_view_footprint)
def overview_export(request, fmt: str):
    snapshot = FleetSnapshot.objects.filter(organisation=request.organisation).first()
    data = snapshot.data if snapshot else None
    header = [_("Breakdown"), _("Group"), _("Devices"), _("Criterion"), _("Unit"), _("Embedded per year"),
              _("Use per year"), _("Total per year"), _("Minimum"), _("Maximum"), _("Factor set")]  # fmt: skip
    rows = []
    if data:
        labels = _breakdown_labels(request.organisation, data)
        for index, criterion in enumerate(data["criteria"]):
            for name in BREAKDOWN_NAMES:
                for row in _breakdown(data, name, index, labels[name])["rows"]:
                    unit, factor_set = data["units"][index], data["factor_set"]
                    rows.append(_export_row(name, row["label"], row["figure"], criterion, unit, factor_set))
    if fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes("footprint", header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = attachment_disposition("fleet-footprint.xlsx")
        return response
    return csv_response("fleet-footprint.csv", header, rows)


def _export_row(name: str, label: str, figure: Figure, criterion: str, unit: str, factor_set: str) -> list:
    def value(triple, bound=0):
        return None if triple is None else triple[bound]

    return [name, label, figure.devices, criterion, unit, value(figure.embedded), value(figure.use),
            value(figure.total), value(figure.total, 1), value(figure.total, 2), factor_set]  # fmt: skip


def _criteria_table(result: fleet.FleetResult, whole_life: fleet.FleetResult | None = None) -> list[dict]:
    """Per criterion, the totals of these devices per year (and over the whole life when given)."""
    yearly = result.footprint.totals()
    lifelong = whole_life.footprint.totals() if whole_life else None
    rows = []
    for index, code in enumerate(result.tables.criteria):
        rows.append(
            {
                "code": code,
                "label": result.tables.labels[index],
                "unit": result.tables.units[index],
                "year": pick(partitions.whole_group_row(yearly), index),
                "life": pick(partitions.whole_group_row(lifelong), index) if lifelong else None,
            }
        )
    return rows


@organisation_required(can_view_footprint)
def service_footprint(request, public_id):
    service = tenancy_selectors.get_service_for(request.organisation, public_id)
    ids = inventory_selectors.service_with_descendants(service)
    frame = fleet.fleet_frame(request.organisation, devices=Device.objects.filter(organisation=request.organisation,
                                                                                    service_id__in=ids))  # fmt: skip
    result = fleet.compute(request.organisation, frame)
    gwp = result.footprint.per_device("gwp", "total") if len(frame) else []
    ranked = sorted(zip(frame["id"].tolist(), gwp, strict=True), key=lambda pair: -np.nan_to_num(pair[1]))
    top = dict(ranked[:TOP_DEVICES])
    devices = {d.pk: d for d in Device.objects.filter(pk__in=top).select_related("model", "category")}
    keys, inverse = np.unique(frame["category_id"].to_numpy(dtype=np.int64), return_inverse=True)
    by_category = result.footprint.totals(inverse, groups=len(keys), criteria=["gwp"], phases=("total",))
    sums = by_category.values["total"][:, 0, 0]
    categories = {int(key): (None if np.isnan(value) else float(value)) for key, value in zip(keys, sums, strict=True)}
    labels = _labels(request.organisation, "category", list(categories))
    known = [value for value in categories.values() if value is not None]
    total = float(sum(known)) if known else None
    context = {
        "service": service,
        "device_count": len(frame),
        "criteria": _criteria_table(result),
        "category_bars": bars([(labels.get(k, ("", ""))[0], v, "") for k, v in categories.items()], total),
        "top_devices": [(devices[pk], value) for pk, value in top.items() if pk in devices],
        "factor_set": result.tables.code,
        "country": result.profile.country,
    }
    return render(request, "footprint/service.html", context)


@organisation_required(can_view_footprint)
def device_footprint(request, public_id):
    device = inventory_selectors.get_device_for(request.organisation, public_id)
    frame = fleet.fleet_frame(request.organisation, devices=Device.objects.filter(pk=device.pk), held_only=False)
    result = fleet.compute(request.organisation, frame)
    whole_life = fleet.compute(request.organisation, frame, per_year=False, profile=result.profile)
    rule = result.category_rule(device.category_id)
    quality = "manufacturer" if bool(result.footprint.declared_gwp_used()[0]) else rule.quality
    context = {
        "device": device,
        "criteria": _criteria_table(result, whole_life),
        "rule": rule,
        "quality": quality,
        "factor_set": result.tables.code,
        "country": result.profile.country,
        "held": device.state in fleet.HELD_STATES,
    }
    return render(request, "footprint/device.html", context)


# Categories whose reference devices are data-centre equipment: they choose among server archetypes (hundreds of
# them), the others among terminals and peripherals; a choice saved before stays offered.
SERVER_CATEGORIES = {"server", "storage"}


def _assumption_form(data, assumption, rule, tables) -> CategoryAssumptionForm:
    wanted = "server" if rule.code in SERVER_CATEGORIES else "terminal"
    chosen = {code for code, _weight in (assumption.composition if assumption else [])}
    archetypes = tuple(
        code for code, kind in zip(tables.archetypes, tables.kinds, strict=True) if kind == wanted or code in chosen
    )
    return CategoryAssumptionForm(
        data, instance=assumption, prefix=f"c{rule.category_id}", rule=rule, archetypes=archetypes
    )


@organisation_required(can_view_footprint)
def assumptions(request):
    profile = fleet.profile_of(request.organisation)
    can_manage = can_manage_assumptions(request.membership)
    tables = fleet.factor_tables(profile.factor_set)
    rules = fleet.category_rules(request.organisation, tables)
    own = {a.category_id: a for a in CategoryAssumption.objects.filter(organisation=request.organisation)}
    categories = Category.objects.filter(Q(organisation__isnull=True) | Q(organisation=request.organisation))
    data = request.POST if request.method == "POST" and can_manage else None
    profile_form = FootprintProfileForm(data, instance=profile, zones=tables.zones, zone_names=tables.zone_names)
    category_forms = [
        (category, rules[pk], _assumption_form(data, own.get(pk), rules[pk], tables))
        for category in categories.order_by("organisation_id", "code", "name")
        if category.archived_at is None and (pk := category.pk)
    ]  # fmt: skip
    if data is not None:
        if profile_form.is_valid() and all(form.is_valid() for _c, _r, form in category_forms):
            services.footprint_profile_update(actor=request.user, profile=profile, data=profile_form.cleaned_data)
            for category, _rule, form in category_forms:
                if form.has_changed():
                    services.category_assumption_save(
                        actor=request.user,
                        organisation=request.organisation,
                        category=category,
                        data=form.assumption_data(),
                    )
            messages.success(request, _("The assumptions were saved; the figures are being recomputed."))
            return redirect("footprint:assumptions")
    elif request.method == "POST":
        return HttpResponse(status=403)
    context = {"profile_form": profile_form, "category_forms": category_forms, "can_manage": can_manage,
               "factor_set": profile.factor_set}  # fmt: skip
    status = 400 if data is not None else 200
    return render(request, "footprint/assumptions.html", context, status=status)
