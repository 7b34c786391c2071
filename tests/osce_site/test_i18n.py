"""The site in its languages: prefixed URLs, the language of a page taken from its path
alone, hreflang alternates and the language switcher, localized dates, per-language
page cache, feeds and sitemaps, and the admin in the staff member's language."""

import datetime
from urllib.parse import urlsplit

import feedparser
import html5lib
import pytest
from defusedxml import ElementTree
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from countries.models import Country
from releases.models import PressRelease
from taxonomy.models import FieldOfWork, MeetingType, Structure
from tests.factories import FieldOfWorkFactory, PressReleaseFactory

LANGUAGES = [code for code, _name in settings.LANGUAGES]
XHTML = "{http://www.w3.org/1999/xhtml}link"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse(response):
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    return parser.parse(response.content.decode())


def hreflangs(document):
    return {
        link.get("hreflang"): link.get("href")
        for link in document.iter("link")
        if link.get("rel") == "alternate" and link.get("hreflang")
    }


def switcher(document):
    navs = [nav for nav in document.iter("nav") if "language-switcher" in nav.get("class", "")]
    assert len(navs) == 1
    return navs[0]


def local(url):
    parts = urlsplit(url)
    assert parts.netloc in ("", "testserver"), url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def release_in(language, **kwargs):
    """A published release written in `language`, at its own URL."""
    return PressReleaseFactory(published=True, language=language, **kwargs)


def url_of(release):
    with translation.override(release.language):
        return release.get_absolute_url()


