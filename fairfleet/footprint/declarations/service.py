"""Check a Boavizta file against the catalogue, then apply the matches a person ticked.

Nothing of the file is kept between the two steps. Each proposal is signed (django.core.signing, salted for
this use, bound to the organisation and the model, valid for a day) with the figure and its source; the
review form posts back only the signed proposals that were ticked. The apply trusts nothing else from the
form: a figure changed by hand breaks the signature, a proposal made for another organisation or model is
refused, and then nothing is applied at all.
"""

import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from fairfleet.footprint.declarations.matching import Proposal, propose_all
from fairfleet.footprint.declarations.reader import DATASET_NAME, DeclarationRow, read_upload
from fairfleet.inventory.models import DeviceModel
from fairfleet.inventory.services import device_model_update
from fairfleet.tenancy.audit import audit_record
from fairfleet.tenancy.models import Organisation, User

SALT = "fairfleet.footprint.declarations.proposal"
MAX_AGE = 24 * 3600  # seconds: a review left open overnight can still be applied
AUDIT_ACTION = "declared_footprint_import"


class DeclarationApplyRefused(Exception):
    """The posted choices cannot all be trusted; nothing was applied."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class DeclarationCheck:
    proposals: list[Proposal]
    unusable: list[DeclarationRow] = field(default_factory=list)
    row_count: int = 0

    @property
    def matched(self) -> list[Proposal]:
        return [p for p in self.proposals if p.row is not None]

    @property
    def exact_count(self) -> int:
        return sum(1 for p in self.proposals if p.exact)


def source_text(row: DeclarationRow) -> str:
    """What the audit log and the review say about where a figure comes from."""
    parts = [DATASET_NAME, row.key, f"{row.manufacturer} {row.name}"]
    if row.report_date:
        parts.append(row.report_date)
    if row.sources:
        parts.append(row.sources)
    return " · ".join(parts)


def sign_proposal(*, organisation: Organisation, device_model: DeviceModel, row: DeclarationRow) -> str:
    payload = {
        "o": str(organisation.public_id),
        "m": str(device_model.public_id),
        "r": row.key,
        "v": str(row.embedded_kgco2e),
        "s": source_text(row),
        "d": row.report_date,
        "u": row.sources,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def declaration_import_check(
    *, organisation: Organisation, handle, include_declared: bool = False
) -> DeclarationCheck:
    """Read the file (DeclarationFileRefused if it is not the data set) and propose a row per catalogue model.

    Models that already have a declared figure are left out unless `include_declared`; their proposals are
    then never ticked, as replacing a figure someone entered by hand should be a deliberate choice.
    """
    rows = read_upload(handle)
    models = DeviceModel.objects.filter(organisation=organisation, archived_at__isnull=True).order_by(
        "manufacturer", "name"
    )
    if not include_declared:
        models = models.filter(declared_footprint_kgco2e__isnull=True)
    proposals = propose_all(list(models), rows)
    for proposal in proposals:
        if proposal.row is not None:
            proposal.signed = sign_proposal(
                organisation=organisation, device_model=proposal.device_model, row=proposal.row
            )
            proposal.ticked = proposal.exact and proposal.device_model.declared_footprint_kgco2e is None
    unusable = [row for row in rows if row.embedded_kgco2e is None]
    return DeclarationCheck(proposals=proposals, unusable=unusable, row_count=len(rows))


def _unsign(organisation: Organisation, public_id, row_key: str) -> dict:
    refused = DeclarationApplyRefused(
        _(
            "The review could not be trusted (it was changed, is more than a day old or belongs elsewhere): "
            "nothing was applied. Upload the file again."
        )
    )
    try:
        payload = signing.loads(row_key, salt=SALT, max_age=MAX_AGE)
        value = Decimal(payload["v"])
    except (signing.BadSignature, KeyError, TypeError, InvalidOperation) as exc:
        raise refused from exc
    if payload.get("o") != str(organisation.public_id) or payload.get("m") != str(public_id):
        raise refused
    if not value.is_finite() or value < 0:
        raise refused
    return {**payload, "v": value}


def declaration_apply(*, actor: User, organisation: Organisation, choices: list[tuple]) -> int:
    """Set the declared figure of each chosen model; returns how many figures changed.

    `choices` holds (device model public id, signed row key as made by declaration_import_check). Every choice
    is checked before anything is written, and the writes share one transaction: all or nothing.
    """
    checked: dict[str, dict] = {}
    for public_id, row_key in choices:
        try:
            public_id = str(uuid.UUID(str(public_id)))
        except ValueError as exc:
            raise DeclarationApplyRefused(_("Unknown device model: nothing was applied.")) from exc
        checked[public_id] = _unsign(organisation, public_id, row_key)
    models = {
        str(m.public_id): m
        for m in DeviceModel.objects.filter(
            organisation=organisation, public_id__in=list(checked), archived_at__isnull=True
        )
    }
    if len(models) != len(checked):
        raise DeclarationApplyRefused(_("Unknown device model: nothing was applied."))
    changed = 0
    with transaction.atomic():
        for public_id, payload in checked.items():
            device_model = DeviceModel.objects.select_for_update().get(pk=models[public_id].pk)
            before = device_model.declared_footprint_kgco2e
            if before == payload["v"]:
                continue
            # Audited and followed by fleet_changed, so the figures are computed again.
            device_model_update(
                actor=actor,
                device_model=device_model,
                data={"declared_footprint_kgco2e": payload["v"], "declared_footprint_source": payload["s"][:500]},
            )
            # The data set's row, date and links, beside the change in the audit log.
            audit_record(
                organisation=organisation,
                actor=actor,
                action=AUDIT_ACTION,
                instance=device_model,
                before={"declared_footprint_kgco2e": None if before is None else str(before)},
                after={
                    "declared_footprint_kgco2e": str(payload["v"]),
                    "dataset": DATASET_NAME,
                    "row": payload["r"],
                    "report_date": payload["d"],
                    "sources": payload["u"],
                    "source": payload["s"],
                },
            )
            changed += 1
    return changed
