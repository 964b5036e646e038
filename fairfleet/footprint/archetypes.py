"""Default mapping of our built-in device categories to Boavizta archetypes, with the quality of each.

A category maps to a composition: a list of (archetype, weight) pairs whose embedded impacts and power are
added. Quality says how far the figures are from the device:
- archetype: the data has this kind of device;
- proxy: the data does not; the nearest archetype(s) stand in, for the reason given (low quality);
- missing: no figure (servers and storage arrays: Boavizta's bottom-up server model is not ported yet;
  furniture: not IT equipment);
- manufacturer: set by the engine when a declared product carbon footprint replaces the embedded climate figure.
Rule for proxies: no unsourced scaling factor. A combined device is the sum of its parts; otherwise the nearest
archetype is used as is, and the reason says whether it over- or underestimates.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from fairfleet.footprint.factors import Composition


class DataQuality(models.TextChoices):
    MANUFACTURER = "manufacturer", _("Manufacturer's declaration")
    ARCHETYPE = "archetype", _("Reference archetype")
    PROXY = "proxy", _("Proxy (low quality)")
    MISSING = "missing", _("No data")


@dataclass(frozen=True)
class CategoryProfile:
    category: str
    composition: Composition  # empty when there is no figure
    quality: str
    reason: str = ""

    @property
    def main_archetype(self) -> str | None:
        return self.composition[0][0] if self.composition else None


def _profile(category, composition, quality, reason=""):
    return CategoryProfile(category, tuple((archetype, float(weight)) for archetype, weight in composition), quality,
                           reason)  # fmt: skip


ARCHETYPE, PROXY, MISSING = DataQuality.ARCHETYPE.value, DataQuality.PROXY.value, DataQuality.MISSING.value

DEFAULT_CATEGORY_PROFILES: dict[str, CategoryProfile] = {
    profile.category: profile
    for profile in [
        _profile("laptop", [("laptop-pro", 1)], ARCHETYPE),
        _profile("desktop", [("desktop-pro", 1)], ARCHETYPE),
        _profile("monitor", [("monitor-default", 1)], ARCHETYPE),
        _profile("tablet", [("tablet-default", 1)], ARCHETYPE),
        _profile("smartphone", [("smartphone-default", 1)], ARCHETYPE),
        _profile(
            "all_in_one",
            [("desktop-pro", 1), ("monitor-default", 1)],
            PROXY,
            "No all-in-one archetype: a desktop plus a monitor, its two parts; overestimates the shared casing "
            "and power supply.",
        ),
        _profile(
            "workstation",
            [("desktop-pro", 1)],
            PROXY,
            "No workstation archetype: a professional desktop; underestimates the larger graphics card, memory "
            "and power supply.",
        ),
        _profile(
            "thin_client",
            [("laptop-pro", 1)],
            PROXY,
            "No thin-client archetype: a laptop has the nearest board and storage; its screen, battery and 75 W "
            "power make it an overestimate.",
        ),
        _profile(
            "feature_phone",
            [("smartphone-default", 1)],
            PROXY,
            "No feature-phone archetype: a smartphone, an upper bound (smaller screen, board and battery).",
        ),
        _profile(
            "printer",
            [("desktop-pro", 1)],
            PROXY,
            "No printer archetype: a desktop has a comparable casing, boards and mains power supply; paper and "
            "toner are out of scope, large multifunction printers are underestimated.",
        ),
        _profile(
            "projector",
            [("tv-pro", 1)],
            PROXY,
            "No projector archetype: a professional television, a display device of similar power (300 W).",
        ),
        _profile(
            "network",
            [("box-default", 1)],
            PROXY,
            "The only network device in the data is an internet box (router); underestimates rack switches.",
        ),
        _profile(
            "dock",
            [("box-default", 1)],
            PROXY,
            "No docking-station archetype: an internet box, a small mains-powered board with ports (10 W).",
        ),
        _profile(
            "peripheral",
            [("usb-stick-default", 1)],
            PROXY,
            "No keyboard or mouse archetype: a USB stick, the smallest USB device in the data.",
        ),
        _profile(
            "server",
            [],
            MISSING,
            "Servers are modelled bottom-up from components in Boavizta; not ported yet, so no figure.",
        ),
        _profile(
            "storage",
            [],
            MISSING,
            "Storage arrays are data-centre equipment like servers; no figure until the server model is ported.",
        ),
        _profile("furniture", [], MISSING, "Not IT equipment: outside the footprint."),
    ]
}


def profile_for_category(code: str) -> CategoryProfile:
    """The default profile of a built-in category code; any other code has no data (quality "missing")."""
    return DEFAULT_CATEGORY_PROFILES.get(
        code, CategoryProfile(code, (), MISSING, "No archetype is mapped to this category.")
    )
