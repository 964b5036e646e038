"""Default mapping of our built-in device categories to Boavizta archetypes, with the quality of each.

A category maps to a composition: a list of (archetype, weight) pairs whose embedded impacts and power are
added. Quality says how far the figures are from the device:
- archetype: the data has this kind of device;
- proxy: the data does not; the nearest archetype(s) stand in, for the reason given (low quality);
- missing: no figure (furniture: not IT equipment; and any category under a factor set that lacks its
  archetype, e.g. servers under boavizta-2.5.0, extracted before servers were);
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
# boaviztapi's own default server (config.default_server), and its generic storage server (HDD storage, medium).
DEFAULT_SERVER_ARCHETYPE = "platform_compute_medium"
STORAGE_PROXY_ARCHETYPE = "platform_hddstorage_medium"

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
            _(
                "No all-in-one archetype: a desktop plus a monitor, its two parts; overestimates the shared casing "
                "and power supply."
            ),
        ),
        _profile(
            "workstation",
            [("desktop-pro", 1)],
            PROXY,
            _(
                "No workstation archetype: a professional desktop; underestimates the larger graphics card, memory "
                "and power supply."
            ),
        ),
        _profile(
            "thin_client",
            [("laptop-pro", 1)],
            PROXY,
            _(
                "No thin-client archetype: a laptop has the nearest board and storage; its screen, battery and 75 W "
                "power make it an overestimate."
            ),
        ),
        _profile(
            "feature_phone",
            [("smartphone-default", 1)],
            PROXY,
            _("No feature-phone archetype: a smartphone, an upper bound (smaller screen, board and battery)."),
        ),
        _profile(
            "printer",
            [("desktop-pro", 1)],
            PROXY,
            _(
                "No printer archetype: a desktop has a comparable casing, boards and mains power supply; paper and "
                "toner are out of scope, large multifunction printers are underestimated."
            ),
        ),
        _profile(
            "projector",
            [("tv-pro", 1)],
            PROXY,
            _("No projector archetype: a professional television, a display device of similar power (300 W)."),
        ),
        _profile(
            "network",
            [("box-default", 1)],
            PROXY,
            _("The only network device in the data is an internet box (router); underestimates rack switches."),
        ),
        _profile(
            "dock",
            [("box-default", 1)],
            PROXY,
            _("No docking-station archetype: an internet box, a small mains-powered board with ports (10 W)."),
        ),
        _profile(
            "peripheral",
            [("usb-stick-default", 1)],
            PROXY,
            _("No keyboard or mouse archetype: a USB stick, the smallest USB device in the data."),
        ),
        _profile(
            "server",
            [(DEFAULT_SERVER_ARCHETYPE, 1)],
            ARCHETYPE,
            _(
                "Boavizta's default server: a generic medium compute rack server (2 processors of 24 cores, "
                "8 × 32 GB of memory, one 1 TB SSD) at half load, about 536 W; embedded impacts from its "
                "components. Choose another server archetype for storage, GPU or cloud hosts."
            ),
        ),
        _profile(
            "storage",
            [(STORAGE_PROXY_ARCHETYPE, 1)],
            PROXY,
            _(
                "No storage-array archetype: Boavizta's generic hard-disk storage server, 24 disks of 2 TB like a "
                "2U 24-bay array; its two server processors and 384 GB of memory overestimate an array's "
                "controllers, and flash arrays and expansion shelves are not modelled."
            ),
        ),
        _profile("furniture", [], MISSING, _("Not IT equipment: outside the footprint.")),
    ]
}


NOT_IN_FACTOR_SET = _(
    "The factor set %(code)s has no figure for this kind of device (%(archetypes)s); a newer factor set may have one."
)


def profile_for_category(code: str, tables=None) -> CategoryProfile:
    """The default profile of a built-in category code; any other code has no data (quality "missing").

    With `tables` (a FactorTables), a profile whose archetypes that factor set does not have (servers under
    boavizta-2.5.0) comes back without archetypes, as "missing", with the reason: no figure, as before.
    """
    profile = DEFAULT_CATEGORY_PROFILES.get(
        code, CategoryProfile(code, (), MISSING, _("No archetype is mapped to this category."))
    )
    if tables is not None and profile.composition and not tables.covers(profile.composition):
        unknown = sorted(
            {archetype for archetype, _weight in profile.composition if archetype not in tables.archetypes}
        )
        reason = NOT_IN_FACTOR_SET % {"code": tables.code, "archetypes": ", ".join(unknown)}
        return CategoryProfile(code, (), MISSING, reason)
    return profile
