"""A realistic, deterministic fleet for the demo, the benchmarks and the tests.

Every value comes from one `random.Random(seed)`, so a seed always gives the same fleet (public ids
excepted: they must stay unique across organisations). Rows are written in batches through the
fastest path the database offers (SQLite executemany, PostgreSQL COPY; the ORM's bulk_create
elsewhere), and each device gets its first lifecycle step, as `device_create` records it.
"""

import datetime
import itertools
import random
import unicodedata
import uuid
from binascii import b2a_base64
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from fairfleet.inventory.models import AcquisitionKind, Category, Device, DeviceModel, DeviceTransition
from fairfleet.inventory.models import DeviceState as S
from fairfleet.inventory.seeding_data import (
    AGE_WEIGHTS,
    BE_FIRST,
    BE_LAST,
    CATEGORY_SHARES,
    DEFAULT_SERIAL_STYLE,
    DEFAULT_SERVICES,
    DEFAULT_SITES,
    FR_FIRST,
    FR_LAST,
    KIND_WEIGHTS,
    LEASERS,
    LONG_SELLERS,
    LONG_WARRANTY_SHARE,
    PERSONAL_CATEGORIES,
    SERIAL_STYLES,
    STATE_WEIGHTS,
    SUPPLIERS,
    catalogue,
)
from fairfleet.inventory.services import device_model_create
from fairfleet.tenancy import services as tenancy_services
from fairfleet.tenancy.models import Organisation, Person, Service, Site, StorageRoom, User

# Plain strings for the hot loop (comparing with enum members costs a lookup each time).
_IN_USE, _IN_STOCK, _IN_REPAIR, _END_OF_USE = S.IN_USE.value, S.IN_STOCK.value, S.IN_REPAIR.value, S.END_OF_USE.value
_NEW, _REFURBISHED, _DONATED = (
    kind.value for kind in (AcquisitionKind.NEW, AcquisitionKind.REFURBISHED, AcquisitionKind.DONATED)
)
STORED = frozenset({_IN_STOCK, _END_OF_USE})
GONE = frozenset({S.RECYCLED.value, S.SOLD.value})
_HELD = frozenset({_IN_USE, S.LOST.value})  # states in which a personal device keeps its holder
_BASE64_TO_ALNUM = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", b"0123456789ABCDEFGHJKLMNPRSTVWXYZ" * 2
)
_UUID_MASK = ~(0xF000 << 64) & ~(0xC000 << 48) & (1 << 128) - 1
_UUID_VERSION_4 = (0x4000 << 64) | (0x8000 << 48)


class Picker:
    """Draws one of the keys of `weighted` in proportion to its value: one random number and a bisect."""

    def __init__(self, weighted: dict):
        self.items = list(weighted)
        self.cumulative = list(itertools.accumulate(weighted.values()))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random):
        return self.items[bisect_right(self.cumulative, rng.random() * self.total)]

    def drawer(self, rng: random.Random) -> Callable[[], object]:
        """The same draw as a function of no argument, for hot loops."""
        items, cumulative, total, random_ = self.items, self.cumulative, self.total, rng.random
        return lambda: items[bisect_right(cumulative, random_() * total)]


# Structure: catalogue, services, sites, people --------------------------------------------------


def ensure_catalogue(*, organisation: Organisation, actor: User | None = None) -> None:
    """Add the catalogue models the organisation lacks, through the service, so that each is audited."""
    categories = {c.code: c for c in Category.objects.filter(organisation__isnull=True)}
    existing = set(DeviceModel.objects.filter(organisation=organisation).values_list("manufacturer", "name"))
    for row in catalogue():
        if (row["manufacturer"], row["name"]) not in existing:
            fields = {k: v for k, v in row.items() if k != "price"} | {"category": categories[row["category"]]}
            device_model_create(actor=actor, organisation=organisation, **fields)


def create_services(*, organisation: Organisation, actor: User | None, tree: list, parent: Service | None = None):
    """Create a tree of (name, criticality, headcount weight, sub-services); return {service: weight}."""
    weights = {}
    for name, criticality, weight, children in tree:
        service = tenancy_services.service_create(
            actor=actor, organisation=organisation, name=name, criticality=criticality, parent=parent
        )
        weights[service] = weight
        weights.update(create_services(organisation=organisation, actor=actor, tree=children, parent=service))
    return weights


