"""The functional checks of a triage, as data per built-in category code.

Each check has a stable code (stored in Assessment.checklist as {code: "ok" | "fault" | "na"}) and a
translated label. Categories not listed here (an organisation's own, furniture, peripherals...) use the
generic list. docs/reuse-triage.md lists every check.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

OK, FAULT, NOT_APPLICABLE = "ok", "fault", "na"


@dataclass(frozen=True)
class Check:
    code: str
    label: object  # lazy text


POWERS_ON = Check("powers_on", _("Powers on and starts"))
SCREEN = Check("screen", _("Screen: no dead pixels, cracks or backlight faults"))
KEYBOARD = Check("keyboard", _("Keyboard: every key works"))
TOUCHPAD = Check("touchpad", _("Touchpad and buttons"))
BATTERY_CHARGES = Check("battery_charges", _("Battery charges"))
PORTS = Check("ports", _("Ports (USB, video, audio, power)"))
WEBCAM = Check("webcam", _("Webcam and microphone"))
WIFI = Check("wifi", _("Wi-Fi and Bluetooth"))
ETHERNET = Check("ethernet", _("Wired network port"))
SPEAKERS = Check("speakers", _("Speakers"))
HINGES = Check("hinges", _("Hinges and case"))
STORAGE_DRIVE = Check("storage_drive", _("Storage drive detected"))
TOUCHSCREEN = Check("touchscreen", _("Touchscreen responds everywhere"))
BUTTONS = Check("buttons", _("Physical buttons"))
CAMERAS = Check("cameras", _("Cameras"))
CELLULAR = Check("cellular", _("Mobile network (SIM) and calls"))
SIM_UNLOCKED = Check("sim_unlocked", _("Not locked to an operator or an account"))
PRINTS = Check("prints", _("Prints a test page"))
SCANS = Check("scans", _("Scans and copies"))
PAPER_PATH = Check("paper_path", _("Paper trays and feed"))
CONSUMABLES = Check("consumables", _("Toner or ink present"))
PANEL = Check("panel", _("Panel: no dead pixels or burn-in"))
INPUTS = Check("inputs", _("Video inputs"))
STAND = Check("stand", _("Stand and mounting"))
LAMP = Check("lamp", _("Lamp or light source"))
FANS = Check("fans", _("Fans and cooling"))
POWER_SUPPLY = Check("power_supply", _("Power supply units"))
SELF_TEST = Check("self_test", _("Built-in self-test or diagnostics pass"))
CONFIG_RESET = Check("config_reset", _("Reset to factory settings"))
DISKS = Check("disks", _("Drives detected and healthy"))
CHARGER = Check("charger", _("Charger or power cable included"))
WORKS = Check("works", _("Works as intended"))
COMPLETE = Check("complete", _("Complete: no missing parts"))
CLEAN = Check("clean", _("Clean and safe to handle"))

COMPUTER = (POWERS_ON, STORAGE_DRIVE, PORTS, ETHERNET, WIFI, FANS, SPEAKERS, CHARGER)
LAPTOP = (POWERS_ON, SCREEN, KEYBOARD, TOUCHPAD, BATTERY_CHARGES, PORTS, WEBCAM, WIFI, SPEAKERS, HINGES,
          STORAGE_DRIVE, CHARGER)  # fmt: skip
MOBILE = (POWERS_ON, TOUCHSCREEN, SCREEN, BATTERY_CHARGES, BUTTONS, CAMERAS, WIFI, PORTS, SPEAKERS, SIM_UNLOCKED,
          CHARGER)  # fmt: skip

CHECKLISTS: dict[str, tuple[Check, ...]] = {
    "laptop": LAPTOP,
    "desktop": COMPUTER,
    "workstation": COMPUTER,
    "thin_client": (POWERS_ON, PORTS, ETHERNET, WIFI, CHARGER),
    "all_in_one": (POWERS_ON, SCREEN, STORAGE_DRIVE, PORTS, WEBCAM, WIFI, ETHERNET, SPEAKERS, STAND, CHARGER),
    "tablet": MOBILE,
    "smartphone": (*MOBILE, CELLULAR),
    "feature_phone": (POWERS_ON, SCREEN, KEYBOARD, BATTERY_CHARGES, CELLULAR, SIM_UNLOCKED, CHARGER),
    "monitor": (POWERS_ON, PANEL, INPUTS, STAND, CHARGER),
    "printer": (POWERS_ON, PRINTS, SCANS, PAPER_PATH, CONSUMABLES, CONFIG_RESET, CHARGER),
    "projector": (POWERS_ON, LAMP, INPUTS, FANS, CHARGER),
    "server": (POWERS_ON, SELF_TEST, DISKS, POWER_SUPPLY, FANS, ETHERNET),
    "network": (POWERS_ON, SELF_TEST, PORTS, CONFIG_RESET, FANS),
    "storage": (POWERS_ON, SELF_TEST, DISKS, POWER_SUPPLY, FANS),
    "dock": (POWERS_ON, PORTS, INPUTS, CHARGER),
}
GENERIC = (POWERS_ON, WORKS, COMPLETE, CLEAN)


def checklist_for(category_code: str) -> tuple[Check, ...]:
    """The checks of a category; the generic list for a category without its own."""
    return CHECKLISTS.get(category_code or "", GENERIC)


def failed_checks(category_code: str, answers: dict) -> list[Check]:
    """The checks answered "fault", in the list's order."""
    return [check for check in checklist_for(category_code) if (answers or {}).get(check.code) == FAULT]
