from django.contrib.auth import get_user_model

from releases.models import PressRelease
from tests.factories import ImageFactory, role_group

PASSWORD = "correct-horse-battery-staple"
TITLE = "Mission supports municipal elections training"


def make_user(role):
    user = get_user_model().objects.create_user(
        username=role.lower(), password=PASSWORD, is_staff=True
    )
    user.groups.add(role_group(role))
    return user


def log_in(page, site, username):
    page.goto(site.url + "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def choose(page, field, text, option):
    page.locator(f".field-{field} .select2-selection").click()
    page.keyboard.type(text)
    page.locator(".select2-results__option", has_text=option).first.click()


def test_editor_drafts_publisher_publishes_visitor_reads(site, browser, tmp_path):
    make_user("Editor")
    make_user("Publisher")
    # Already in the media library (uploading into it: tests/browser/test_desk.py).
    ImageFactory(
        caption="Polling staff during the training.",
        credit="OSCE/Demo",
        alt_text="Trainers and polling staff around a table",
    )

    editor = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    editor.set_default_timeout(10_000)
    log_in(editor, site, "editor")
    editor.goto(site.url + "/admin/releases/pressrelease/add/")
    editor.get_by_label("Title:").press_sequentially(TITLE)
    assert editor.get_by_label("Slug:").input_value().startswith("mission-supports")
    editor.get_by_label("Standfirst:").fill("Trainers worked with polling staff in six towns.")
    editor.get_by_label("Place:").fill("PRISTINA")
    choose(editor, "sources", "Kosovo", "Mission in Kosovo")
    choose(editor, "fields_of_work", "Elect", "Elections")
    choose(editor, "lead_image", "Polling staff", "Polling staff during the training")
    body = editor.locator(".field-body [contenteditable=true]")
    body.click()
    editor.keyboard.type("The OSCE Mission trained polling staff ahead of the vote.")
    status = editor.get_by_label("Status:")
    assert [o.strip() for o in status.locator("option").all_inner_texts()] == [
        "Draft",
        "Ready for review",
    ]
    status.select_option("review")
    editor.get_by_role("button", name="Save", exact=True).first.click()
    editor.wait_for_url("**/admin/releases/pressrelease/")
    release = PressRelease.objects.get(title=TITLE)
    assert release.status == PressRelease.Status.REVIEW
    assert "trained polling staff" in release.body
    assert release.sources.get().name == "Mission in Kosovo"
    assert release.lead_image and release.lead_credit == "OSCE/Demo"

    visitor = browser.new_context().new_page()
    assert visitor.goto(site.url + release.get_absolute_url()).status == 404

    publisher = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    publisher.set_default_timeout(10_000)
    log_in(publisher, site, "publisher")
    publisher.goto(site.url + "/admin/releases/pressrelease/?state=review")
    publisher.locator(f'input[name="_selected_action"][value="{release.pk}"]').check()
    publisher.locator('select[name="action"]').select_option("publish_now")
    publisher.locator('button[name="index"]').first.click()
    # The click starts a navigation: wait for the confirmation, not the old page.
    publisher.get_by_role("heading", name="Publish these releases now?").wait_for()
    publisher.get_by_role("button", name="Publish now").click()
    # The confirmation page has the list's own URL: wait for the result, not the URL.
    publisher.locator(".messagelist", has_text="Published 1 press release").wait_for()
    release.refresh_from_db()
    assert release.is_published()
    assert not release.published_without_review

    response = visitor.goto(site.url + release.get_absolute_url())
    assert response.status == 200
    assert visitor.locator("h1").inner_text() == TITLE
    assert "OSCE Mission in Kosovo" in visitor.locator(".release__meta").inner_text()
    assert visitor.locator(".release__image img").get_attribute("alt") == (
        "Trainers and polling staff around a table"
    )
