"""What search engines and sharing see in a page's head: a canonical URL, a description
of its own, OpenGraph and Twitter tags with an image, `noindex, follow` on searched and
filtered listings, and complete NewsArticle JSON-LD on every release."""

import json

import html5lib
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation
from PIL import Image

from releases.models import PressRelease
from taxonomy.models import MeetingType
from tests.factories import PressReleaseFactory

BASE = "http://testserver"
GENERIC = "News, press releases and statements from the Organization for Security"
SHARE_IMAGE = f"{BASE}/static/img/share.png"


def head_of(response):
    assert response.status_code == 200, response.status_code
    document = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    head = document.find("head")
    meta = {}
    for element in head.iter("meta"):
        name = element.get("property") or element.get("name")
        if name:
            meta.setdefault(name, element.get("content"))
    canonical = [link.get("href") for link in head.iter("link") if link.get("rel") == "canonical"]
    scripts = [s.text for s in head.iter("script") if s.get("type") == "application/ld+json"]
    return {"meta": meta, "canonical": canonical, "json_ld": scripts}


def page_paths():
    meeting = MeetingType.objects.filter(releases__status="published").first()
    release = PressRelease.objects.published().first()
    return [
        "/",
        "/press-releases/",
        "/fields-of-work/",
        "/fields-of-work/elections/",
        "/countries/",
        "/countries/serbia/",
        "/structures/",
        "/structures/mission-in-kosovo/",
        "/meetings/",
        meeting.get_absolute_url(),
        "/about/",
        "/projects/",
        release.get_absolute_url(),
    ]


@pytest.mark.django_db
def test_every_page_type_has_canonical_description_and_sharing_tags(client, demo_content):
    descriptions = {}
    for path in page_paths():
        head = head_of(client.get(path))
        meta = head["meta"]
        assert head["canonical"] == [f"{BASE}{path}"], path
        assert meta["og:url"] == f"{BASE}{path}", path
        for name in ("og:title", "og:description", "og:image", "twitter:card"):
            assert meta.get(name), (path, name)
        assert meta["og:image"].startswith(f"{BASE}/"), path
        assert meta["twitter:card"] == "summary_large_image"
        assert "robots" not in meta, path
        description = meta["description"]
        assert description and GENERIC not in description, path
        assert meta["og:description"] == description, path
        descriptions[path] = description
    # Each page says what it is: no two share a description.
    assert len(set(descriptions.values())) == len(descriptions), descriptions


@pytest.mark.django_db
def test_listing_page_two_has_its_own_canonical_and_description(client, reference_data):
    PressReleaseFactory.create_batch(21, published=True)
    first = head_of(client.get("/press-releases/"))
    second = head_of(client.get("/press-releases/?page=2"))
    assert second["canonical"] == [f"{BASE}/press-releases/?page=2"]
    assert "robots" not in second["meta"]
    assert second["meta"]["description"] != first["meta"]["description"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/press-releases/?q=election",
        "/press-releases/?field=elections",
        "/press-releases/?country=serbia&field=elections",
        "/press-releases/?sort=oldest",
        "/fields-of-work/elections/?country=serbia",
        "/countries/serbia/?q=election",
    ],
)
def test_search_results_and_filtered_listings_are_noindex_follow(client, demo_content, path):
    head = head_of(client.get(path))
    assert head["meta"]["robots"] == "noindex, follow"
    assert head["canonical"] == [f"{BASE}{path}"]
    assert head["meta"]["og:url"] == f"{BASE}{path}"


@pytest.mark.django_db
def test_invalid_filter_page_is_noindex_without_canonical(client, demo_content):
    response = client.get("/press-releases/?from=not-a-date")
    assert response.status_code == 400
    document = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    head = document.find("head")
    robots = [m.get("content") for m in head.iter("meta") if m.get("name") == "robots"]
    assert robots == ["noindex, follow"]
    assert not [link for link in head.iter("link") if link.get("rel") == "canonical"]


@pytest.mark.django_db
def test_filtered_title_and_description_name_the_filter(client, demo_content):
    head = head_of(client.get("/press-releases/?field=elections"))
    assert head["meta"]["og:title"] == "Press releases: Elections"
    assert "Elections" in head["meta"]["description"]


@pytest.mark.django_db
def test_json_ld_of_every_demo_release_has_publisher_logo_url_and_image(client, demo_content):
    releases = list(PressRelease.objects.published())
    assert any(not release.lead_image for release in releases)
    for release in releases:
        head = head_of(client.get(release.get_absolute_url()))
        assert len(head["json_ld"]) == 1
        data = json.loads(head["json_ld"][0])
        assert data["@type"] == "NewsArticle"
        publisher = data["publisher"]
        assert publisher["@type"] == "Organization"
        with translation.override(release.language):  # its home in the release's language
            assert publisher["url"] == f"{BASE}{reverse('releases:home')}"
        assert publisher["logo"]["@type"] == "ImageObject"
        assert publisher["logo"]["url"] == f"{BASE}/static/img/logo.png"
        assert data["image"].startswith(f"{BASE}/")
        assert head["meta"]["og:image"].startswith(f"{BASE}/")
        if not release.lead_image:
            assert data["image"] == SHARE_IMAGE
            assert head["meta"]["og:image"] == SHARE_IMAGE


def test_share_image_and_logo_are_rasters_of_the_sizes_announced():
    with Image.open(finders.find("img/share.png")) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    with Image.open(finders.find("img/logo.png")) as image:
        assert image.format == "PNG" and min(image.size) >= 112
