"""Builders of marketplace situations, through the real services."""

import pytest

from fairfleet.inventory.models import DeviceState
from fairfleet.inventory.workflows import TRANSITIONS
from fairfleet.reuse.marketplace import services
from fairfleet.tenancy.models import NetworkMembershipState
from tests.inventory.factories import DeviceFactory
from tests.reuse.factories import AssessmentFactory, ErasureRecordFactory
from tests.tenancy import factories as tf

# A cross-organisation handover takes the donor's device from "reserved" to "handed over"; the inventory's
# lifecycle table must allow that step (asked of the lead: RESERVED -> HANDED_OVER).
needs_transfer_step = pytest.mark.skipif(
    DeviceState.HANDED_OVER not in TRANSITIONS[DeviceState.RESERVED],
    reason="inventory TRANSITIONS lacks reserved -> handed_over (cross-organisation handover)",
)


def retired(organisation, grade="B", **fields):
    """A device at the end of use, assessed with `grade` (None: never assessed)."""
    device = DeviceFactory(organisation=organisation, state=DeviceState.END_OF_USE, **fields)
    if grade:
        AssessmentFactory(device=device, organisation=organisation, grade=grade)
    return device


def erased(device):
    ErasureRecordFactory(device=device, organisation=device.organisation)
    return device


def offer(organisation, grade="B", networks=(), actor=None, **fields):
    return services.offers_create(
        actor=actor, organisation=organisation, devices=[retired(organisation, grade, **fields)], networks=networks
    )[0]


def network_of(*organisations, kind="reuse_platform", coordinator=None):
    """A network whose given organisations are all active members."""
    network = tf.NetworkFactory(kind=kind, coordinator=coordinator or tf.OrganisationFactory(name="Plateforme"))
    for organisation in organisations:
        tf.NetworkMembershipFactory(network=network, organisation=organisation, state=NetworkMembershipState.ACTIVE)
    return network


def service(organisation, criticality="standard", **fields):
    return tf.ServiceFactory(organisation=organisation, criticality=criticality, **fields)
