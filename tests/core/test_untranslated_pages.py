"""Every page, read in French then in Dutch, shows no English: neither a source string of the catalogue (a string
translated somewhere but shown untranslated here: `gettext` at import time, a lazy string formatted at module
level...) nor English text missing from the catalogue (a string never marked for translation).

The organisation is the demo's (seed_demo and seed_reuse_demo: data in every app, in French and Dutch), walked as
its administrator and as the reuse partner's administrator; objects the demo lacks come from the factories.
"""

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fairfleet.inventory.models import Device
from fairfleet.reuse.demo.plan import LOT_TITLE, PARTNER_ADMIN_EMAIL, PARTNER_NAME, PLATFORM_NAME
from fairfleet.reuse.donations.models import DonationLot, DonationOffer, PartnerListing
from fairfleet.reuse.marketplace.models import DeviceRequest, Offer, Reservation
from fairfleet.reuse.models import Assessment
from fairfleet.tenancy.models import Membership, Network, Organisation, User
from tests.core.catalogues import po_entries
from tests.core.test_tenant_isolation import OBJECT_MAKERS
from tests.inventory.factories import DeviceModelFactory

LANGUAGES = ("fr", "nl")
REGION = "Région Hauts-de-Vallée"
# The REST API and its schema speak to programs; Django REST framework translates its own pages.
SKIPPED_NAMESPACES = ("api:",)
SKIPPED = {"logout", "set_language", "health", "tenancy:organisation_switch"}
# Lists and panels that answer htmx with a fragment of their own.
HTMX_PAGE = re.compile(r"(list|home|triage|overview|panel|audit_log|storage|census|_report)$")
# Form pages that answer an empty POST with their errors, changing nothing.
FORM_PAGE = re.compile(r"(_create|_edit|_assess|_invite|_settings|^reuse:policy|assumptions|campaigns|_import)$")

# Words that are English and neither French nor Dutch ("is", "in", "of", "was", "we", "a", "an", "on" are left out).
_ENGLISH_WORDS = """the and but with your from this that these those which what when where who whose will would should
could have has had been being are were not cannot can into for to by it its be than then there their they them you
our each every any some only also must may here after before about because until while without within yet does
don't doesn't isn't aren't won't please there's it's"""
ENGLISH_WORDS = frozenset(_ENGLISH_WORDS.split())
ENGLISH_RUN_WINDOW, ENGLISH_RUN_WORDS = 6, 3  # three English words among six in a row
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
PLACEHOLDER_OR_TAG = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{?[^}]*\}?\}|<[^>]*>")
WORD = re.compile(r"[\w'’-]+")

# English the pages may show for now. Texts the system stored in the language of the moment they were written
# (route reasons, matching reasons, refusals, a step's reason): the stored-texts work keeps them as codes and shows
# them in the reader's language; remove these lines when it lands. Then data the tests wrote in English.
ALLOWED = frozenset(
    {
        "Laptop",  # a category's name as the audit log recorded it
        "serial number",  # a column title of the factories' import file
    }
)  # fmt: skip


# The English source strings of a catalogue ----------------------------------------------------------------------


def _distinctive(segment: str) -> bool:
    letters = sum(character.isalpha() for character in segment)
    return len(WORD.findall(segment)) >= 3 or letters >= 15


@dataclass(frozen=True)
class English:
    """What to look for: `phrases` anywhere in the text, `labels` (short source strings) as a whole text node."""

    phrases: frozenset[str]
    labels: frozenset[str]


@functools.cache
def english_of(language: str) -> English:
    """The pieces of English source strings, between placeholders and tags, that their translation changes and
    that are long enough not to occur in French or Dutch text by chance; and the whole short ones."""
    phrases, labels, translations = set(), set(), set()
    for entry in po_entries(language):
        translated = " ".join(value for key, value in entry.items() if key.startswith("msgstr"))
        if not entry["msgid"] or not translated.strip():
            continue
        translations.update(_bare(value) for key, value in entry.items() if key.startswith("msgstr"))
        for msgid in (entry["msgid"], entry.get("msgid_plural", "")):
            if msgid and not PLACEHOLDER_OR_TAG.search(msgid) and msgid not in translated:
                labels.add(_bare(msgid))
            for segment in PLACEHOLDER_OR_TAG.split(msgid):
                segment = _bare(segment)
                if _distinctive(segment) and segment not in translated:
                    phrases.add(segment)
    # A short text that is also a translation ("Source", "Type") is French or Dutch too.
    return English(frozenset(phrases - ALLOWED), frozenset(labels - ALLOWED - translations))


