import datetime
import re

import pytest
from playwright.sync_api import expect

from countries.models import Country
from releases.models import PressRelease
from taxonomy.models import FieldOfWork
from tests.factories import PressReleaseFactory

from .conftest import axe_violations


def make_releases():
    elections = FieldOfWork.objects.get(slug="elections")
    serbia = Country.objects.get(slug="serbia")
    for i in range(26):
        PressReleaseFactory(
            published=True,
            title=f"Observers report on polling day {i}",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
            body="<p>Polling stations opened on time across the country.</p>",
            fields_of_work=[elections],
            countries=[serbia] if i % 2 else [],
        )


def titles(page):
    return page.locator(".results .card__title").all_inner_texts()


def test_filter_remove_chip_search_phrase_and_page_two_survive_a_fresh_open(site, page, browser):
    make_releases()
    page.goto(site.url + "/press-releases/")
    # Each checkbox applies as it changes (the listing is replaced in place).
    page.get_by_role("group", name="Field of work").get_by_role(
        "checkbox", name="Elections"
    ).check()
    page.wait_for_url("**/press-releases/?field=elections")
    page.get_by_role("group", name="Country").get_by_role("checkbox", name="Serbia").check()
    page.wait_for_url("**/press-releases/?country=serbia&field=elections")
    assert "press releases: Elections · Serbia" in page.locator(".result-count").inner_text()
    chips = page.locator(".chips")
    assert chips.get_by_role("link", name="Serbia").is_visible()
    # Remove the country chip: back to the field alone.
    chips.get_by_role("link", name="Serbia").click()
    page.wait_for_url("**/press-releases/?field=elections")
    page.get_by_label("Search").fill('"polling stations opened"')
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/press-releases/?field=elections&q=*")
    count = page.locator(".result-count").inner_text()
    assert count.startswith("26 press releases")
    assert page.locator(".results mark").first.inner_text().lower() == "polling stations opened"
    page.locator(".pagination").get_by_role("link", name="2").click()
    page.wait_for_url("**&page=2&q=*")
    second_page = titles(page)
    assert len(second_page) == 6
    url = page.url
    fresh = browser.new_context().new_page()
    fresh.goto(url)
    assert titles(fresh) == second_page
    assert fresh.get_by_label("Search").input_value() == '"polling stations opened"'
    assert fresh.get_by_role("checkbox", name="Elections").first.is_checked()
    fresh.context.close()


def count(field, country=None):
    # The English newsroom: releases written in English.
    found = PressRelease.objects.published().filter(language="en", fields_of_work__slug=field)
    if country:
        found = found.filter(countries__slug=country)
    return found.distinct().count()


def status_text(page):
    """What the live region announced last (it is emptied, then filled)."""
    status = page.locator("[data-newsroom-status]")
    expect(status).to_have_text(re.compile(r"\S"))
    return status.inner_text()


def test_phone_shows_results_first_and_the_filters_behind_a_disclosure(site, phone):
    make_releases()
    phone.goto(site.url + "/press-releases/?field=elections")
    first_result = phone.locator(".results .card").first
    assert first_result.bounding_box()["y"] < 740  # within the first screen
    toggle = phone.locator("summary.filters__toggle")
    assert " ".join(toggle.inner_text().split()) == "Filter 1 active"
    facets = phone.get_by_role("group", name="Field of work")
    assert not facets.is_visible()
    assert phone.get_by_role("button", name="Apply filters").is_hidden()
    assert phone.get_by_label("Search").is_visible()

    toggle.click()
    assert facets.is_visible()
    assert toggle.evaluate("el => el.parentElement.open")
    elections = facets.get_by_role("checkbox", name="Elections")
    assert elections.is_checked()
    assert phone.get_by_role("button", name="Apply filters").is_visible()
    assert axe_violations(phone) == []

    # A change applies in place: the disclosure stays open, the count is announced.
    phone.get_by_role("group", name="Country").get_by_role("checkbox", name="Serbia").check()
    phone.wait_for_url("**/press-releases/?country=serbia&field=elections")
    expected = f"{count(field='elections', country='serbia')} press releases: Elections · Serbia"
    assert status_text(phone) == expected
    assert facets.is_visible()
    assert " ".join(toggle.inner_text().split()) == "Filter 2 active"


def test_desktop_checkbox_applies_in_place_keeps_focus_and_announces_the_count(site, page):
    make_releases()
    page.goto(site.url + "/press-releases/")
    page.evaluate("window.notReloaded = true")
    assert page.locator("summary.filters__toggle").is_hidden()  # a sidebar, always open
    total = page.locator(".result-count").inner_text()
    elections = page.get_by_role("group", name="Field of work").get_by_role(
        "checkbox", name="Elections"
    )
    elections.focus()
    page.keyboard.press("Space")
    page.wait_for_url("**/press-releases/?field=elections")
    assert status_text(page) == f"{count(field='elections')} press releases: Elections"
    assert page.evaluate("window.notReloaded") is True
    focused = page.evaluate("[document.activeElement.name, document.activeElement.value]")
    assert focused == ["field", "elections"]
    assert elections.is_checked()
    assert page.title().startswith("Press releases: Elections")
    assert len(titles(page)) == 20
    assert axe_violations(page) == []

    # The sort order applies the same way; Back returns to the earlier listing.
    page.get_by_label("Sort").select_option(index=1)
    page.wait_for_url("**/press-releases/?field=elections&sort=*")
    assert page.evaluate("document.activeElement.name") == "sort"
    page.go_back()
    page.wait_for_url("**/press-releases/?field=elections")
    page.go_back()
    page.wait_for_url("**/press-releases/")
    expect(page.locator(".result-count")).to_have_text(total)
    assert not elections.is_checked()
    assert page.evaluate("window.notReloaded") is True


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 740}]
)
def test_filters_work_without_javascript(site, browser, viewport):
    make_releases()
    context = browser.new_context(java_script_enabled=False, viewport=viewport)
    page = context.new_page()
    page.goto(site.url + "/press-releases/")
    toggle = page.locator("summary.filters__toggle")
    if viewport["width"] < 768:
        toggle.click()  # the native disclosure needs no script
    else:
        assert toggle.is_hidden()
    page.get_by_role("group", name="Field of work").get_by_role(
        "checkbox", name="Elections"
    ).check()
    assert page.url.endswith("/press-releases/")  # nothing happens before the button
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/press-releases/?field=elections")
    expected = f"{count(field='elections')} press releases"
    assert page.locator(".result-count").inner_text().startswith(expected)
    context.close()
