"""Texts the system writes into the database (why a route was suggested, why a device left a lot, a step of a
timeline) are stored as a code and JSON-safe parameters, and rendered when read, in the reader's language:
text stored once would stay in the language of whoever happened to compute it.

Each app registers the texts it stores (`messages_register`, from its AppConfig.ready) with, for each
parameter that is itself a code (a route, a territory, a nested message, a date), how to show it. A stored
value is {"code": ..., "params": {...}}; a plain string is an older row, or what a user typed, shown as it is.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats

Formatter = Callable[[Any], str]


@dataclass(frozen=True)
class Text:
    """A registered text: its lazy source string and how to show each parameter that needs more than str()."""

    source: Any  # gettext_lazy(...)
    formats: Mapping[str, Formatter] = field(default_factory=dict)


_CATALOGUE: dict[str, Text] = {}


def messages_register(texts: Mapping[str, Any]) -> None:
    """Add an app's stored texts; a code must mean one text only (registering the same twice is harmless)."""
    for code, text in texts.items():
        text = text if isinstance(text, Text) else Text(text)
        if _CATALOGUE.get(code, text) != text:
            raise ValueError(f"The stored text code {code!r} is registered twice with different texts.")
        _CATALOGUE[code] = text


def registered_codes() -> list[str]:
    return sorted(_CATALOGUE)


@dataclass(frozen=True)
class Message:
    """A stored text: a code and its parameters (ids, names, numbers, dates in ISO form: never translated text).
    str() renders it in the active language."""

    code: str
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.code not in _CATALOGUE:  # a typo fails when written, not when some reader opens the page
            raise KeyError(f"Unknown stored text code {self.code!r}.")

    def as_json(self) -> dict:
        return {"code": self.code, "params": self.params}

    def __str__(self) -> str:
        return message_text(self.as_json())


def typed_or_stored(value: "str | Message | None") -> tuple[str, dict | None]:
    """A reason a user typed (kept as typed) or one the system wrote: (its text column, its message column)."""
    if isinstance(value, Message):
        return "", value.as_json()
    return value or "", None


def message_text(stored: Any, fallback: str = "") -> str:
    """A stored message in the active language; `fallback` (the old stored text) when there is none or it cannot
    be rendered; a plain string (an old row, or what a user typed) as it is."""
    if isinstance(stored, Message):
        stored = stored.as_json()
    if isinstance(stored, str):
        return stored
    if not isinstance(stored, dict) or stored.get("code") not in _CATALOGUE:
        return fallback
    text = _CATALOGUE[stored["code"]]
    params = stored.get("params") or {}
    try:
        shown = {name: text.formats[name](value) if name in text.formats else value for name, value in params.items()}
        return str(text.source) % shown
    except (KeyError, TypeError, ValueError):
        return fallback


def messages_text(stored: Iterable[Any] | None) -> list[str]:
    """Each item of a stored list (messages, or strings of older rows) in the active language."""
    return [message_text(item) for item in stored or []]


# Formatters of parameters -------------------------------------------------------------------------------


def nested(value: Any) -> str:
    """A parameter that is itself a message, or a list of them (joined as sentences)."""
    if isinstance(value, list):
        return " ".join(messages_text(value))
    return message_text(value)


def iso_date(value: Any) -> str:
    """A date stored as ISO text, shown in the reader's locale."""
    return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT") if value else ""


def decimal(places: int) -> Formatter:
    """A number with this many decimal places, in the reader's locale (9.0 in English, 9,0 in French)."""
    return lambda value: formats.number_format(value, places, use_l10n=True)


def label_of(labels: Callable[[], Mapping[str, Any]]) -> Formatter:
    """A code shown by its label (`labels` answers a mapping from code to lazy text); an unknown code as it is."""
    return lambda value: str(labels().get(value, value))


def labels_of(labels: Callable[[], Mapping[str, Any]]) -> Formatter:
    """A list of codes shown by their labels, separated by commas."""
    return lambda values: ", ".join(str(labels().get(value, value)) for value in values)
