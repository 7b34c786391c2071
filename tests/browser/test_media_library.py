"""The media library in the browser: an editor uploads an image from the release form's
popup and sets its focal point by clicking the picture, attaches a PDF and saves; once
published, the page shows the crop around that point and the document."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from PIL import Image

from releases.models import PressRelease
from tests.factories import role_group
from tests.releases.documents import PDF

from .conftest import AXE_TAGS, axe_violations

PASSWORD = "correct-horse-battery-staple"
TITLE = "Mission opens a media centre"


@pytest.fixture
def newsroom(transactional_db, live_server, settings):
    settings.ACCESSIBLE_FORMAT_EMAIL = "accessibility@example.org"
    call_command("load_reference_data", verbosity=0)
    user = get_user_model().objects.create_user(username="editor", password=PASSWORD, is_staff=True)
    user.groups.add(role_group("Editor"))
    return live_server


def axe_violations_in(page, selectors, impacts=("serious", "critical")):
    """axe-core's serious and critical WCAG violations within these parts of the page."""
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


def test_editor_uploads_sets_focal_point_attaches_and_the_page_shows_them(
    newsroom, browser, tmp_path
):
    photo, pdf = tmp_path / "centre.jpg", tmp_path / "Programme.pdf"
    wide_photo(photo)
    pdf.write_bytes(PDF)
    editor = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    editor.set_default_timeout(10_000)
    editor.goto(newsroom.url + "/admin/login/?next=/admin/")
    editor.get_by_label("Username").fill("editor")
    editor.get_by_label("Password").fill(PASSWORD)
    editor.get_by_role("button", name="Log in").click()
    editor.wait_for_url("**/admin/")

    editor.goto(newsroom.url + "/admin/releases/pressrelease/add/")
    editor.get_by_label("Title:").fill(TITLE)
    editor.get_by_label("Standfirst:").fill("Journalists can now work from the centre.")
    # The release form's own parts (body editor, tag and source boxes, header) are the
    # form's; here: the lead image chooser and the attachments.
    assert axe_violations_in(editor, [".field-lead_image", "#attachments-group"]) == []

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

    # The chooser: search the library, results with thumbnails.
    editor.locator(".field-lead_image .select2-selection").click()
    editor.keyboard.type("Journalists")
    option = editor.locator(".select2-results__option .chooser-item", has_text="Journalists")
    option.wait_for()
    assert option.locator("img").get_attribute("src").endswith(".webp")
    assert axe_violations_in(editor, [".field-lead_image", ".select2-dropdown"]) == []
    editor.keyboard.press("Escape")

    editor.locator("#attachments-group .add-row a").click()
    editor.locator("#id_attachments-0-title").fill("Programme of the opening")
    editor.locator("#id_attachments-0-file").set_input_files(str(pdf))
    editor.get_by_role("button", name="Save", exact=True).first.click()
    editor.wait_for_url("**/admin/releases/pressrelease/")

    release = PressRelease.objects.get(title=TITLE)
    image = release.lead_image
    assert image.focal == (20, 50) and release.attachments.get().kind == "pdf"
    PressRelease.objects.filter(pk=release.pk).update(status=PressRelease.Status.PUBLISHED)

    visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    assert visitor.goto(newsroom.url + release.get_absolute_url()).status == 200
    shown = visitor.locator(".release__image img")
    assert shown.get_attribute("alt") == "Journalists at desks in the new centre"
    source = shown.evaluate("img => img.currentSrc")
    assert "-f020050-" in source  # the crop around the focal point
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
        newsroom.url + documents.locator("a.attachment__link").get_attribute("href")
    )
    assert download.headers["content-disposition"].startswith("attachment;")
    assert axe_violations(visitor) == []