def create_sites(*, organisation: Organisation, actor: User | None, sites: list[dict]) -> list[Site]:
    """Create sites from dicts of Site fields plus "rooms": [(storage room name, capacity), ...]."""
    created = []
    for spec in sites:
        fields = {k: v for k, v in spec.items() if k != "rooms"}
        site = tenancy_services.site_create(actor=actor, organisation=organisation, **fields)
        for room, capacity in spec.get("rooms", []):
            tenancy_services.storage_room_create(actor=actor, site=site, name=room, capacity=capacity)
        created.append(site)
    return created


def person_names(rng: random.Random, *, country: str, count: int) -> list[str]:
    """Distinct plausible names while the lists allow, then homonyms, as in any large organisation."""
    first, last = (BE_FIRST, BE_LAST) if country == "BE" else (FR_FIRST, FR_LAST)
    names, seen = [], set()
    for _i in range(count):
        for _attempt in range(20):
            name = f"{rng.choice(first)} {rng.choice(last)}"
            if name not in seen:
                break
        seen.add(name)
        names.append(name)
    return names


def email_for(full_name: str, domain: str) -> str:
    """An e-mail address made of the name: "Élodie Van Damme" -> elodie.vandamme@domain."""
    ascii_name = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode().lower()
    first, _sep, last = ascii_name.partition(" ")
    return f"{first}.{last.replace(' ', '')}@{domain}"


def ensure_structure(*, organisation: Organisation, actor: User | None, rng: random.Random, people: int) -> None:
    """Give an organisation that has none a few services, two sites with storage rooms, and people."""
    language = organisation.language if organisation.language in DEFAULT_SERVICES else "en"
    if not Service.objects.filter(organisation=organisation).exists():
        create_services(organisation=organisation, actor=actor, tree=DEFAULT_SERVICES[language])
    if not Site.objects.filter(organisation=organisation).exists():
        sites = [
            {"name": name, "country": organisation.country, "rooms": [(stock, 500), (triage, 300)]}
            for name, stock, triage in DEFAULT_SITES[language]
        ]
        create_sites(organisation=organisation, actor=actor, sites=sites)
    if people and not Person.objects.filter(organisation=organisation).exists():
        # Thousands of people: bulk_create, like the devices; the few services and sites above are audited.
        services = list(Service.objects.filter(organisation=organisation).order_by("id"))
        names = person_names(rng, country=organisation.country, count=people)
        Person.objects.bulk_create(
            [Person(organisation=organisation, full_name=n, service=rng.choice(services)) for n in names],
            batch_size=2000,
        )


# Fleet ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Model:
    id: int
    category_id: int
    serial_style: tuple | None
    price: float
    personal: bool  # held by one person
    long_warranty: float  # share bought with a 5-year warranty
    optional_serial: bool  # half of the peripherals are recorded without a serial number


@dataclass(frozen=True, slots=True)
class _Service:
    id: int
    home_site_id: int | None
    people: tuple[int, ...]


def _model_pickers(organisation: Organisation, today: datetime.date) -> dict[tuple[str, int], Picker]:
    """For each (category, year of purchase), the models on sale that year, the most recent most often."""
    prices = {(row["manufacturer"], row["name"]): float(row["price"]) for row in catalogue()}
    by_category: dict[str, list] = {}
    models = DeviceModel.objects.filter(organisation=organisation, archived_at__isnull=True).order_by("id")
    for m in models.select_related("category"):
        code = m.category.code
        model = _Model(
            id=m.id, category_id=m.category_id, serial_style=SERIAL_STYLES.get(m.manufacturer, DEFAULT_SERIAL_STYLE),
            price=prices.get((m.manufacturer, m.name), 500.0), personal=code in PERSONAL_CATEGORIES,
            long_warranty=LONG_WARRANTY_SHARE.get(code, 0.25), optional_serial=code == "peripheral",
        )  # fmt: skip
        by_category.setdefault(code, []).append((m.release_year or today.year - 5, model))
    pickers = {}
    for code, entries in by_category.items():
        window = 40 if code in LONG_SELLERS else 4
        for year in range(today.year - 11, today.year + 1):
            eligible = [(y, m) for y, m in entries if year - window <= y <= year]
            if not eligible:  # nothing on sale that year: the latest model released by then, else the oldest
                released = [e for e in entries if e[0] <= year]
                eligible = [max(released, key=lambda e: e[0]) if released else min(entries, key=lambda e: e[0])]
            pickers[code, year] = Picker({m: max(1, 1 + y - year + window) for y, m in eligible})
    return pickers


