"""Import reports keep each error's code and parameters, so that the page shows every message in the language
of whoever reads it, not of whoever ran the check."""

from fairfleet.inventory.imports.readers import REFUSALS
from fairfleet.inventory.imports.snipeit import SNIPEIT_ERRORS
from fairfleet.inventory.imports.values import CELL_ERRORS

_MESSAGES = {**CELL_ERRORS, **REFUSALS, **SNIPEIT_ERRORS}


def localised_message(error: dict) -> str:
    """The error's message in the active language; the stored one when the code or its parameters are unknown."""
    text = _MESSAGES.get(error.get("code", ""))
    params = error.get("params")
    if text is None or params is None:
        return error.get("message", "")
    try:
        return str(text) % params if params else str(text)
    except (KeyError, TypeError, ValueError):
        return error.get("message", "")


def localised_errors(errors: list[dict]) -> list[dict]:
    return [{**error, "message": localised_message(error)} for error in errors]
