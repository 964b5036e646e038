"""Browser tests: Debian's Chromium driven by Playwright against Django's live server."""

import os
import shutil

import pytest

from tests.tenancy.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test itself
    # (fixtures, assertions) are still synchronous, so Django's async guard is lifted for them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback):
    """A fresh browser tab; the database content of the migrations is restored after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.live_server_url = live_server.url
    yield page
    context.close()


def assert_no_serious_axe_violation(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)


def log_in(page, email, password, language="en"):
    """Log in through the real form (its labels are found by their position, whatever the language)."""
    page.goto(page.live_server_url + "/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    assert "/login/" not in page.url, "the login failed"


def open_as(browser, live_server, email: str, *, language: str = "en", width: int = 1280):
    """A new tab whose browser speaks `language`, at `width` pixels, logged in as `email`."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale=language, extra_http_headers={"Accept-Language": language}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.live_server_url = live_server.url
    log_in(page, email, PASSWORD, language=language)
    return page
