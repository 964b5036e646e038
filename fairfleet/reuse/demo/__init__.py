"""The reuse demo: the end of first use of part of the demo fleets (seed_demo), told through the services.

For the French region: about forty devices retired into storage rooms over the past year, most of them
assessed and erased, a collection campaign per site, the route rules, a reuse partner with a validated
listing on a regional reuse platform, a donation lot handed over to it with what became of each device,
and a few items on the internal marketplace with a school's request and a reservation. For the Belgian
body: a few retired devices and its campaigns.

Every write goes through the services (inventory, reuse, donations, marketplace, tenancy), so the
transition logs and the audit log are real. The services date each step "now"; a demo needs a past, so
after each step the dates of what it just wrote are moved back with queryset updates (see
`fleet._history`). The audit log keeps the real time of the seeding.

Idempotent: each step first looks for what it would create (the retirement references, names, titles)
and does only what is missing, so a second run writes nothing. Deterministic: the devices are drawn
with a fixed seed from the fleet seed_demo made, and the dates are fixed offsets from today.
"""

from fairfleet.inventory.management.commands.seed_demo import MOBILITY, NETWORK_NAME, REGION
from fairfleet.reuse.demo.fleet import Report, assess, campaigns, erase, login_of, retire, route_policy
from fairfleet.reuse.demo.partner import donation_lot, marketplace, partner
from fairfleet.reuse.demo.plan import (
    MOBILITY_CAMPAIGNS,
    MOBILITY_PLAN,
    PARTNER_ADMIN_EMAIL,
    PARTNER_NAME,
    REGION_CAMPAIGNS,
    REGION_PLAN,
)
from fairfleet.tenancy.models import Network, Organisation, User

__all__ = ["PARTNER_ADMIN_EMAIL", "PARTNER_NAME", "DemoMissing", "Report", "seed"]


class DemoMissing(Exception):
    """seed_demo has not run: there is no fleet to retire."""


def seed() -> Report:
    """Seed (or complete) the reuse demo on top of seed_demo's organisations. Call it in a transaction."""
    region = Organisation.objects.filter(name=REGION.name).first()
    if region is None:
        raise DemoMissing(f"The organisation “{REGION.name}” does not exist: run seed_demo first.")
    report = Report()

    def login(domain: str, local: str) -> User:
        return login_of(f"{local}@{domain}")

    admin = login(REGION.email_domain, "admin")
    fleet_manager = login(REGION.email_domain, "fleet-manager")
    coordinator = login(REGION.email_domain, "reuse-coordinator")
    devices = retire(region, REGION_PLAN, actor=fleet_manager, report=report)
    assess(region, devices, REGION_PLAN, actor=coordinator, report=report)
    erase(region, devices, REGION_PLAN, actor=coordinator, report=report)
    route_policy(region, actor=coordinator, report=report)
    campaigns(region, REGION_CAMPAIGNS, actor=coordinator, report=report)
    listing = partner(region=region, region_admin=admin, reviewer=coordinator, report=report)
    donation_lot(
        devices, REGION_PLAN, region=region, listing=listing, coordinator=coordinator,
        partner_admin=login_of(PARTNER_ADMIN_EMAIL), report=report,
    )  # fmt: skip
    marketplace(
        devices, REGION_PLAN, region=region, coordinator=coordinator, requester=fleet_manager,
        learning_network=Network.objects.filter(name=NETWORK_NAME, coordinator=region).first(), report=report,
    )  # fmt: skip

    mobility = Organisation.objects.filter(name=MOBILITY.name).first()
    if mobility is None:
        report.missing.append(f"The organisation “{MOBILITY.name}” does not exist: its part was skipped.")
        return report
    be_fleet = login(MOBILITY.email_domain, "fleet-manager")
    be_coordinator = login(MOBILITY.email_domain, "reuse-coordinator")
    be_devices = retire(mobility, MOBILITY_PLAN, actor=be_fleet, report=report)
    assess(mobility, be_devices, MOBILITY_PLAN, actor=be_coordinator, report=report)
    erase(mobility, be_devices, MOBILITY_PLAN, actor=be_coordinator, report=report)
    campaigns(mobility, MOBILITY_CAMPAIGNS, actor=be_coordinator, report=report)
    return report
