"""Regenerate docs/screenshots/: desktop and phone views of each page type.

Run with `make screenshots` (it loads the demo content into the local SQLite database
first). Serves the site from a thread of this process and drives Debian's Chromium.
"""

import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osce_site.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from releases.models import PressRelease  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def pages():
    release = PressRelease.objects.published().filter(lead_image__isnull=False).first()
    return {
        "home": "/",
        "release": release.get_absolute_url(),
        "newsroom": "/press-releases/",
        "field": "/fields-of-work/elections/",
        "countries": "/countries/",
        "structure": "/structures/mission-in-kosovo/",
        "meetings": "/meetings/",
    }


def main():
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size_name, viewport in SIZES.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            for name, path in pages().items():
                page.goto(base + path)
                target = OUT / f"{name}-{size_name}.png"
                page.screenshot(path=str(target), full_page=size_name == "desktop")
                print(f"wrote {target.relative_to(ROOT)}")
            if size_name == "phone":
                page.goto(base + "/")
                page.locator(".menu-toggle").click()
                page.screenshot(path=str(OUT / "menu-phone.png"))
            else:
                page.goto(base + "/")
                page.locator('button[aria-controls="menu-structures"]').click()
                page.screenshot(path=str(OUT / "menu-desktop.png"))
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
