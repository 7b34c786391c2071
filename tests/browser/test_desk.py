"""The newsroom desk in a browser: an editor submits a release for review, the publisher
is told by email (a real SMTP server), finds it on the dashboard and publishes it, the
editor is told; axe checks the dashboard, the list and the form."""

from releases.models import PressRelease
from tests.browser.conftest import axe_violations
from tests.browser.test_authoring import PASSWORD, log_in, make_user
from tests.factories import PressReleaseFactory

TITLE = "Field office opens in the capital"


def staff_with_email(role):
    user = make_user(role)
    user.email = f"{role.lower()}@example.org"
    user.save()
    return user


def test_review_email_dashboard_publish_and_published_email(site, browser, settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.hostname, smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = site.url
    editor = staff_with_email("Editor")
    staff_with_email("Publisher")
    release = PressReleaseFactory(title=TITLE, created_by=editor, updated_by=editor)
    assert PASSWORD

    # The editor submits the draft for review from its form.
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    log_in(page, site, "editor")
    page.goto(f"{site.url}/admin/releases/pressrelease/{release.pk}/change/")
    found = axe_violations(page)
    assert found == [], found
    assert page.locator("#id_publish_at_0").count() == 0  # the publishers' control
    page.get_by_label("Status:").select_option("review")
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url("**/admin/releases/pressrelease/")
    found = axe_violations(page)  # the list
    assert found == [], found

    # The publisher is told by email and follows the dashboard to the release.
    (review,) = smtp_server.wait_for(1)
    assert review["rcpttos"] == ["publisher@example.org"]
    assert review["subject"] == f"Ready for review: {TITLE}"
    publisher = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    publisher.set_default_timeout(10_000)
    log_in(publisher, site, "publisher")
    assert "Django administration" not in publisher.content()
    panel = publisher.locator("#desk-review")
    assert panel.locator(".desk-count").inner_text() == "1"
    assert "by editor, waiting" in panel.inner_text()
    found = axe_violations(publisher)  # the dashboard
    assert found == [], found
    panel.get_by_role("link", name=TITLE).click()
    publisher.get_by_label("Status:").select_option("published")
    publisher.get_by_role("button", name="Save", exact=True).first.click()
    publisher.wait_for_url("**/admin/releases/pressrelease/")
    release.refresh_from_db()
    assert release.is_published()

    # The editor is told it is published, with a link to the public page.
    messages = smtp_server.wait_for(2)
    published = messages[1]
    assert published["rcpttos"] == ["editor@example.org"]
    assert published["subject"] == f"Published: {TITLE}"
    assert release.get_absolute_url() in published["data"]
    publisher.goto(site.url + "/admin/")
    assert TITLE in publisher.locator("#desk-published").inner_text()
    assert not PressRelease.objects.filter(status=PressRelease.Status.REVIEW).exists()