def _structure_pickers(organisation: Organisation, rng: random.Random):
    """Services (weighted by headcount, each at a home site), storage rooms (by capacity), site ids."""
    sites = Site.objects.filter(organisation=organisation, archived_at__isnull=True).order_by("id")
    site_ids = list(sites.values_list("id", flat=True))  # the first created, the head office, first
    people: dict[int | None, list[int]] = {}
    persons = Person.objects.filter(organisation=organisation, archived_at__isnull=True).order_by("id")
    for pk, service_id in persons.values_list("id", "service_id"):
        people.setdefault(service_id, []).append(pk)
    everyone = tuple(pk for ids in people.values() for pk in ids)
    services = {}
    services_ = Service.objects.filter(organisation=organisation, archived_at__isnull=True).order_by("id")
    for pk in services_.values_list("id", flat=True):
        # A service works at one site, the first one (the head office) more often than the others.
        home = None if not site_ids else site_ids[0] if rng.random() < 0.5 else rng.choice(site_ids)
        members = tuple(people.get(pk, ()))
        services[_Service(pk, home, members or everyone)] = max(1, len(members))
    rooms = StorageRoom.objects.filter(organisation=organisation, archived_at__isnull=True).order_by("id")
    room_weights = {(r.id, r.site_id): max(1, r.capacity) for r in rooms}
    return Picker(services) if services else None, Picker(room_weights) if room_weights else None, site_ids


class _Values:
    """Turns generated values into what a writer sends: Python objects, or the text SQLite stores."""

    def __init__(self, *, raw_sqlite: bool, json_as_text: bool):
        self.raw_sqlite, self._dates, self._times = raw_sqlite, {}, {}
        self.tz = timezone.get_current_timezone()
        self.json_empty = "{}" if json_as_text else {}

    def uuid(self, n: int):
        return f"{n:032x}" if self.raw_sqlite else uuid.UUID(int=n)

    def date(self, ordinal: int | None):
        if ordinal is None:
            return None
        if ordinal not in self._dates:
            value = datetime.date.fromordinal(ordinal)
            self._dates[ordinal] = value.isoformat() if self.raw_sqlite else value
        return self._dates[ordinal]

    def datetime(self, ordinal: int, hour: int):
        if (ordinal, hour) not in self._times:
            value = datetime.datetime.combine(datetime.date.fromordinal(ordinal), datetime.time(hour), tzinfo=self.tz)
            self._times[ordinal, hour] = connection.ops.adapt_datetimefield_value(value) if self.raw_sqlite else value
        return self._times[ordinal, hour]

    def now(self):
        now = timezone.now()
        return connection.ops.adapt_datetimefield_value(now) if self.raw_sqlite else now

    def price(self, text: str):
        return text if self.raw_sqlite else Decimal(text)


def random_uuid_int(rng: random.Random) -> int:
    """A version 4 UUID, as an integer, drawn from `rng`."""
    return rng.getrandbits(128) & _UUID_MASK | _UUID_VERSION_4


DEVICE_FIELDS = (
    "organisation_id", "public_id", "asset_tag", "serial_number", "model_id", "category_id", "service_id", "site_id",
    "storage_room_id", "holder_id", "state", "state_changed_at", "acquisition_date", "acquisition_kind", "price",
    "currency", "supplier", "warranty_end", "notes", "external_ids", "created_at", "updated_at",
)  # fmt: skip
# device_id first: the writer adds it once the device has its id.
TRANSITION_FIELDS = (
    "device_id", "organisation_id", "from_state", "to_state", "actor_id", "created_at", "reason", "reference",
    "storage_room_id", "batch_id", "reason_message",
)  # fmt: skip


