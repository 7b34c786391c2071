import datetime

from countries.models import Country
from taxonomy.models import FieldOfWork
from tests.factories import PressReleaseFactory


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
    page.get_by_role("group", name="Field of work").get_by_role(
        "checkbox", name="Elections"
    ).check()
    page.get_by_role("group", name="Country").get_by_role("checkbox", name="Serbia").check()
    page.get_by_role("button", name="Apply filters").click()
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
