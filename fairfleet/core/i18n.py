"""Translation helpers that Django lacks."""

from collections.abc import Callable

from django.utils.functional import lazy


def _interpolate(text, params: Callable[[], dict]) -> str:
    return str(text) % params()


_lazy_interpolate = lazy(_interpolate, str)


def lazy_interpolation(text, params: Callable[[], dict]):
    """`text % params()` computed when shown, in the reader's language: `gettext_lazy(...) % {...}` at module level
    would translate once, at import, in whatever language is active then (English)."""
    return _lazy_interpolate(text, params)