@dataclass
class _Plan:
    """What the rows of one run are drawn from."""

    organisation: Organisation
    actor_id: int | None
    today: int
    tags: Iterator[str]
    used_serials: set
    reason: str  # empty, as device_create leaves it: pages name the first step in the reader's language
    batch_id: int
    models: dict
    services: Picker | None
    rooms: Picker | None
    site_ids: list


def _plan(*, organisation, actor, prefix: str, devices: int, rng, structure_rng) -> _Plan:
    today = timezone.localdate()
    existing = Device.objects.filter(organisation=organisation)
    serials = existing.exclude(serial_number="").values_list("serial_number", flat=True)
    start = prefix + "-"
    numbers = [
        int(tag[len(start) :])
        for tag in existing.filter(asset_tag__startswith=start).values_list("asset_tag", flat=True).iterator()
        if tag[len(start) :].isdigit()
    ]
    first = max(numbers, default=0) + 1
    width = max(6, len(str(first + devices)))
    services, rooms, site_ids = _structure_pickers(organisation, structure_rng)
    return _Plan(
        organisation=organisation, actor_id=actor.pk if actor else None, today=today.toordinal(),
        tags=(f"{start}{n:0{width}d}" for n in itertools.count(first)), used_serials=set(serials.iterator()),
        reason="", batch_id=random_uuid_int(rng), models=_model_pickers(organisation, today), services=services,
        rooms=rooms, site_ids=site_ids,
    )  # fmt: skip


def acquisition_ordinals(rng: random.Random, count: int, today: int) -> list[int]:
    """Acquisition dates (as ordinals) over the ten years up to yesterday, mostly 2 to 6 years ago, oldest first.

    Sorted, so that ids and asset tags follow the order of purchase, as in a real inventory."""
    years = Picker(dict(enumerate(AGE_WEIGHTS)))
    return sorted(today - 1 - int((years(rng) + rng.random()) * 365) for _i in range(count))


