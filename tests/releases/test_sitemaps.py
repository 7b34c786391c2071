"""The sitemap index and its sections: every public release is reachable from
/sitemap.xml whatever their number, drafts never are, and the News sitemap carries the
Google News elements."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from defusedxml import ElementTree
from django.core.management import call_command
from django.utils import timezone

from releases.models import PressRelease
from releases.sitemaps import DEFAULT_PAGE_SIZE
from tests.factories import FieldOfWorkFactory, PressReleaseFactory

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
RELEASE_PATH = re.compile(r"^/press-releases/(\d+)/[^/]+/$")


def path_of(url):
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "testserver", url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def get_xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def sitemap_pages(client):
    """The paths of every sitemap the index lists."""
    index = get_xml(client, "/sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    return [path_of(loc.text) for loc in index.iter(f"{SM}loc")]


def all_urls(client):
    """{sitemap path: [URL paths it lists]} for every sitemap of the index."""
    found = {}
    for path in sitemap_pages(client):
        urlset = get_xml(client, path)
        assert urlset.tag == f"{SM}urlset"
        found[path] = [path_of(loc.text) for loc in urlset.iter(f"{SM}loc")]
    return found


def release_ids(found):
    ids = []
    for paths in found.values():
        ids += [int(m[1]) for m in map(RELEASE_PATH.match, paths) if m]
    return ids


@pytest.mark.django_db
@pytest.mark.parametrize(("count", "page_size"), [(3000, 400), (DEFAULT_PAGE_SIZE + 150, None)])
def test_sitemap_index_reaches_every_public_release_and_no_draft(
    client, reference_data, settings, count, page_size
):
    if page_size:
        settings.SITEMAP_PAGE_SIZE = page_size
    call_command("generate_releases", count=count, seed=7, verbosity=0)
    PressReleaseFactory(scheduled=True, slug="not-yet")
    public = set(PressRelease.objects.published().values_list("pk", flat=True))
    hidden = set(PressRelease.objects.values_list("pk", flat=True)) - public
    assert hidden  # generate_releases makes some drafts, and the scheduled one

    found = all_urls(client)
    ids = release_ids(found)
    release_pages = [path for path in found if path.startswith("/sitemap-releases.xml")]
    size = page_size or DEFAULT_PAGE_SIZE
    assert len(release_pages) == -(-len(public) // size) > 1
    assert all(len(found[path]) <= size for path in release_pages)
    assert len(ids) == len(set(ids))  # no release on two pages
    assert set(ids) == public
    last = release_pages[-1].split("?p=")[-1]
    assert client.get(f"/sitemap-releases.xml?p={int(last) + 1}").status_code == 404


@pytest.mark.django_db
def test_sitemap_sections_list_entities_with_releases_each_with_lastmod(client, demo_content):
    empty = FieldOfWorkFactory(slug="nothing-here")
    PressReleaseFactory(slug="hidden-draft", fields_of_work=[empty])
    pages = sitemap_pages(client)
    for section in ["pages", "releases", "news", "fields", "countries", "structures", "meetings"]:
        assert f"/sitemap-{section}.xml" in pages
    for path in pages:
        if path == "/sitemap-news.xml":
            continue
        urlset = get_xml(client, path)
        for url in urlset.iter(f"{SM}url"):
            assert url.find(f"{SM}lastmod") is not None, (path, url.find(f"{SM}loc").text)
    text = "".join(client.get(path).content.decode() for path in pages)
    assert "/fields-of-work/elections/" in text
    assert "/structures/mission-in-kosovo/" in text
    assert "/structures/field-operations/" in text  # its page lists the offices below it
    assert "/fields-of-work/nothing-here/" not in text  # no release, so no date
    assert "hidden-draft" not in text


@pytest.mark.django_db
def test_news_sitemap_lists_the_last_two_days_with_google_news_elements(client, db, settings):
    now = timezone.now()
    fresh = PressReleaseFactory(published=True, title="Fresh & <new>", publish_at=now)
    older = PressReleaseFactory(published=True, publish_at=now - datetime.timedelta(days=3))
    draft = PressReleaseFactory(publish_at=now)
    scheduled = PressReleaseFactory(scheduled=True)
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' in body
    assert 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' in body
    root = ElementTree.fromstring(response.content)
    urls = root.findall(f"{SM}url")
    assert [path_of(u.find(f"{SM}loc").text) for u in urls] == [fresh.get_absolute_url()]
    news = urls[0].find(f"{NEWS}news")
    publication = news.find(f"{NEWS}publication")
    assert publication.find(f"{NEWS}name").text == settings.SITE_NAME
    assert publication.find(f"{NEWS}language").text == "en"
    published = datetime.datetime.fromisoformat(news.find(f"{NEWS}publication_date").text)
    assert published == fresh.publish_at
    assert news.find(f"{NEWS}title").text == "Fresh & <new>"
    for release in (older, draft, scheduled):
        assert release.get_absolute_url() not in body


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["0", "abc", "99", "1e308", "-1", "nan"])
def test_bad_sitemap_page_is_404(client, db, page):
    assert client.get(f"/sitemap-releases.xml?p={page}").status_code == 404


@pytest.mark.django_db
def test_unknown_sitemap_section_is_404(client, db):
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.django_db
def test_robots_txt_names_the_sitemap_index_and_the_news_sitemap(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml\n" in text
    assert "Sitemap: http://testserver/sitemap-news.xml\n" in text


@pytest.mark.django_db
def test_release_sitemap_locations_and_lastmods_are_the_releases_own(client, demo_content):
    release = PressRelease.objects.published().filter(language="en").first()
    release.slug = "a-new_slug-2"
    release.last_major_change = release.publish_at + datetime.timedelta(days=3, hours=5)
    release.save()
    # Not a slug the form allows, but a bulk write could store it: quoted as reverse() does.
    english = PressRelease.objects.published().filter(language="en")
    PressRelease.objects.filter(pk=english.last().pk).update(slug="ünï code")
    urlset = get_xml(client, "/sitemap-releases.xml")
    listed = {
        url.find(f"{SM}loc").text: url.find(f"{SM}lastmod").text for url in urlset.iter(f"{SM}url")
    }
    expected = {}
    for release in PressRelease.objects.published().filter(language="en"):
        changed = release.last_major_change or release.publish_at
        expected[f"http://testserver{release.get_absolute_url()}"] = changed.astimezone(
            datetime.UTC
        ).isoformat(timespec="seconds")
    assert listed == expected
