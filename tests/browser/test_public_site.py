import pytest

from releases.models import PressRelease

from .conftest import axe_violations

SEED_SLUG = "osce-chairman-urges-kosovo-serbs-to-take-part-in-october-elections"


def page_types():
    seed = PressRelease.objects.get(slug=SEED_SLUG)
    with_image = PressRelease.objects.filter(lead_image__isnull=False).first()
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
        "/meetings/summit-meetings/",  # nothing published yet
        "/press-releases/?field=elections",
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


# Deferred scripts are held back while the page loads and paints, then run: what they
# change must not move anything (the slow network Lighthouse simulates, made certain).
RECORD_SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.layoutShifts.push(entry.value);
  }
}).observe({type: "layout-shift", buffered: true});
"""
BOXES = """() => Array.from(document.querySelectorAll("body > *, header *, main > *"))
  .map((el) => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })"""
RUN_DEFERRED_SCRIPTS = """async (urls) => {
  const frame = () => new Promise((done) => {
    requestAnimationFrame(() => requestAnimationFrame(done));
  });
  while (!performance.getEntriesByName("first-contentful-paint").length) await frame();
  await new Promise((done) => setTimeout(done, 600));
  for (const url of urls) {
    await new Promise((done, fail) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = done;
      script.onerror = fail;
      document.head.append(script);
    });
  }
  await frame();
  await new Promise((done) => setTimeout(done, 300));
}"""


def deferred_script(url):
    return "/static/js/" in url and not url.endswith("/early.js")


@pytest.mark.parametrize(
    "viewport", [{"width": 375, "height": 740}, {"width": 1280, "height": 900}], ids=str
)
def test_nothing_moves_when_the_scripts_run_on_each_page_type(site, browser, viewport):
    context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 768)
    context.add_init_script(RECORD_SHIFTS)
    page = context.new_page()
    held = {"on": True}
    page.route(deferred_script, lambda route: route.abort() if held["on"] else route.continue_())
    moved = {}
    for path in page_types():
        held["on"] = True
        page.goto(site.url + path)
        deferred = page.eval_on_selector_all("script[defer]", "all => all.map((s) => s.src)")
        assert deferred, path
        before = page.evaluate(BOXES)
        held["on"] = False
        page.evaluate(RUN_DEFERRED_SCRIPTS, deferred)
        assert page.evaluate("document.querySelector('.site-nav__toggle').hidden") is False
        shifts = page.evaluate("window.layoutShifts")
        if shifts or page.evaluate(BOXES) != before:
            moved[path] = sum(shifts)
    context.close()
    assert moved == {}


def test_release_page_uses_the_width_and_its_cards_read_well(site, page):
    release = PressRelease.objects.get(slug=SEED_SLUG)
    release.standfirst = "The Chairman called on Kosovo Serbs to vote."
    release.save()
    page.goto(site.url + release.get_absolute_url())
    main = page.locator("main").bounding_box()
    body = page.locator(".release__body").bounding_box()
    meta = page.locator(".release__meta").bounding_box()
    lead = page.locator(".release__lead")
    assert lead.inner_text() == release.standfirst
    assert lead.bounding_box()["y"] > page.locator("h1").bounding_box()["y"]
    # The metadata sits beside the article, and together they fill the main column.
    assert meta["x"] > body["x"] + body["width"]
    assert meta["y"] < body["y"]
    used = (meta["x"] + meta["width"] - body["x"]) / (main["width"] - 48)
    assert used > 0.95, used
    cards = page.locator(".related .card")
    assert cards.count() >= 2
    for i in range(cards.count()):
        title = cards.nth(i).locator(".card__title")
        line = float(title.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
        assert title.bounding_box()["height"] / line <= 3.2
    assert_no_line_starts_with_a_separator(page)


def assert_no_line_starts_with_a_separator(page):
    """In each card's type · date · place line, an item that wraps to a new line has no
    generated separator in front of it (the separators end the previous item)."""
    starts = page.eval_on_selector_all(
        ".card__meta",
        """all => all.flatMap((meta) => Array.from(meta.children).slice(1)
          .filter((el) => el.getBoundingClientRect().top >
                          el.previousElementSibling.getBoundingClientRect().bottom - 2)
          .map((el) => getComputedStyle(el, "::before").content))""",
    )
    assert all(content in ("none", "normal") for content in starts), starts


def test_card_lines_wrap_without_a_leading_separator_on_a_phone(site, phone):
    for release in PressRelease.objects.all():
        release.place = "VIENNA/WARSAW/SKOPJE/BISHKEK"
        release.save()
    seed = PressRelease.objects.get(slug=SEED_SLUG)
    for path in ["/", "/press-releases/", seed.get_absolute_url()]:
        phone.goto(site.url + path)
        assert_no_line_starts_with_a_separator(phone)


def test_pages_have_an_icon_and_a_manifest_and_log_no_errors(site, page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    for path in page_types()[:-1]:  # the 404 page logs its own status
        page.goto(site.url + path)
    assert errors == []
    icon = page.request.get(site.url + "/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    svg = page.locator('link[rel="icon"][type="image/svg+xml"]').get_attribute("href")
    assert page.request.get(site.url + svg).headers["content-type"].startswith("image/svg")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest = page.request.get(site.url + href)
    assert manifest.headers["content-type"] == "application/manifest+json"
    data = manifest.json()
    assert data["short_name"] == "OSCE"
    assert data["theme_color"] == page.locator('meta[name="theme-color"]').get_attribute("content")
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
    for entry in data["icons"]:
        assert page.request.get(site.url + entry["src"]).status == 200