def public_pages():
    field = FieldOfWork.objects.filter(releases__isnull=False).first()
    country = Country.objects.filter(releases__isnull=False).first()
    source = Structure.objects.filter(releases__isnull=False).first()
    meeting = MeetingType.objects.filter(releases__isnull=False).first()
    return [
        ("releases:home", {}),
        ("releases:list", {}),
        ("releases:fields", {}),
        ("releases:field", {"slug": field.slug}),
        ("releases:countries", {}),
        ("releases:country", {"slug": country.slug}),
        ("releases:structures", {}),
        ("releases:structure", {"slug": source.slug}),
        ("releases:meetings", {}),
        ("releases:meeting", {"slug": meeting.slug}),
        ("releases:about", {}),
        ("releases:projects", {}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_type_answers_in_the_language_with_alternates_that_exist(
    client, demo_content, language
):
    for name, kwargs in public_pages():
        with translation.override(language):
            path = reverse(name, kwargs=kwargs)
        prefix = "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
        assert path.startswith(prefix), path
        response = client.get(path)
        assert response.status_code == 200, path
        document = parse(response)
        assert document.get("lang") == language, path
        alternates = hreflangs(document)
        assert set(alternates) == {*LANGUAGES, "x-default"}, path
        assert local(alternates[language]) == path
        with translation.override("en"):
            assert local(alternates["x-default"]) == reverse(name, kwargs=kwargs)
        for code, url in alternates.items():
            answer = client.get(local(url))
            assert answer.status_code == 200, (path, code, url)
            expected = settings.LANGUAGE_CODE if code == "x-default" else code
            assert parse(answer).get("lang") == expected, url


@pytest.mark.django_db
def test_english_urls_are_unprefixed_and_unchanged(client, db):
    assert reverse("releases:home") == "/"
    assert reverse("releases:list") == "/press-releases/"
    assert reverse("releases:feed") == "/press-releases/feed/"
    with translation.override("ru"):
        assert reverse("releases:list") == "/ru/press-releases/"
        assert reverse("releases:field", kwargs={"slug": "elections"}) == (
            "/ru/fields-of-work/elections/"
        )
    assert client.get("/en/press-releases/").status_code == 404
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/ru/admin/login/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/press-releases/", "/ru/", "/ru/press-releases/"])
def test_a_public_page_is_in_its_paths_language_whatever_the_header_or_cookie(client, db, path):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    response = client.get(path, headers={"accept-language": "fr,de;q=0.8"})
    assert response.status_code == 200
    expected = "ru" if path.startswith("/ru/") else "en"
    assert parse(response).get("lang") == expected
    assert response["Content-Language"] == expected
    assert "accept-language" not in response.get("Vary", "").lower()


@pytest.mark.django_db
def test_the_page_cache_keeps_each_language_apart(client, settings, db):
    settings.PAGE_CACHE = True
    PressReleaseFactory(published=True, language="en", title="An English story")
    for _round in range(2):  # the second round comes from the cache
        english = client.get("/press-releases/", headers={"accept-language": "ru"})
        russian = client.get("/ru/press-releases/", headers={"accept-language": "en"})
        assert parse(english).get("lang") == "en"
        assert parse(russian).get("lang") == "ru"
        assert english.content != russian.content
    assert not russian.templates  # stored, and its own
    assert b'href="/ru/press-releases/"' in russian.content


@pytest.mark.django_db
def test_the_switcher_names_each_language_in_its_own_language_and_links_this_page(client, db):
    response = client.get("/fr/fields-of-work/")
    nav = switcher(parse(response))
    assert nav.get("aria-label")
    links = {a.get("lang"): a for a in nav.iter("a")}
    assert set(links) == set(LANGUAGES)
    assert links["ru"].text == "Русский" and links["de"].text == "Deutsch"
    assert links["fr"].text == "français" or links["fr"].text == "Français"
    for code, link in links.items():
        assert link.get("hreflang") == code
    assert links["fr"].get("aria-current") == "page"
    assert [code for code, link in links.items() if link.get("aria-current")] == ["fr"]
    assert local(links["ru"].get("href")) == "/ru/fields-of-work/"
    assert local(links["en"].get("href")) == "/fields-of-work/"


@pytest.mark.django_db
def test_a_release_links_only_its_public_versions(client, db):
    original = release_in("en", title="Elections observed", slug="elections-observed")
    russian = release_in("ru", translation_of=original, slug="vybory")
    release_in("fr", translation_of=original, slug="brouillon", status=PressRelease.Status.DRAFT)
    for release in (original, russian):
        response = client.get(url_of(release))
        assert response.status_code == 200
        document = parse(response)
        alternates = hreflangs(document)
        assert {code: local(url) for code, url in alternates.items()} == {
            "en": url_of(original),
            "ru": url_of(russian),
            "x-default": url_of(original),
        }
        links = {a.get("lang"): local(a.get("href")) for a in switcher(document).iter("a")}
        assert links["ru"] == url_of(russian) and links["en"] == url_of(original)
        # No public French version: the French newsroom, which says so.
        assert links["fr"] == "/fr/press-releases/?notice=untranslated"


@pytest.mark.django_db
def test_the_untranslated_notice_shows_and_stays_out_of_the_canonical_url(client, db):
    response = client.get("/fr/press-releases/?notice=untranslated")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="notice"' in html
    assert '<link rel="canonical" href="http://testserver/fr/press-releases/">' in html
    assert 'name="robots"' not in html
    plain = client.get("/fr/press-releases/")
    assert 'class="notice"' not in plain.content.decode()
    # Any other value is dropped; with filters, the notice keeps its sorted place.
    assert client.get("/fr/press-releases/?notice=x")["Location"] == "/fr/press-releases/"
    FieldOfWorkFactory(slug="elections")
    moved = client.get("/fr/press-releases/?notice=untranslated&field=elections")
    assert moved["Location"] == "/fr/press-releases/?field=elections&notice=untranslated"
    assert client.get(moved["Location"]).status_code == 200
    # Only the newsroom reads it: an entity page drops it.
    entity = client.get("/fr/fields-of-work/elections/?notice=untranslated")
    assert entity.status_code == 301 and entity["Location"] == "/fr/fields-of-work/elections/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "23 September 2004"), ("ru", "23 сентября 2004 г."), ("fr", "23 septembre 2004")],
)
def test_dates_are_written_in_the_pages_language(client, db, language, expected):
    vienna = datetime.datetime(2004, 9, 23, 12, tzinfo=timezone.get_current_timezone())
    release = release_in(language, publish_at=vienna, date=vienna.date())
    page = client.get(url_of(release)).content.decode()
    assert f'<time datetime="2004-09-23">{expected}</time>' in page
    with translation.override(language):
        listing = client.get(reverse("releases:list")).content.decode()
    assert f'<time datetime="2004-09-23">{expected}</time>' in listing


@pytest.mark.django_db
def test_share_tags_use_the_prefixed_url_and_the_locale(client, db):
    html = client.get("/ru/press-releases/").content.decode()
    assert '<link rel="canonical" href="http://testserver/ru/press-releases/">' in html
    assert '<meta property="og:url" content="http://testserver/ru/press-releases/">' in html
    assert '<meta property="og:locale" content="ru_RU">' in html
    assert '<meta property="og:locale:alternate" content="fr_FR">' in html
    release = release_in("ru")
    page = client.get(url_of(release)).content.decode()
    assert '<meta property="og:locale" content="ru_RU">' in page
    assert f'<link rel="canonical" href="http://testserver{url_of(release)}">' in page


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["feed", "atom"])
def test_a_feed_declares_its_language_and_links_its_languages_pages(client, db, kind):
    release = release_in("ru", title="Выборы")
    with translation.override("ru"):
        path = reverse(f"releases:{kind}")
    response = client.get(path)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.feed.language == "ru"
    assert local(parsed.feed.link) == "/ru/press-releases/"
    assert [local(entry.link) for entry in parsed.entries] == [url_of(release)]
    english = feedparser.parse(client.get(reverse(f"releases:{kind}")).content)
    assert english.feed.language == "en"


