"""The layout on a 390 px phone, with the demo data: the header is one short bar whose menu (a disclosure, no
JavaScript needed) opens with the keyboard, and no page reachable from the menu scrolls sideways, in French and
in Dutch. On a wide screen the menu's links show without opening anything."""

import io
import re
from io import StringIO
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command
from django.db import transaction

from fairfleet.footprint.loading import BUNDLED_FACTOR_FILE, load_factor_file
from fairfleet.footprint.scenarios.service import scenario_create
from fairfleet.inventory.audits.services import audit_campaign_create, audit_scan_record
from fairfleet.inventory.categories import BUILTIN_CATEGORY_LABELS
from fairfleet.inventory.imports.jobs import import_job_create
from fairfleet.inventory.management.commands.seed_demo import DEMO_PASSWORD
from fairfleet.inventory.models import Device
from fairfleet.tenancy.models import Membership, Site
from tests.browser.conftest import assert_no_serious_axe_violation, log_in
from tests.inventory.factories import builtin_category

ADMIN = "admin@hauts-de-vallee.example"
PHONE = {"width": 390, "height": 844}
MAX_HEADER_HEIGHT = 120
# Links the crawl does not follow: downloads, the API, the static files, and the POST-only endpoints.
SKIPPED = re.compile(r"\.(csv|xlsx|pdf|docx|odt|svg|png)$|^/api/|^/static/|^/media/|^/logout/|^/i18n/")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# A long word, a long e-mail address and a long file name: what pushes a phone page sideways when it cannot wrap.
LONG_SERIAL = "SN-" + "AVERYLONGSERIALNUMBERWITHOUTANYSPACE" * 2
LONG_EMAIL = "prenom.nom-tres-long@services-informatiques.region-hauts-de-vallee.example"
IMPORT_FILE = (
    "Numéro de série;Numéro d'inventaire;Fabricant;Modèle;Commentaire\n"
    "SN-PHONE-0001;INV-PHONE-0001;Lenovo;ThinkPad T14;ok\n"
    f"{LONG_SERIAL};INV-PHONE-0002;Dell;Latitude 5420;{LONG_EMAIL}\n"
    ";INV-PHONE-0003;;;\n"
)


