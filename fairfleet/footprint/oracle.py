"""boaviztapi called in-process, per device: the reference our engine is checked against.

Development and test only (boaviztapi is not installed in production). boaviztapi reads BOAVIZTA_* variables
and a .env file of the current directory when it is imported: `load_boaviztapi` imports it with neither, so that
a developer's settings never change the reference figures.
"""

import contextlib
import importlib
import os
import sys
import tempfile
import warnings
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from types import SimpleNamespace

PHASES = ("embedded", "use")

# boaviztapi's DTO class for each `device_type` of archetypes/user_terminal.csv.
DTO_CLASS_OF_DEVICE_TYPE = {
    "laptop": "Laptop",
    "desktop": "Desktop",
    "smartphone": "Smartphone",
    "tablet": "Tablet",
    "television": "Television",
    "monitor": "Monitor",
    "smartwatch": "Smartwatch",
    "box": "Box",
    "usb_stick": "UsbStick",
    "external_ssd": "ExternalSSD",
    "external_hdd": "ExternalHDD",
    "vr_headset": "VrHeadset",
    "vr_controller": "VrController",
}


@contextlib.contextmanager
def _neutral_environment():
    """No BOAVIZTA_* variable and no .env file while boaviztapi builds its settings."""
    saved = {key: os.environ.pop(key) for key in list(os.environ) if key.startswith("BOAVIZTA")}
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as empty:
        os.chdir(empty)
        try:
            yield
        finally:
            os.chdir(cwd)
            os.environ.update(saved)


@cache
def load_boaviztapi() -> SimpleNamespace:
    """Import the pieces of boaviztapi we call, once per process, with its default settings."""
    if "boaviztapi" in sys.modules:
        loaded = sys.modules["boaviztapi"]
    else:
        with _neutral_environment():
            loaded = importlib.import_module("boaviztapi")
    with _neutral_environment():
        user_terminal = importlib.import_module("boaviztapi.dto.device.user_terminal")
        device = importlib.import_module("boaviztapi.dto.device.device")
        usage = importlib.import_module("boaviztapi.dto.usage.usage")
        archetype = importlib.import_module("boaviztapi.data.archetype")
        computation = importlib.import_module("boaviztapi.compute.impacts_computation")
        impact = importlib.import_module("boaviztapi.models.impact")
    if loaded.config.default_location != "EEE":
        raise RuntimeError("boaviztapi was imported with non-default settings (BOAVIZTA_* or a .env file).")

    def server_model(*, archetype, lifetime_hours, country=None, power_w=None, use_ratio=None):
        """boaviztapi's server device for an archetype row, as its POST /v1/server/ router builds it."""
        server_usage = usage.UsageServer(
            usage_location=country, hours_life_time=lifetime_hours, avg_power=power_w, use_time_ratio=use_ratio
        )
        return device.mapper_server(device.Server(usage=server_usage), archetype=archetype)

    return SimpleNamespace(
        package=loaded,
        package_version=version("boaviztapi"),
        user_terminal=user_terminal,
        Usage=usage.Usage,
        get_user_terminal_archetype=archetype.get_user_terminal_archetype,
        get_server_archetype=archetype.get_server_archetype,
        server_model=server_model,
        compute_impacts=computation.compute_impacts,
        criteria=list(impact.IMPACT_CRITERIAS),
        package_criteria=list(impact.IMPACT_CRITERIAS.values()),
    )


@dataclass(frozen=True)
class OracleFigure:
    value: float
    min: float
    max: float


def oracle_impacts(
    archetype: str,
    *,
    country: str,
    lifetime_hours: float,
    duration_hours: float,
    power_w: float | None = None,
    use_ratio: float | None = None,
    criteria: list[str] | None = None,
) -> dict[str, dict[str, OracleFigure | None]]:
    """Raw (unrounded) impacts of one terminal, peripheral or server: {criterion: {phase: figure or None (NI)}}.

    A server archetype goes through boaviztapi's server model (as POST /v1/server/ with a usage), at the
    archetype's default configuration and workload.
    """
    boavizta = load_boaviztapi()
    selected = criteria or boavizta.criteria
    row = boavizta.get_user_terminal_archetype(archetype)
    if row:
        dto_class = getattr(boavizta.user_terminal, DTO_CLASS_OF_DEVICE_TYPE[row["device_type"]["default"]])
        usage = boavizta.Usage(
            usage_location=country, hours_life_time=lifetime_hours, avg_power=power_w, use_time_ratio=use_ratio
        )
        device = boavizta.user_terminal.mapper_user_terminal(dto_class(usage=usage), archetype=row)
        boavizta.compute_impacts(model=device, selected_criteria=selected, duration=duration_hours)
    else:
        row = boavizta.get_server_archetype(archetype)
        if not row:
            raise KeyError(archetype)
        with warnings.catch_warnings():  # pandas and scipy warnings of the CPU power model
            warnings.simplefilter("ignore")
            device = boavizta.server_model(
                archetype=row, lifetime_hours=lifetime_hours, country=country, power_w=power_w, use_ratio=use_ratio
            )
            boavizta.compute_impacts(model=device, selected_criteria=selected, duration=duration_hours)
    result = {}
    for criterion in selected:
        result[criterion] = {}
        for phase in PHASES:
            impact = device.impacts.get(criterion, {}).get(phase)
            result[criterion][phase] = (
                None if impact is None else OracleFigure(float(impact.value), float(impact.min), float(impact.max))
            )
    return result
