"""Reuse reports: the décret 2023-266 ratio with the devices behind each number and its exports, and the
network dashboard of a regional reuse platform."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fairfleet.core.decorators import organisation_required
from fairfleet.core.exports import XLSX_CONTENT_TYPE, attachment_disposition, csv_response, xlsx_bytes
from fairfleet.reuse.reporting import decree, selectors
from fairfleet.reuse.reporting.perms import can_view_network_dashboard, can_view_reuse_reports

FIRST_YEAR = 2000


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today.year - 1 if today.month < 4 else today.year
    return year if FIRST_YEAR <= year <= today.year else today.year


@organisation_required(can_view_reuse_reports)
def decree_report(request):
    year = _year(request)
    report = decree.decree_ratio(organisation=request.organisation, year=year)
    years = sorted(set(decree.report_years()) | {year}, reverse=True)
    context = {
        "report": report,
        "year": year,
        "years": years,
        "targets": decree.TARGETS,
        "decree_source": decree.DECREE_SOURCE,
        "decree_url": decree.DECREE_URL,
        "protected_data_rule": decree.PROTECTED_DATA_RULE,
        "max_age": decree.MAX_AGE_YEARS,
        "sections": [
            ("counted", _("Devices counted in A (proof of reuse dated in the year)"), report.counted),
            ("stock", _("Devices counted in B (retired stock on 1 January)"), report.stock),
            ("awaiting", _("Devices that left without a proof of reuse (not counted)"), report.awaiting_proof),
            ("excluded", _("Devices excluded from the ratio"), report.excluded),
        ],
    }
    return render(request, "reuse/reporting/decree_report.html", context)


def _export_header() -> list[str]:
    return [
        _("Section"),
        _("Identifier"),
        _("Asset tag"),
        _("Serial number"),
        _("Category"),
        _("Manufacturer"),
        _("Model"),
        _("Acquisition date"),
        _("Retired on"),
        _("Age at retirement (years)"),
        _("Proof of reuse"),
        _("Proof dated"),
        _("Reason for exclusion"),
    ]


def _export_rows(report: decree.RatioReport):
    sections = [
        (_("A: counted"), report.counted),
        (_("B: stock on 1 January"), report.stock),
        (_("Left without proof"), report.awaiting_proof),
        (_("Excluded"), report.excluded),
    ]
    for label, rows in sections:
        for row in rows:
            device = row.device
            yield [
                label,
                str(device.public_id),
                device.asset_tag,
                device.serial_number,
                str(device.category.label),
                device.model.manufacturer,
                device.model.name,
                device.acquisition_date,
                row.retired_on,
                round(row.age_years, 1) if row.age_years is not None else None,
                str(row.proof_label),
                row.proof_on,
                str(row.exclusion_label),
            ]
    yield []
    yield [_("A"), report.numerator]
    yield [_("B"), report.denominator]
    yield [_("Ratio (%)"), report.ratio]
    yield [_("Target (%)"), report.target.percent if report.target else None]


@organisation_required(can_view_reuse_reports)
def decree_export(request, year: int, fmt: str):
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    report = decree.decree_ratio(organisation=request.organisation, year=year)
    name = f"reuse-ratio-{year}"
    if fmt == "csv":
        return csv_response(f"{name}.csv", _export_header(), _export_rows(report))
    content = xlsx_bytes(_("Reuse ratio %(year)s") % {"year": year}, _export_header(), _export_rows(report))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_disposition(f"{name}.xlsx")
    return response


@organisation_required(can_view_network_dashboard)
def network_list(request):
    networks = selectors.coordinated_platforms(organisation=request.organisation)
    return render(request, "reuse/reporting/network_list.html", {"networks": networks})


@organisation_required(can_view_network_dashboard)
def network_dashboard(request, public_id):
    network = selectors.get_coordinated_platform_for(request.organisation, public_id)
    year = _year(request)
    dashboard = selectors.network_dashboard(network=network, year=year, viewer=request.organisation)
    context = {
        "network": network,
        "dashboard": dashboard,
        "year": year,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
    }
    return render(request, "reuse/reporting/network_dashboard.html", context)