def _serial_maker(rng: random.Random, style: tuple, used: set) -> Callable[[], str]:
    """A function that draws new serial numbers in a manufacturer's style, unique in `used`."""
    prefixes, length, alphabet = style
    random_, getrandbits, scale = rng.random, rng.getrandbits, 10**length
    size = 3 * -(-length // 4)  # random bytes whose base 64 text has `length` characters at least, unpadded

    def draw() -> str:
        while True:
            prefix = prefixes[int(random_() * len(prefixes))]
            if alphabet == "digits":
                serial = f"{prefix}{int(random_() * scale):0{length}d}"
            else:  # base 64 in C, then two base-64 characters onto each of the 32 letters and digits
                chars = b2a_base64(getrandbits(8 * size).to_bytes(size, "big"), newline=False)[:length]
                serial = prefix + chars.translate(_BASE64_TO_ALNUM).decode()
            if serial not in used:
                used.add(serial)
                return serial

    return draw


def _state_since(state: str, ordinal: int, today: int, age: float, random_: Callable[[], float]) -> int:
    """When the device reached its state: soon after purchase for a first use, recently for repairs and triage."""
    if state == _IN_USE or (state == _IN_STOCK and age < 1):
        day = ordinal + int(random_() * 30)
    elif state == _IN_STOCK:  # back in stock some time after a first use
        day = ordinal + int(random_() * (today - ordinal + 1))
    elif state == _IN_REPAIR:
        day = today - 1 - int(random_() * 60)
    elif state == _END_OF_USE:
        day = today - 1 - int(random_() * 540)
    else:
        day = today - 30 - int(random_() * 870)
    return min(today - 1, max(ordinal, day))  # up to yesterday: no time of day today can be in the future


def _rows(plan: _Plan, rng: random.Random, id_rng: random.Random, values: _Values, ordinals) -> Iterator[tuple]:
    """(device row in DEVICE_FIELDS order, transition row without its device_id), one per acquisition date.

    The hot loop of a million-device load: helpers are bound to local names and values cached per day."""
    today, org_id, random_ = plan.today, plan.organisation.pk, rng.random
    present = {code for code, _year in plan.models}
    category = Picker({code: share for code, share in CATEGORY_SHARES.items() if code in present}).drawer(rng)
    model_of = {key: picker.drawer(rng) for key, picker in plan.models.items()}
    states = [Picker({str(state): w for state, w in weights.items()}).drawer(rng) for weights in STATE_WEIGHTS]
    kind_of = Picker({str(kind): w for kind, w in KIND_WEIGHTS.items()}).drawer(rng)
    service_of = plan.services.drawer(rng) if plan.services else None
    room_of = plan.rooms.drawer(rng) if plan.rooms else None
    serials = {style: _serial_maker(rng, style, plan.used_serials) for style in set(SERIAL_STYLES.values()) if style}
    resellers, refurbishers = SUPPLIERS.get(plan.organisation.country, SUPPLIERS["FR"])
    now, batch_id, actor_id, reason = values.now(), values.uuid(plan.batch_id), plan.actor_id, plan.reason
    date_of, datetime_of, price_of, uuid_of = values.date, values.datetime, values.price, values.uuid
    site_ids, json_empty, getrandbits, tags, years = (
        plan.site_ids,
        values.json_empty,
        id_rng.getrandbits,
        plan.tags,
        {},
    )
    for ordinal in ordinals:
        year = years.get(ordinal) or years.setdefault(ordinal, datetime.date.fromordinal(ordinal).year)
        age = (today - ordinal) / 365.25
        model = model_of[category(), year]()
        state = states[0 if age < 1 else 1 if age < 4 else 2 if age < 7 else 3]()
        kind = kind_of()
        service_id = site_id = room_id = holder_id = None
        if state in STORED and room_of is not None:
            room_id, site_id = room_of()
        if state not in GONE and state != _IN_STOCK and service_of is not None:
            service = service_of()  # for a device awaiting triage: the service that gave it back
            service_id = service.id
            if site_id is None:
                away = site_ids and random_() < 0.15
                site_id = site_ids[int(random_() * len(site_ids))] if away else service.home_site_id
            people = service.people
            if model.personal and state in _HELD and people and random_() < 0.9:
                holder_id = people[int(random_() * len(people))]
        changed_at = datetime_of(_state_since(state, ordinal, today, age, random_), 8 + int(random_() * 10))
        if kind == _DONATED:
            price, warranty, supplier = "0.00", None, ""
        elif kind == _REFURBISHED:  # refurbishers give one or two years
            price = f"{model.price * (0.4 + 0.2 * random_()):.2f}"
            warranty = ordinal + (365 if random_() < 0.5 else 730)
            supplier = refurbishers[int(random_() * len(refurbishers))]
        else:
            price = f"{model.price * (0.85 + 0.2 * random_()):.2f}"
            warranty = ordinal + (1826 if random_() < model.long_warranty else 1096)
            sellers = resellers if kind == _NEW else LEASERS
            supplier = sellers[int(random_() * len(sellers))]
        style = model.serial_style
        serial = "" if style is None or (model.optional_serial and random_() < 0.5) else serials[style]()
        public_id = uuid_of(getrandbits(128) & _UUID_MASK | _UUID_VERSION_4)
        device = (
            org_id, public_id, next(tags), serial, model.id, model.category_id, service_id, site_id, room_id,
            holder_id, state, changed_at, date_of(ordinal), kind, price_of(price), "EUR", supplier, date_of(warranty),
            "", json_empty, datetime_of(ordinal, 9), now,
        )  # fmt: skip
        yield device, (org_id, "", state, actor_id, changed_at, reason, "", room_id, batch_id, None)


# Writers: the same rows through SQLite executemany, PostgreSQL COPY, or the ORM -----------------


# From this many new rows, and as many as the table holds, the raw writers rebuild the indexes after the load.
REBUILD_INDEXES_FROM = 50_000
SQLITE_CACHE_KB = 64_000


def _table(model, fields) -> tuple[str, str]:
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), ", ".join(quote(model._meta.get_field(name).column) for name in fields)


def _knows_every_field(model, fields) -> bool:
    """The raw writers fill every column themselves: only while they know every field of the model."""
    return {f.attname for f in model._meta.concrete_fields} - {"id"} == set(fields) - {"id"}


