"""Take a screenshot of a fairfleet page with Debian's Chromium, as the README's pictures were taken.

    .venv/bin/python tools/screenshot.py URL OUT.png [--width 390] [--height 900] [--lang nl]
        [--login-url http://127.0.0.1:8000/login/ --user admin@hauts-de-vallee.example --password ...]

Needs `apt-get install chromium` and the Playwright package of the lock file (no browser download).
"""

import argparse
import os

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--lang", default="fr", help="Language of the interface: fr, nl or en.")
    parser.add_argument("--login-url", help="The login page, when the page needs a user.")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--full-page", action="store_true", help="The whole page, not only the first screen.")
    args = parser.parse_args()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(
            viewport={"width": args.width, "height": args.height},
            locale=args.lang,
            extra_http_headers={"Accept-Language": args.lang},
        )
        page = context.new_page()
        if args.login_url:
            page.goto(args.login_url)
            page.fill("input[name=username]", args.user)
            page.fill("input[name=password]", args.password)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
        page.goto(args.url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=args.out, full_page=args.full_page)
        browser.close()


if __name__ == "__main__":
    main()
