"""The audit log: every service write records who, when, what, before and after."""

import contextlib
import datetime
import decimal
import uuid
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from fairfleet.tenancy.models import ApiToken, AuditEntry, Organisation, User

# The API token of the request being served, set by the API views: services keep their signatures (actor only)
# and every entry they write through the API still names the key.
_current_api_token: ContextVar[ApiToken | None] = ContextVar("fairfleet_api_token", default=None)


@contextlib.contextmanager
def acting_through(token: ApiToken | None) -> Iterator[None]:
    """Entries recorded inside this block name `token`; the previous value comes back after it."""
    reset = _current_api_token.set(token)
    try:
        yield
    finally:
        _current_api_token.reset(reset)


def name_api_token(token: ApiToken | None) -> None:
    """From now on in the current acting_through block, entries name `token`."""
    _current_api_token.set(token)


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        # The id finds the object again; the name says what it was then, even once it is renamed or archived.
        return {"id": str(getattr(value, "public_id", value.pk)), "name": str(value)[:200]}
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audited view of an object: its named fields as JSON values, relations as their public id and name."""
    return {name: _jsonable(getattr(instance, name)) for name in fields}


def audit_record(
    *,
    organisation: Organisation,
    actor: User | None,
    action: str,
    instance: models.Model,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=actor,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(getattr(instance, "public_id", instance.pk)),
        object_repr=str(instance)[:300],
        before=before,
        after=after,
        api_token=_current_api_token.get(),
    )


def model_update(
    *, instance: models.Model, data: dict[str, Any], actor: User | None, organisation: Organisation
) -> tuple[models.Model, bool]:
    """Set the given fields, validate, save only what changed and audit it. Returns (instance, changed)."""
    changed = [name for name, value in data.items() if getattr(instance, name) != value]
    if not changed:
        return instance, False
    before = snapshot(instance, changed)
    previous = {name: getattr(instance, name) for name in changed}
    for name in changed:
        setattr(instance, name, data[name])
    try:
        instance.full_clean()
    except ValidationError:
        # The caller keeps using the object (page titles, headers): it must not show refused values.
        for name, value in previous.items():
            setattr(instance, name, value)
        raise
    instance.save(update_fields=changed)
    audit_record(
        organisation=organisation,
        actor=actor,
        action="update",
        instance=instance,
        before=before,
        after=snapshot(instance, changed),
    )
    return instance, True