class _SqliteWriter:
    """executemany on the sqlite3 cursor: one prepared statement for every row, where bulk_create is capped at
    999 values per statement and builds a model instance per row.

    A device row feeds some 25 indexes; for a load as large as the table, dropping the secondary indexes and
    building them again at the end costs a third of updating them row by row. The transaction covers both:
    readers keep seeing the old indexes until the commit, and a failure rolls the drop back."""

    def __init__(self, *, rebuild_indexes: bool):
        connection.ensure_connection()
        self.cursor = connection.connection.cursor()
        table, columns = _table(Device, ("id", *DEVICE_FIELDS))
        self.device_sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * (len(DEVICE_FIELDS) + 1))})"
        table, columns = _table(DeviceTransition, TRANSITION_FIELDS)
        self.transition_sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(TRANSITION_FIELDS))})"
        # Ids are given explicitly, after the highest ever used (AUTOINCREMENT never reuses one); the
        # transaction holds the write lock, so nobody else takes them meanwhile.
        self.cursor.execute(f"SELECT MAX(id) FROM {_table(Device, ())[0]}")
        highest = self.cursor.fetchone()[0] or 0
        self.cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [Device._meta.db_table])
        row = self.cursor.fetchone()
        self.next_id = max(highest, row[0] if row else 0) + 1
        # A larger page cache keeps the index pages that random public ids touch in memory while millions of rows
        # go in, and lets the index rebuild sort in memory. Up to 200 MB bought nothing measurable over 64 MB, and
        # an import keeps its matching state beside it, within 500 MB.
        self.cursor.execute("PRAGMA cache_size")
        self.cache_size = int(self.cursor.fetchone()[0])
        self.cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
        self.indexes = []
        if rebuild_indexes:  # every index Django declared (the primary key and UNIQUE columns have no sql)
            self.cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (?, ?)",
                [Device._meta.db_table, DeviceTransition._meta.db_table],
            )
            self.indexes = self.cursor.fetchall()
            for name, _sql in self.indexes:
                self.cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")

    def write(self, rows: list[tuple]) -> None:
        ids = range(self.next_id, self.next_id + len(rows))
        self.next_id += len(rows)
        self.cursor.executemany(self.device_sql, [(pk, *dev) for pk, (dev, _t) in zip(ids, rows, strict=True)])
        self.cursor.executemany(self.transition_sql, [(pk, *t) for pk, (_d, t) in zip(ids, rows, strict=True)])

    def finish(self) -> None:
        for _name, sql in self.indexes:  # a unique index refuses to build over duplicates: all is rolled back
            self.cursor.execute(sql)
        self.cursor.execute(f"PRAGMA cache_size = {self.cache_size}")
        self.cursor.close()


class _PostgresWriter:
    """COPY through psycopg 3, with ids reserved from the table's sequence, so concurrent inserts stay safe.

    For a load as large as the table, the secondary indexes and the foreign keys are dropped, then built and
    validated again at the end: one join per key instead of one deferred check per row. Unlike SQLite's, this
    locks the device tables against readers until the commit."""

    def __init__(self, *, rebuild_indexes: bool):
        self.cursor = connection.cursor()
        self.device_copy = "COPY {} ({}) FROM STDIN".format(*_table(Device, ("id", *DEVICE_FIELDS)))
        self.transition_copy = "COPY {} ({}) FROM STDIN".format(*_table(DeviceTransition, TRANSITION_FIELDS))
        # Local to the transaction: no wait for the disk at the commit, more memory to sort index entries.
        self.cursor.execute("SET LOCAL synchronous_commit = off")
        self.cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        self.indexes, self.foreign_keys = [], []
        if rebuild_indexes:
            tables = [Device._meta.db_table, DeviceTransition._meta.db_table]
            self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no pending check
            self.cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid::regclass::text IN (%s, %s)",
                tables,
            )
            self.foreign_keys = self.cursor.fetchall()
            self.cursor.execute(  # indexes that back no constraint (the primary key and UNIQUE columns stay)
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename IN (%s, %s) AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                tables,
            )
            self.indexes = self.cursor.fetchall()
            quote = connection.ops.quote_name
            for table, name, _definition in self.foreign_keys:
                self.cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            for name, _sql in self.indexes:
                self.cursor.execute(f"DROP INDEX {quote(name)}")

    def write(self, rows: list[tuple]) -> None:
        self.cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Device._meta.db_table, len(rows)],
        )
        ids = sorted(pk for (pk,) in self.cursor.fetchall())
        raw = self.cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(self.device_copy) as copy:
            for pk, (device, _t) in zip(ids, rows, strict=True):
                copy.write_row((pk, *device))
        with raw.copy(self.transition_copy) as copy:
            for pk, (_d, step) in zip(ids, rows, strict=True):
                copy.write_row((pk, *step))

    def finish(self) -> None:
        quote = connection.ops.quote_name
        for _name, sql in self.indexes:  # a unique index refuses to build over duplicates: all is rolled back
            self.cursor.execute(sql)
        for table, name, definition in self.foreign_keys:  # validated here, in one join per key
            self.cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        if self.foreign_keys:
            self.cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default, for the rest of the transaction
        if self.indexes:  # fresh statistics, or the planner may scan a table it believes small
            self.cursor.execute(f"ANALYZE {_table(Device, ())[0]}, {_table(DeviceTransition, ())[0]}")
        self.cursor.close()


