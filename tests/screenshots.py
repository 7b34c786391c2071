"""Regenerate docs/screenshots/: desktop and phone views of each page type.

Run with `make screenshots` (it loads the demo content into the local SQLite database
first). Serves the site from a thread of this process and drives Debian's Chromium.
"""

import datetime
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


DESK_USER = "desk-screenshots"
DESK_DRAFT = "screenshot-awaiting-review"


def desk_session():
    """A Publisher's session for the admin's pages, and a release waiting for review so
    that the dashboard shows that panel (a draft: nothing public changes)."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from releases import activity
    from tests.factories import role_group

    user, created = get_user_model().objects.get_or_create(
        username=DESK_USER, defaults={"is_staff": True, "first_name": "Desk"}
    )
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(role_group("Publisher"))
    model = PressRelease.objects.published().exclude(image="").first()
    if not PressRelease.objects.filter(slug=DESK_DRAFT).exists():
        draft = PressRelease.objects.create(
            title="Mission trains municipal staff on accessible polling stations",
            slug=DESK_DRAFT,
            standfirst=model.standfirst,
            body=model.body,
            place="SKOPJE",
            status=PressRelease.Status.REVIEW,
            created_by=user,
            updated_by=user,
        )
        entry = activity.record(draft, activity.Action.SUBMITTED, user)
        entry.at = timezone.now() - datetime.timedelta(hours=5)
        entry.save()
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value, model


def desk(page, base):
    session, model = desk_session()
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
    shots = {
        "desk-dashboard": "/admin/",
        "desk-list": "/admin/releases/pressrelease/",
        "desk-form": f"/admin/releases/pressrelease/{model.pk}/change/",
    }
    for name, path in shots.items():
        page.goto(base + path)
        target = OUT / f"{name}-desktop.png"
        # The list as it first appears on a 1280 × 900 screen; the others whole.
        page.screenshot(path=str(target), full_page=name != "desk-list")
        print(f"wrote {target.relative_to(ROOT)}")


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
                desk(page, base)
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