@pytest.mark.django_db
def test_sitemaps_carry_hreflang_alternates_for_each_entry(client, db):
    original = release_in("en", slug="elections-observed")
    russian = release_in("ru", translation_of=original, slug="vybory")
    lone = release_in("en", slug="only-in-english")

    def entries(path):
        response = client.get(path)
        assert response.status_code == 200, path
        root = ElementTree.fromstring(response.content)
        return {
            local(url.findtext(f"{SITEMAP}loc")): {
                link.get("hreflang"): local(link.get("href")) for link in url.iter(XHTML)
            }
            for url in root.iter(f"{SITEMAP}url")
        }

    english = entries("/sitemap-releases.xml")
    versions = {"en": url_of(original), "ru": url_of(russian), "x-default": url_of(original)}
    assert english[url_of(original)] == versions
    assert english[url_of(lone)] == {"en": url_of(lone), "x-default": url_of(lone)}
    assert url_of(russian) not in english
    assert entries("/ru/sitemap-releases.xml") == {url_of(russian): versions}
    pages = entries("/ru/sitemap-pages.xml")
    assert pages["/ru/press-releases/"] == {
        **{code: reverse("releases:list") for code in ["en", "x-default"]},
        **{code: f"/{code}/press-releases/" for code in LANGUAGES if code != "en"},
    }
    news = entries("/sitemap-news.xml")
    assert news[url_of(original)] == versions
    index = client.get("/ru/sitemap.xml").content.decode()
    assert "http://testserver/ru/sitemap-releases.xml" in index
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/ru/sitemap.xml" in robots


@pytest.mark.django_db
def test_the_admin_follows_the_language_its_user_chose(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(user)
    before = client.get("/admin/")
    assert parse(before).get("lang") == "en"
    assert 'action="/admin/language/"' in before.content.decode()
    chosen = client.post("/admin/language/", {"language": "ru", "next": "/admin/"})
    assert chosen.status_code == 302 and chosen["Location"] == "/admin/"
    after = client.get("/admin/")
    assert parse(after).get("lang") == "ru"
    assert "Редакция ОБСЕ" in after.content.decode()  # the desk's name, in Russian
    # Public pages keep the language of their path.
    assert parse(client.get("/press-releases/")).get("lang") == "en"
    # A cookie naming no site language falls back to the default.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert parse(client.get("/admin/")).get("lang") == "en"


@pytest.mark.parametrize(("language", "grouped"), [("en", "12,345"), ("ru", "12\xa0345")])
def test_counts_are_grouped_in_the_pages_language(language, grouped):
    template = Template("{% load humanize %}{{ count|intcomma }}")
    with translation.override(language):
        assert template.render(Context({"count": 12345})) == grouped


@pytest.mark.django_db
def test_a_filtered_listing_links_the_same_filters_in_each_language_but_not_its_page(client):
    field = FieldOfWorkFactory(slug="elections")
    for _n in range(21):  # two pages
        release_in("de", fields_of_work=[field])
    response = client.get("/de/press-releases/?field=elections&page=2")
    assert response.status_code == 200
    alternates = hreflangs(parse(response))
    assert local(alternates["de"]) == "/de/press-releases/?field=elections"
    assert local(alternates["ru"]) == "/ru/press-releases/?field=elections"
    assert local(alternates["x-default"]) == "/press-releases/?field=elections"
    assert client.get(local(alternates["ru"])).status_code == 200


@pytest.mark.django_db
def test_a_missing_page_in_a_language_is_in_that_language_with_no_alternates(client, db):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    document = parse(response)
    assert document.get("lang") == "ru"
    assert hreflangs(document) == {}
    links = {a.get("lang"): local(a.get("href")) for a in switcher(document).iter("a")}
    assert links == {
        code: reverse("releases:home") if code == "en" else f"/{code}/" for code in LANGUAGES
    }
    assert client.get("/ru")["Location"] == "/ru/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("asked", "moved_to"),
    [
        ("/ru/?utm_source=x", "/ru/"),
        ("/fr/press-releases/?utm_source=x&field=elections", "/fr/press-releases/?field=elections"),
        ("/de/press-releases/feed/?page=2", "/de/press-releases/feed/"),
    ],
)
def test_a_prefixed_page_reads_the_query_its_view_declares(client, asked, moved_to):
    # osce_site.http resolves the path under its own prefix to find the view.
    response = client.get(asked)
    assert response.status_code == 301 and response["Location"] == moved_to
