"""The newsroom desk in a browser, as issue 16 tells it: an editor uploads an image into
the library from the release form and sets its focal point, attaches a PDF and submits
the release for review; the publisher is told by email (a real SMTP server), finds it
on the dashboard and publishes it; the editor is told; the public page shows the crop
around the focal point and the document. axe checks the form, the image chooser and
its upload popup, the list, the dashboard and the public page."""

import io

import pytest
from PIL import Image

from releases.models import PressRelease
from tests.browser.conftest import AXE_TAGS, axe_violations
from tests.browser.test_authoring import log_in, make_user
from tests.releases.documents import PDF

TITLE = "Mission opens a media centre"


def staff_with_email(role):
    user = make_user(role)
    user.email = f"{role.lower()}@example.org"
    user.save()
    return user


def axe_violations_in(page, selectors, impacts=("serious", "critical")):
    """axe-core's serious and critical WCAG violations within these parts of the page
    (an open select2 dropdown lives outside the form)."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(
        page,
        context={"include": [[selector] for selector in selectors]},
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}},
    )
    return [
        (v["id"], v["impact"], v["nodes"][0]["target"])
        for v in result.response["violations"]
        if v["impact"] in impacts
    ]


def wide_photo(path):
    """Red on the left 40 %, blue elsewhere: the crop shows which side it kept."""
    picture = Image.new("RGB", (1600, 500), (0, 0, 210))
    picture.paste((210, 0, 0), (0, 0, 640, 500))
    picture.save(path, "JPEG")


@pytest.fixture
def mail(settings, smtp_server, site):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp_server.hostname, smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = site.url
    settings.ACCESSIBLE_FORMAT_EMAIL = "accessibility@example.org"
    return smtp_server


def test_upload_focal_point_attachment_review_email_dashboard_publish_and_the_page(
    site, browser, mail, tmp_path
):
    staff_with_email("Editor")
    staff_with_email("Publisher")
    photo, pdf = tmp_path / "centre.jpg", tmp_path / "Programme.pdf"
    wide_photo(photo)
    pdf.write_bytes(PDF)

    # The editor writes a release, uploading its image into the library from the form.
    editor = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    editor.set_default_timeout(10_000)
    log_in(editor, site, "editor")
    editor.goto(site.url + "/admin/releases/pressrelease/add/")
    assert axe_violations(editor) == []  # the whole form
    assert editor.locator("#id_publish_at_0").count() == 0  # the publishers' control
    editor.get_by_label("Title:").fill(TITLE)
    editor.get_by_label("Standfirst:").fill("Journalists can now work from the centre.")
    with editor.expect_popup() as opened:
        editor.locator("#add_id_lead_image").click()
    popup = opened.value
    popup.set_default_timeout(10_000)
    popup.locator("#id_file").set_input_files(str(photo))
    popup.get_by_label("Alternative text:").fill("Journalists at desks in the new centre")
    popup.get_by_label("Credit:").fill("OSCE/Editor")
    picture = popup.locator(".focal-picker img")
    picture.wait_for(state="visible")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.2, "y": box["height"] * 0.5})
    assert popup.locator("#id_focal_x").input_value() == "20"
    assert popup.locator("#id_focal_y").input_value() == "50"
    assert axe_violations(popup) == []
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")
    chosen = editor.locator(".field-lead_image .select2-selection__rendered")
    assert "Journalists at desks" in chosen.inner_text()

    # The chooser finds it in the library, with a thumbnail.
    editor.locator(".field-lead_image .select2-selection").click()
    editor.keyboard.type("Journalists")
    option = editor.locator(".select2-results__option .chooser-item", has_text="Journalists")
    option.wait_for()
    assert option.locator("img").get_attribute("src").endswith(".webp")
    assert axe_violations_in(editor, [".field-lead_image", ".select2-dropdown"]) == []
    editor.keyboard.press("Escape")

    # A PDF attached, and the release submitted for review.
    editor.locator("#attachments-group .add-row a").click()
    editor.locator("#id_attachments-0-title").fill("Programme of the opening")
    editor.locator("#id_attachments-0-file").set_input_files(str(pdf))
    editor.get_by_label("Status:").select_option("review")
    editor.get_by_role("button", name="Save", exact=True).first.click()
    editor.wait_for_url("**/admin/releases/pressrelease/")
    assert axe_violations(editor) == []  # the list
    release = PressRelease.objects.get(title=TITLE)
    assert release.lead_image.focal == (20, 50)
    assert release.attachments.get().kind == "pdf"

    # The publisher is told by email and follows the dashboard to the release.
    (review,) = mail.wait_for(1)
    assert review["rcpttos"] == ["publisher@example.org"]
    assert review["subject"] == f"Ready for review: {TITLE}"
    publisher = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    publisher.set_default_timeout(10_000)
    log_in(publisher, site, "publisher")
    assert "Django administration" not in publisher.content()
    panel = publisher.locator("#desk-review")
    assert panel.locator(".desk-count").inner_text() == "1"
    assert "by editor, waiting" in panel.inner_text()
    assert axe_violations(publisher) == []  # the dashboard
    panel.get_by_role("link", name=TITLE).click()
    publisher.get_by_label("Status:").select_option("published")
    publisher.get_by_role("button", name="Save", exact=True).first.click()
    publisher.wait_for_url("**/admin/releases/pressrelease/")
    release.refresh_from_db()
    assert release.is_published()

    # The editor is told it is published, with a link to the public page.
    published = mail.wait_for(2)[1]
    assert published["rcpttos"] == ["editor@example.org"]
    assert published["subject"] == f"Published: {TITLE}"
    assert release.get_absolute_url() in published["data"]

    # The public page: the crop around the focal point, and the document.
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    assert visitor.goto(site.url + release.get_absolute_url()).status == 200
    shown = visitor.locator(".release__image img")
    assert shown.get_attribute("alt") == "Journalists at desks in the new centre"
    source = shown.evaluate("img => img.currentSrc")
    assert "-f020050-" in source
    crop = Image.open(io.BytesIO(visitor.request.get(source).body())).convert("RGB")
    red, _green, blue = crop.resize((1, 1)).getpixel((0, 0))
    assert crop.width / crop.height == pytest.approx(16 / 9, rel=0.01)
    assert red > blue  # the red left side, where the focal point is, not the centre
    documents = visitor.locator(".attachments")
    assert "Programme of the opening" in documents.inner_text()
    assert "PDF" in documents.inner_text()
    assert (
        documents.locator("a.attachment__request")
        .get_attribute("href")
        .startswith("mailto:accessibility@example.org")
    )
    download = visitor.request.get(
        site.url + documents.locator("a.attachment__link").get_attribute("href")
    )
    assert download.headers["content-disposition"].startswith("attachment;")
    assert axe_violations(visitor) == []