class _OrmWriter:
    """bulk_create, for any database. auto_now_add stamps created_at with the current time here."""

    def write(self, rows: list[tuple]) -> None:
        devices = Device.objects.bulk_create([Device(**dict(zip(DEVICE_FIELDS, d, strict=True))) for d, _t in rows])
        DeviceTransition.objects.bulk_create(
            DeviceTransition(device_id=device.pk, **dict(zip(TRANSITION_FIELDS[1:], step, strict=True)))
            for device, (_d, step) in zip(devices, rows, strict=True)
        )

    def finish(self) -> None:
        pass


def bulk_writer(method: str, devices: int):
    """The fastest writer for this database ("auto"), or the one named ("sqlite", "postgresql", "orm")."""
    if method == "auto":
        known = _knows_every_field(Device, DEVICE_FIELDS) and _knows_every_field(DeviceTransition, TRANSITION_FIELDS)
        method = connection.vendor if known and connection.vendor in ("sqlite", "postgresql") else "orm"
    rebuild = devices >= REBUILD_INDEXES_FROM and devices >= Device.objects.count()
    if method == "sqlite":
        return _SqliteWriter(rebuild_indexes=rebuild), _Values(raw_sqlite=True, json_as_text=True)
    if method == "postgresql":
        return _PostgresWriter(rebuild_indexes=rebuild), _Values(raw_sqlite=False, json_as_text=True)
    return _OrmWriter(), _Values(raw_sqlite=False, json_as_text=False)


def seed_fleet(
    *,
    organisation: Organisation,
    devices: int,
    seed: int,
    prefix: str,
    batch_size: int = 5000,
    actor: User | None = None,
    method: str = "auto",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add `devices` realistic devices to the organisation, each with its first lifecycle step; return how many.

    The same seed gives the same devices (serial numbers, tags, models, states, dates), public ids excepted.
    An organisation without catalogue, services, sites or people first gets a small default structure.
    One transaction: all the devices or none."""
    if devices <= 0:
        return 0
    prefix = prefix.strip().upper()
    rng = random.Random(seed)
    structure_rng = random.Random(f"{seed}/structure")
    id_rng = random.Random()  # public ids must differ between organisations seeded alike
    with transaction.atomic():
        ensure_catalogue(organisation=organisation, actor=actor)
        people = min(2000, max(10, devices // 3))
        ensure_structure(organisation=organisation, actor=actor, rng=structure_rng, people=people)
        plan = _plan(
            organisation=organisation,
            actor=actor,
            prefix=prefix,
            devices=devices,
            rng=rng,
            structure_rng=structure_rng,
        )
        writer, values = bulk_writer(method, devices)
        rows = _rows(plan, rng, id_rng, values, acquisition_ordinals(rng, devices, plan.today))
        done = 0
        while batch := list(itertools.islice(rows, batch_size)):
            writer.write(batch)
            done += len(batch)
            if progress is not None:
                progress(done)
        writer.finish()
    return done
