"""The demo: a French region and a Belgian federal body, their fleets, a user per role, and a shared network.

Idempotent: a second run finds the organisations and only prints the logins. Deterministic: the same
names, serial numbers and tags every time (public ids excepted).
"""

import functools
import random
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from stdnum import luhn

from fairfleet.core.commands import DisposableDataCommand
from fairfleet.inventory.seeding import Picker, create_services, create_sites, email_for, person_names, seed_fleet
from fairfleet.tenancy import services as tenancy_services
from fairfleet.tenancy.models import (
    Criticality,
    Membership,
    Network,
    NetworkKind,
    NetworkMembership,
    NetworkMembershipState,
    Organisation,
    OrganisationKind,
    Role,
    User,
)

DEMO_PASSWORD = "demo-fairfleet-2026"
MULTI_ORGANISATION_EMAIL = "multi@demo.example"
# Every role, with the local part of its demo login.
ROLE_LOGINS = [
    (Role.ADMIN, "admin"),
    (Role.FLEET_MANAGER, "fleet-manager"),
    (Role.BUYER, "buyer"),
    (Role.REUSE_COORDINATOR, "reuse-coordinator"),
    (Role.VIEWER, "viewer"),
]
NETWORK_NAME = "Réseau numérique responsable / Netwerk duurzame IT"
NETWORK_DESCRIPTION = (
    "Réseau d'apprentissage d'acheteurs publics pour un numérique plus durable et plus juste. / "
    "Lerend netwerk van overheidskopers voor duurzamere en eerlijkere IT."
)


def with_luhn_digit(digits: str) -> str:
    """Append the digit that makes `digits` pass the Luhn check, as a SIRET must."""
    return digits + luhn.calc_check_digit(digits)


def belgian_enterprise_number(first_eight: str) -> str:
    """A Belgian enterprise number: eight digits, then 97 minus their remainder modulo 97."""
    return f"{first_eight}{97 - int(first_eight) % 97:02d}"


S, V, T = Criticality.STANDARD, Criticality.VITAL, Criticality.TOLERANT


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    country: str
    language: str
    legal_identifier: str
    tag_prefix: str
    email_domain: str
    seed: int
    services: list  # (name, criticality, headcount weight, sub-services)
    sites: list  # Site fields plus "rooms": [(name, capacity)]


