"""The site in Russian and French in a browser: the language switcher by keyboard, its
landmark and names, and no serious accessibility violation on each page type."""

import pytest
from django.utils import translation

from releases.models import PressRelease
from tests.factories import PressReleaseFactory

from .conftest import axe_violations

SEED_SLUG = "osce-chairman-urges-kosovo-serbs-to-take-part-in-october-elections"


def url_of(release):
    with translation.override(release.language):
        return release.get_absolute_url()


@pytest.fixture
def seed_in_russian(site):
    """The seed release and a public Russian translation of it (the demo content may
    already have one)."""
    seed = PressRelease.objects.get(slug=SEED_SLUG)
    russian = seed.translations.filter(language="ru").first()
    if russian is None:
        russian = PressReleaseFactory(
            published=True,
            language="ru",
            translation_of=seed,
            title="Действующий председатель ОБСЕ призывает косовских сербов участвовать "
            "в октябрьских выборах",
            slug="vybory-v-kosovo",
            date=seed.date,
            place="НЬЮ-ЙОРК",
        )
    return seed, russian


def tab_to(page, selector, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"{selector} is not reachable by Tab")


def test_switch_a_release_to_russian_and_back_with_the_keyboard(site, page, seed_in_russian):
    seed, russian = seed_in_russian
    page.goto(site.url + url_of(seed))
    switcher = page.get_by_role("navigation", name="Language")
    assert switcher.count() == 1
    links = switcher.get_by_role("link")
    assert links.count() == 6
    for code, name in [("ru", "Русский"), ("de", "Deutsch"), ("en", "English")]:
        link = switcher.locator(f'a[lang="{code}"]')
        assert link.inner_text() == name and link.get_attribute("hreflang") == code
    assert switcher.locator('a[aria-current="page"]').get_attribute("lang") == "en"
    tab_to(page, '.language-switcher a[lang="ru"]')
    page.keyboard.press("Enter")
    page.wait_for_url(site.url + url_of(russian))
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == russian.title
    tab_to(page, '.language-switcher a[lang="en"]')
    page.keyboard.press("Enter")
    page.wait_for_url(site.url + url_of(seed))
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize("language", ["ru", "fr"])
def test_no_serious_accessibility_violations_in_russian_and_french(
    site, page, seed_in_russian, language
):
    _seed, russian = seed_in_russian
    paths = [
        "/",
        "/press-releases/",
        "/press-releases/?notice=untranslated",
        "/fields-of-work/",
        "/fields-of-work/elections/",
        "/countries/",
        "/countries/serbia/",
        "/structures/",
        "/structures/mission-in-kosovo/",
        "/meetings/",
        "/meetings/ministerial-council-meetings/",
        "/about/",
        "/no-such-page/",
    ]
    paths = [f"/{language}{path}" for path in paths]
    if language == "ru":
        paths.append(url_of(russian))
    problems = {}
    for path in paths:
        page.goto(site.url + path)
        assert page.locator("html").get_attribute("lang") == language, path
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}
