import pytest

from releases.models import PressRelease

from .conftest import axe_violations

SEED_SLUG = "osce-chairman-urges-kosovo-serbs-to-take-part-in-october-elections"


def page_types():
    seed = PressRelease.objects.get(slug=SEED_SLUG)
    with_image = PressRelease.objects.exclude(image="").first()
    return [
        "/",
        seed.get_absolute_url(),
        with_image.get_absolute_url(),
        "/press-releases/",
        "/fields-of-work/",
        "/fields-of-work/elections/",
        "/countries/",
        "/countries/serbia/",
        "/structures/",
        "/structures/mission-in-kosovo/",
        "/structures/secretariat/",
        "/meetings/",
        "/meetings/ministerial-council-meetings/",
        "/about/",
        "/no-such-page/",
    ]


def test_keyboard_only_visitor_reaches_kosovo_mission_and_a_release(site, page):
    page.goto(site.url + "/")
    # Tab from the top: skip link first, then the logo, then the menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    toggle = page.locator('button[aria-controls="menu-structures"]')
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-controls')") == (
            "menu-structures"
        ):
            break
    else:
        pytest.fail("The Structures menu button is not reachable by Tab")
    assert toggle.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#menu-structures").is_visible()
    # Escape closes and gives focus back to the button.
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#menu-structures").is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == (
        "menu-structures"
    )
    page.keyboard.press("Enter")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Mission in Kosovo":
            break
    else:
        pytest.fail("Mission in Kosovo is not reachable by Tab in the open menu")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/structures/mission-in-kosovo/")
    assert page.locator("h1").inner_text() == "OSCE Mission in Kosovo"
    title = "OSCE Chairman urges Kosovo Serbs to take part in October elections"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == title:
            break
    else:
        pytest.fail("The Kosovo release is not reachable by Tab from the mission's page")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == title
    meta = page.locator(".release__meta").inner_text()
    assert "23 September 2004" in meta and "NEW YORK" in meta


def test_focus_is_visible_on_menu_buttons(site, page):
    page.goto(site.url + "/")
    page.locator('button[aria-controls="menu-fields"]').focus()
    outline = page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle + ' ' + "
        "getComputedStyle(document.activeElement).outlineWidth"
    )
    assert not outline.startswith("none"), outline


def test_phone_menu_toggle_and_no_sideways_scroll(site, phone):
    phone.goto(site.url + "/")
    toggle = phone.locator(".menu-toggle")
    assert toggle.is_visible()
    assert not phone.locator("#site-nav").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert phone.locator("#site-nav").is_visible()
    phone.locator('button[aria-controls="menu-countries"]').click()
    assert phone.get_by_role("link", name="Serbia", exact=True).is_visible()
    phone.keyboard.press("Escape")
    for path in page_types():
        phone.goto(site.url + path)
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 375px"


def test_menu_works_with_javascript_off(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/")
    page.get_by_role("link", name="Structures and institutions", exact=True).first.click()
    assert page.url.endswith("/structures/")
    assert page.get_by_role("link", name="Mission in Kosovo").first.is_visible()
    context.close()


def test_no_serious_accessibility_violations_on_each_page_type(site, page):
    problems = {}
    for path in page_types():
        page.goto(site.url + path)
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_release_prints_without_navigation(site, page):
    page.goto(site.url + PressRelease.objects.get(slug=SEED_SLUG).get_absolute_url())
    page.emulate_media(media="print")
    assert not page.locator("#site-nav").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert page.locator("h1").is_visible()
    assert page.locator(".release__meta").is_visible()
    assert len(page.pdf()) > 1000