REGION = DemoOrganisation(
    name="Région Hauts-de-Vallée",
    kind=OrganisationKind.LOCAL_AUTHORITY,
    country="FR",
    language="fr",
    # A fictional SIREN (8 digits and its Luhn digit), then establishment 0001 and the SIRET's own Luhn digit.
    legal_identifier=with_luhn_digit(with_luhn_digit("20009999") + "0001"),
    tag_prefix="RHV",
    email_domain="hauts-de-vallee.example",
    seed=2026,
    services=[
        (
            "Direction générale des services",
            S,
            3,
            [
                ("Finances et commande publique", S, 4, []),
                ("Ressources humaines", S, 4, []),
                ("Affaires juridiques et assemblées", S, 2, []),
                ("Communication", S, 2, []),
            ],
        ),
        (
            "Direction du numérique",
            S,
            3,
            [
                ("Infrastructures et datacentre", V, 2, []),
                ("Support et proximité", S, 3, []),
            ],
        ),
        (
            "Lycées et éducation",
            T,
            4,
            [
                ("Lycée Jules-Ferry de Valbourg", T, 8, []),
                ("Lycée Marie-Curie de Port-Ardent", T, 6, []),
            ],
        ),
        ("Transports régionaux", S, 4, [("Centre de supervision des transports", V, 2, [])]),
        ("Sécurité civile et cellule de crise", V, 2, []),
        ("Développement économique", S, 3, []),
        ("Culture, sport et patrimoine", T, 3, []),
    ],
    sites=[
        {
            "name": "Hôtel de Région",
            "address": "1 place de la République",
            "postcode": "59990",
            "city": "Valbourg",
            "rooms": [("Réserve informatique (sous-sol)", 400), ("Local de réforme", 200)],
        },
        {
            "name": "Antenne de Saint-Aubin-sur-Vallée",
            "address": "12 rue des Tisserands",
            "postcode": "59991",
            "city": "Saint-Aubin-sur-Vallée",
            "rooms": [("Stock de proximité", 120)],
        },
        {
            "name": "Maison de la Région de Montclair-les-Bois",
            "address": "4 avenue des Tilleuls",
            "postcode": "59993",
            "city": "Montclair-les-Bois",
            "rooms": [("Armoire de stock", 40)],
        },
        {
            "name": "Centre technique de Port-Ardent",
            "address": "Quai Nord, zone portuaire",
            "postcode": "59992",
            "city": "Port-Ardent",
            "rooms": [("Atelier de reconditionnement", 300), ("Zone de tri DEEE", 250)],
        },
    ],
)
MOBILITY = DemoOrganisation(
    name="Service public fédéral Mobilité Démo",
    kind=OrganisationKind.FEDERAL_REGIONAL_BODY,
    country="BE",
    language="nl",
    legal_identifier=belgian_enterprise_number("09991234"),  # fictional
    tag_prefix="MOB",
    email_domain="mobilite.example",
    seed=2027,
    services=[
        (
            "Directiecomité / Comité de direction",
            S,
            2,
            [
                ("Budget en Beheerscontrole / Budget et Contrôle de gestion", S, 3, []),
                ("Personeel en Organisatie / Personnel et Organisation", S, 3, []),
                ("Juridische dienst / Service juridique", S, 2, []),
            ],
        ),
        ("DG Luchtvaart / DG Transport aérien", S, 5, [("Luchtvaartinspectie / Inspection aéronautique", V, 2, [])]),
        (
            "DG Weg en Verkeersveiligheid / DG Route et Sécurité routière",
            S,
            5,
            [
                ("Inschrijving van voertuigen / Immatriculation des véhicules", V, 3, []),
            ],
        ),
        ("DG Maritiem Vervoer / DG Transport maritime", S, 3, []),
        ("ICT-dienst / Service ICT", S, 3, [("Datacenter", V, 1, [])]),
        ("Crisiscel / Cellule de crise", V, 1, []),
        ("Opleidingscentrum / Centre de formation", T, 2, []),
    ],
    sites=[
        {
            "name": "Hoofdzetel Brussel / Siège Bruxelles",
            "address": "Mobiliteitslaan 100 / Boulevard de la Mobilité 100",
            "postcode": "1000",
            "city": "Brussel / Bruxelles",
            "country": "BE",
            "rooms": [("Opslag -1 / Réserve -1", 500), ("Afdankingslokaal / Local de réforme", 250)],
        },
        {
            "name": "Kantoor Antwerpen",
            "address": "Havenkaai 40",
            "postcode": "2000",
            "city": "Antwerpen",
            "country": "BE",
            "rooms": [("Voorraad", 120)],
        },
        {
            "name": "Bureau de Namur",
            "address": "Rue des Écluses 5",
            "postcode": "5000",
            "city": "Namur",
            "country": "BE",
            "rooms": [("Réserve", 80)],
        },
    ],
)
DEMO_ORGANISATIONS = [REGION, MOBILITY]


@functools.cache
def _demo_password_hash() -> str:
    # Hashed once for every demo account: a strong hash takes a good part of a second each time.
    return make_password(DEMO_PASSWORD)


def _demo_user(email: str, full_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=full_name)
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