@pytest.fixture
def demo(django_db_serialized_rollback, transactional_db, settings, tmp_path):
    """The demo of `./run demo` (a smaller fleet), plus what it lacks for every page to show something: a
    scenario, a physical audit with scans and a checked import whose rows carry long unbreakable values.
    Answers the paths that no menu page links to without a query."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for code in BUILTIN_CATEGORY_LABELS:  # a previous live-server test may have flushed the migrations' rows
        builtin_category(code)
    load_factor_file(BUNDLED_FACTOR_FILE)
    for command, options in [("seed_demo", {"devices_per_org": 300, "not_production": True}),
                             ("seed_reuse_demo", {"not_production": True}), ("footprint_refresh", {})]:  # fmt: skip
        call_command(command, stdout=StringIO(), stderr=StringIO(), **options)
    membership = Membership.objects.select_related("organisation", "user").get(
        user__email=ADMIN, organisation__name="Région Hauts-de-Vallée"
    )
    organisation, admin = membership.organisation, membership.user
    laptop = str(builtin_category("laptop").public_id)
    scenario = scenario_create(
        actor=admin,
        organisation=organisation,
        kind="keep_longer",
        name="Portables gardés six ans au lieu de quatre (scénario de démonstration)",
        parameters={"category": laptop, "to_years": 6},
    )
    site = Site.objects.filter(organisation=organisation).first()
    campaign = audit_campaign_create(actor=admin, organisation=organisation, site=site, name="Inventaire du siège")
    device = Device.objects.filter(organisation=organisation).first()
    audit_scan_record(actor=admin, campaign=campaign, code=device.asset_tag)
    audit_scan_record(actor=admin, campaign=campaign, code=LONG_SERIAL)
    with transaction.atomic():  # the check runs when the job is committed (immediate task backend)
        import_job_create(
            organisation=organisation,
            actor=admin,
            handle=io.BytesIO(IMPORT_FILE.encode()),
            name="inventaire-du-service-informatique-avec-un-nom-de-fichier-tres-long-2026.csv",
        )
    return [f"/footprint/scenarios/compare/?s={scenario.public_id}", "/reuse/reports/networks/"]


def phone_tab(browser, live_server, language: str, width: int = PHONE["width"]):
    context = browser.new_context(
        viewport={"width": width, "height": PHONE["height"]},
        locale=language,
        extra_http_headers={"Accept-Language": language},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.live_server_url = live_server.url
    log_in(page, ADMIN, DEMO_PASSWORD, language=language)
    return page


def menu_links(page) -> list[str]:
    return page.eval_on_selector_all(".main-nav a[href]", "links => links.map(link => link.getAttribute('href'))")


def crawl(page, start: list[str], limit: int = 150):
    """Every page reachable from `start` by its links, one page per URL pattern (an id stands for any id)."""
    origin = urlparse(page.live_server_url).netloc
    queue, seen = list(start), {UUID.sub("<id>", path) for path in start}
    while queue and limit:
        path, limit = queue.pop(0), limit - 1
        response = page.goto(page.live_server_url + path)
        yield path, response.status
        for href in page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))"):
            url = urlparse(urljoin(page.url, href))
            pattern = UUID.sub("<id>", url.path)
            if url.netloc != origin or SKIPPED.search(url.path) or pattern in seen:
                continue
            seen.add(pattern)
            queue.append(url.path)


def header_height(page) -> float:
    return page.evaluate("document.querySelector('header.site-header').getBoundingClientRect().height")


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_no_phone_page_scrolls_sideways_and_the_header_stays_short(demo, browser, live_server, language):
    page = phone_tab(browser, live_server, language)
    page.goto(live_server.url + "/")
    start = menu_links(page)
    assert len(start) >= 10, "the menu lost links"
    failures, visited = [], []
    for path, status in crawl(page, start + demo):
        visited.append(path)
        if status != 200:
            failures.append(f"{path}: HTTP {status}")
            continue
        assert page.locator("html").get_attribute("lang") == language
        if (extra := overflow(page)) > 0:
            failures.append(f"{path}: the page is {extra}px wider than the phone")
        if (height := header_height(page)) > MAX_HEADER_HEIGHT:
            failures.append(f"{path}: the header is {height:.0f}px tall with its menu closed")
        if page.locator("#site-menu").is_visible():
            failures.append(f"{path}: the menu is open before anyone opened it")
    page.context.close()
    # The crawl reached the detail pages, not only the lists of the menu.
    for pattern in ["/devices/<id>/", "/models/<id>/edit/", "/services/<id>/edit/", "/imports/<id>/",
                    "/audits/<id>/", "/footprint/devices/<id>/", "/footprint/scenarios/<id>/", "/reuse/triage/",
                    "/reuse/devices/<id>/", "/reuse/marketplace/", "/reuse/marketplace/offers/<id>/",
                    "/reuse/donations/", "/reuse/donations/lots/<id>/", "/reuse/reports/",
                    "/reuse/reports/networks/<id>/", "/reuse/storage/"]:  # fmt: skip
        assert pattern in {UUID.sub("<id>", path) for path in visited}, f"the crawl never reached {pattern}"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_phone_menu_opens_with_the_keyboard(demo, browser, live_server, language):
    page = phone_tab(browser, live_server, language)
    page.goto(live_server.url + "/devices/")
    summary = page.locator("header summary")
    assert summary.inner_text().strip() == "Menu"  # the same word in French and in Dutch, translated all the same
    assert not page.locator(".main-nav").is_visible()
    assert header_height(page) <= MAX_HEADER_HEIGHT
    assert_no_serious_axe_violation(page)

    for _ in range(5):  # the skip link and the product's name come first
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY", "Tab does not reach the menu"
    page.keyboard.press("Enter")
    assert page.locator("header details").get_attribute("open") is not None
    links = page.locator(".main-nav a")
    assert links.count() >= 10
    for index in range(links.count()):
        assert links.nth(index).is_visible()
    assert page.locator(".main-nav a[aria-current=page]").get_attribute("href") == "/devices/"
    assert page.locator("#lang-select").is_visible()
    assert page.locator("header form[action='/logout/'] button").is_visible()
    assert overflow(page) <= 0
    assert_no_serious_axe_violation(page)

    page.keyboard.press("Tab")  # on to the first link of the menu
    assert page.evaluate("document.activeElement.closest('.main-nav') !== null")
    page.keyboard.press("Escape")  # the small script closes the menu and gives the focus back to its summary
    assert page.locator("header details").get_attribute("open") is None
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.context.close()


def test_on_a_wide_screen_the_menu_links_show_without_opening_anything(demo, browser, live_server):
    page = phone_tab(browser, live_server, "fr", width=1280)
    page.goto(live_server.url + "/devices/")
    assert not page.locator("header summary").is_visible()
    links = page.locator(".main-nav a")
    assert links.count() >= 10
    for index in range(links.count()):
        assert links.nth(index).is_visible()
    assert page.locator("#lang-select").is_visible()
    assert page.locator("header form[action='/logout/'] button").is_visible()
    assert overflow(page) <= 0
    page.context.close()
