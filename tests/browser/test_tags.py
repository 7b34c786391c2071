"""The release form's tag box in Chromium: existing tags are suggested as one types, and
a new tag is created only by choosing "Create new tag …"."""

from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import get_user_model
from taggit.models import Tag

from releases.models import PressRelease
from tests.browser.test_authoring import PASSWORD, choose, log_in

TITLE = "Observers publish their interim report"


def open_tag_box(page, text):
    """Type `text` into the tag box and wait for the suggestions for all of it (one
    request: typing key by key would show the answers for shorter terms first)."""

    def answers_the_text(response):
        query = parse_qs(urlsplit(response.url).query)
        return "/admin/taggit/tag/autocomplete/" in response.url and query.get("term") == [text]

    page.locator(".field-tags .select2-selection").click()
    page.keyboard.press("Control+A")  # whatever was typed before is replaced
    with page.expect_response(answers_the_text):
        page.keyboard.insert_text(text)
    page.locator(".select2-results__option:not(.loading-results)").first.wait_for()


def options(page):
    return [o.strip() for o in page.locator(".select2-results__option").all_inner_texts()]


def test_tags_are_picked_from_suggestions_and_created_only_on_request(site, browser):
    # A superuser: the groups of the data migration do not survive an earlier browser
    # test's flush of the database.
    get_user_model().objects.create_superuser("publisher", password=PASSWORD)
    before = Tag.objects.count()
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    page.set_default_timeout(10_000)
    log_in(page, site, "publisher")
    page.goto(site.url + "/admin/releases/pressrelease/add/")
    page.get_by_label("Title:").press_sequentially(TITLE)
    page.get_by_label("Standfirst:").fill("Findings from the first weeks.")
    page.get_by_label("Place:").fill("WARSAW")
    choose(page, "sources", "Kosovo", "Mission in Kosovo")
    choose(page, "fields_of_work", "Elect", "Elections")
    page.locator(".field-body [contenteditable=true]").click()
    page.keyboard.type("The mission published its interim report.")

    # "Elect" suggests the existing tags, those starting with it first; creating a tag
    # "Elect" is offered last, so that Enter or a click on the first line picks a tag.
    open_tag_box(page, "Elect")
    suggested = options(page)
    assert suggested[0] == "election observation"
    assert "parliamentary elections" in suggested
    assert [text for text in suggested if "Create" in text] == ["Create new tag “Elect”"]
    assert suggested[-1] == "Create new tag “Elect”"
    page.locator(".select2-results__option", has_text="election observation").first.click()

    # A name in another case is the same tag: no "Create" is offered for it.
    open_tag_box(page, "PARLIAMENTARY ELECTIONS")
    assert options(page) == ["parliamentary elections"]
    page.keyboard.press("Escape")

    # A name nobody used: creating it is the one, explicit, choice.
    open_tag_box(page, "Interim reports")
    create = page.locator(".select2-results__option", has_text="Create new tag “Interim reports”")
    assert options(page) == ["Create new tag “Interim reports”"]
    create.click()
    chosen = page.locator(".field-tags .select2-selection__choice").all_inner_texts()
    assert [text.lstrip("×").strip() for text in chosen] == [
        "election observation",
        "Interim reports",
    ]

    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_url("**/admin/releases/pressrelease/")
    release = PressRelease.objects.get(title=TITLE)
    assert sorted(t.name for t in release.tags.all()) == ["Interim reports", "election observation"]
    assert Tag.objects.count() == before + 1
    assert not Tag.objects.filter(slug__contains="_").exists()

    # Reopened, the form shows both, chosen.
    page.goto(site.url + f"/admin/releases/pressrelease/{release.pk}/change/")
    chosen = page.locator(".field-tags .select2-selection__choice").all_inner_texts()
    assert [text.lstrip("×").strip() for text in chosen] == [
        "election observation",
        "Interim reports",
    ]