class Command(DisposableDataCommand):
    help = (
        "Create the demo organisations (a French region and a Belgian federal body), their services, sites, "
        "people and fleets, a login for every role, and a learning network. Does nothing but print the logins "
        "when the demo exists already."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--devices-per-org", type=int, default=5000, help="Devices in each demo organisation (default 5000)."
        )

    def handle(self, *args, devices_per_org: int, **options):
        started = time.perf_counter()
        names = [spec.name for spec in DEMO_ORGANISATIONS]
        existing = {org.name: org for org in Organisation.objects.filter(name__in=names)}
        if len(existing) < len(DEMO_ORGANISATIONS) or not self._network_complete():
            with transaction.atomic():
                multi = _demo_user(MULTI_ORGANISATION_EMAIL, "Alex Martin-Peeters")
                for spec in DEMO_ORGANISATIONS:
                    if spec.name not in existing:
                        existing[spec.name] = self._create_organisation(spec, multi, devices_per_org)
                self._ensure_network(existing[REGION.name], existing[MOBILITY.name])
            self.stdout.write(f"Demo data created in {time.perf_counter() - started:.1f} s.")
        else:
            self.stdout.write("The demo data exists already.")
        self._print_logins(existing)

    def _create_organisation(self, spec: DemoOrganisation, multi: User, devices: int) -> Organisation:
        self.stderr.write(f"Creating {spec.name} ...")
        rng = random.Random(spec.seed)
        user_names = person_names(rng, country=spec.country, count=len(ROLE_LOGINS))
        users = {
            role: _demo_user(f"{local}@{spec.email_domain}", name)
            for (role, local), name in zip(ROLE_LOGINS, user_names, strict=True)
        }
        admin = users[Role.ADMIN]
        organisation = tenancy_services.organisation_create(
            actor=admin, name=spec.name, kind=spec.kind, country=spec.country,
            legal_identifier=spec.legal_identifier, language=spec.language,
        )  # fmt: skip
        for role, user in users.items():
            tenancy_services.membership_create(actor=admin, organisation=organisation, user=user, role=role)
        tenancy_services.membership_create(actor=admin, organisation=organisation, user=multi, role=Role.ADMIN)
        headcount = create_services(organisation=organisation, actor=admin, tree=spec.services)
        create_sites(organisation=organisation, actor=admin, sites=spec.sites)
        # About 300 people for 5,000 devices; fewer for a small demo, to stay quick.
        service_of = Picker(headcount).drawer(rng)
        for name in person_names(rng, country=spec.country, count=min(300, max(20, devices // 16))):
            tenancy_services.person_create(
                actor=admin, organisation=organisation, full_name=name, email=email_for(name, spec.email_domain),
                service=service_of(),
            )  # fmt: skip
        seed_fleet(organisation=organisation, devices=devices, seed=spec.seed, prefix=spec.tag_prefix, actor=admin)
        return organisation

    def _network_complete(self) -> bool:
        return NetworkMembership.objects.filter(
            network__name=NETWORK_NAME, organisation__name=MOBILITY.name, state=NetworkMembershipState.ACTIVE
        ).exists()

    def _ensure_network(self, region: Organisation, mobility: Organisation) -> None:
        """The region coordinates the network; the Belgian body is invited and accepts."""
        region_admin = User.objects.get(email=f"admin@{REGION.email_domain}")
        mobility_admin = User.objects.get(email=f"admin@{MOBILITY.email_domain}")
        network = Network.objects.filter(name=NETWORK_NAME, coordinator=region).first()
        if network is None:
            network = tenancy_services.network_create(
                actor=region_admin, coordinator=region, name=NETWORK_NAME, kind=NetworkKind.LEARNING,
                description=NETWORK_DESCRIPTION,
            )  # fmt: skip
        membership = NetworkMembership.objects.filter(network=network, organisation=mobility).first()
        if membership is None:
            membership = tenancy_services.network_invite(actor=region_admin, network=network, organisation=mobility)
        if membership.state == NetworkMembershipState.INVITED:
            tenancy_services.network_membership_respond(
                actor=mobility_admin, membership=membership, state=NetworkMembershipState.ACTIVE
            )

    def _print_logins(self, organisations: dict[str, Organisation]) -> None:
        role_order = {role: index for index, (role, _local) in enumerate(ROLE_LOGINS)}
        memberships = sorted(
            Membership.objects.filter(organisation__in=organisations.values(), is_active=True).select_related(
                "user", "organisation"
            ),
            key=lambda m: (m.organisation.name, m.user.email == MULTI_ORGANISATION_EMAIL, role_order[m.role]),
        )
        rows = [(m.user.email, str(Role(m.role).label), m.organisation.name) for m in memberships]
        widths = [max(len(row[i]) for row in [("E-mail", "Role", "Organisation"), *rows]) for i in range(3)]
        self.stdout.write("")
        for row in [("E-mail", "Role", "Organisation"), tuple("-" * w for w in widths), *rows]:
            self.stdout.write("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip())
        self.stdout.write(f"\nPassword for every demo login: {DEMO_PASSWORD}")
        self.stdout.write(f"{MULTI_ORGANISATION_EMAIL} belongs to both organisations: try the organisation switcher.")