def _bare(text: str) -> str:
    return " ".join(text.split()).strip(" .,:;!?()«»“”\"'–-")


# What a reader sees of a page ---------------------------------------------------------------------------------


class VisibleText(HTMLParser):
    """Text nodes and the attributes people read (title, aria-label, placeholder, alt, the value of a button)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        values = dict(attrs)
        self.chunks.extend(values[name] for name in READ_ATTRIBUTES if values.get(name))
        if tag == "input" and values.get("type") in ("submit", "button", "reset") and values.get("value"):
            self.chunks.append(values["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.chunks.append(" ".join(data.split()))


def visible_chunks(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.chunks


def english_runs(chunk: str) -> list[str]:
    """Stretches of `chunk` where English words follow one another."""
    words = WORD.findall(chunk)
    marks = [word.lower() in ENGLISH_WORDS for word in words]
    runs = []
    for start in range(len(words)):
        window = marks[start : start + ENGLISH_RUN_WINDOW]
        if marks[start] and sum(window) >= ENGLISH_RUN_WORDS:
            runs.append(" ".join(words[start : start + ENGLISH_RUN_WINDOW]))
    return runs[:1]


def english_on_page(html: str, english: English) -> set[str]:
    chunks = visible_chunks(html)
    text = " ".join(chunks)
    words = set(WORD.findall(text))
    found = {
        phrase
        for phrase in english.phrases
        if words.issuperset(WORD.findall(phrase)) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
    }
    found.update(label for label in map(_bare, chunks) if label in english.labels)
    runs = {f"[not in the catalogue] {run}" for chunk in chunks for run in english_runs(chunk)}
    return found | {run for run in runs if not any(allowed in run for allowed in ALLOWED)}


# The pages -------------------------------------------------------------------------------------------------------


def _url_patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _url_patterns(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern.converters


TAKES_OBJECT = {name for name, converters in _url_patterns() if "public_id" in converters}


def _demo_objects(region: Organisation) -> dict:
    """The demo's own objects for the pages that show one: richer than a factory's (history, custody, offers)."""
    lot = DonationLot.objects.get(title=LOT_TITLE)
    platform = Network.objects.get(name=PLATFORM_NAME)
    reuse_device = Assessment.objects.filter(organisation=region).order_by("id").first().device
    objects = {
        "inventory:device_detail": Device.objects.filter(organisation=region, transitions__isnull=False).first(),
        "reuse:device": reuse_device,
        "reuse:device_assess": reuse_device,
        "reuse:erasure_create": reuse_device,
        "reuse:donations:network_directory": platform,
        "reuse:reporting:network_dashboard": platform,
        "reuse:marketplace:offer_detail": Offer.objects.filter(organisation=region).first(),
        "reuse:marketplace:request_detail": DeviceRequest.objects.filter(organisation=region).first(),
        "reuse:marketplace:reservation_detail": Reservation.objects.filter(organisation=region).first(),
    }
    objects.update({f"reuse:donations:{name}": lot for name in ("lot_detail", "lot_offer", "lot_add_devices")})
    listing = PartnerListing.objects.get(organisation__name=PARTNER_NAME)  # one per partner: the demo's
    objects.update(
        {f"reuse:donations:listing_{name}": listing for name in ("detail", "label_add", "submit", "review")}
    )
    return {name: obj for name, obj in objects.items() if obj is not None}


def page_urls(region: Organisation) -> list[tuple[str, str]]:
    """(URL name, path) of every page, with an object of `region` for the pages that take one."""
    demo_objects = _demo_objects(region)
    DeviceModelFactory.reset_sequence(90_000)  # the factories' models, beside the demo's same-named ones
    extra_arguments = {
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "tenancy:invitation_accept": {"token": "expired-invitation"},
        "reuse:reporting:decree_export_csv": {"year": 2025},
        "reuse:reporting:decree_export_xlsx": {"year": 2025},
    }
    urls = []
    for name, converters in sorted(_url_patterns()):
        if name in SKIPPED or name.startswith(SKIPPED_NAMESPACES):
            continue
        if "public_id" in converters:
            obj = demo_objects.get(name) or OBJECT_MAKERS[name](region)
            urls.append((name, reverse(name, kwargs={"public_id": obj.public_id})))
        else:
            urls.append((name, reverse(name, kwargs=extra_arguments.get(name, {}))))
    return urls


def _read(client: Client, method: str, url: str, language: str, **headers) -> str | None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = getattr(client, method)(url, **headers)
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return None
    return response.content.decode()


def walk(client: Client, urls: list[tuple[str, str]], *, who: str, with_forms: bool) -> dict[str, set[str]]:
    """English found per page (`who language METHOD url`), in each language; fragments and form errors too."""
    found = {}
    for language in LANGUAGES:
        catalogue = english_of(language)
        for name, url in urls:
            reads = [("get", {})]
            if HTMX_PAGE.search(name):
                reads.append(("get", {"HTTP_HX_REQUEST": "true"}))
            if with_forms and FORM_PAGE.search(name):
                reads.append(("post", {}))
            for method, headers in reads:
                html = _read(client, method, url, language, **headers)
                english = english_on_page(html, catalogue) if html else set()
                if english:
                    fragment = " (htmx)" if headers else ""
                    found[f"{who} {language} {method.upper()}{fragment} {url} [{name}]"] = english
    return found


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def region() -> Organisation:
    out = StringIO()
    call_command("seed_demo", not_production=True, devices_per_org=300, stdout=out, stderr=out)
    call_command("seed_reuse_demo", not_production=True, stdout=out, stderr=out)
    return Organisation.objects.get(name=REGION)


def test_the_catalogue_gives_enough_english_to_look_for():
    english = english_of("fr")
    assert len(english.phrases) > 500
    assert "Serial number" not in english.phrases  # two words: too short to be told from a name or a model
    assert "Serial number" in english.labels  # but a text of its own
    assert not any("%(" in phrase for phrase in english.phrases | english.labels)


def test_the_search_finds_english_and_leaves_french_alone():
    english = English(frozenset({"Devices waiting for triage"}), frozenset({"Save"}))
    page = (
        '<html><head><title>Appareils</title><script>var a = "Devices waiting for triage";</script></head><body>'
        '<p>Devices waiting for triage</p><input type="submit" value="Save the changes to this form">'
        '<a title="Le parc et ses appareils">Parc</a><button>Save</button> <p>Save 30 kg</p></body></html>'
    )

    found = english_on_page(page, english)

    assert found == {"Devices waiting for triage", "Save", "[not in the catalogue] the changes to this form"}
    french = "<p>Les appareils de ce service sont à trier avant la fin de l'année, et les autres le sont déjà.</p>"
    assert not english_on_page(french, english)


def test_no_page_shows_english_in_french_or_dutch(region):
    admin = Membership.objects.get(organisation=region, user__email__startswith="admin@").user
    partner_admin = User.objects.get(email=PARTNER_ADMIN_EMAIL)
    urls = page_urls(region)
    offered = DonationOffer.objects.filter(partner__name=PARTNER_NAME).select_related("lot").first()
    anonymous = {"login", "password_reset", "password_reset_done", "password_reset_complete"}
    anonymous |= {"password_reset_confirm", "tenancy:invitation_accept"}

    found = walk(_client(admin), urls, who="admin", with_forms=True)
    found |= walk(_client(None), [(n, u) for n, u in urls if n in anonymous], who="anonymous", with_forms=False)
    # The partner's side: every page without an object (most answer "not for you"), its listing, the lot offered.
    partner_urls = [(n, u) for n, u in urls if n not in anonymous and n not in TAKES_OBJECT]
    partner_urls += [(n, u) for n, u in urls if n.startswith("reuse:donations:listing")]
    if offered is not None:
        lot_url = reverse("reuse:donations:lot_detail", kwargs={"public_id": offered.lot.public_id})
        partner_urls.append(("reuse:donations:lot_detail", lot_url))
    found |= walk(_client(partner_admin), partner_urls, who="partner", with_forms=True)

    report = "\n".join(f"{page}:\n    " + "\n    ".join(sorted(english)) for page, english in sorted(found.items()))
    assert not found, f"English in French or Dutch pages:\n{report}"
