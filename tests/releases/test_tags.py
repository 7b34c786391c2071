"""Tags on the public site: shown by name, in name order, all reachable from the tag
facet, and a renamed or deleted tag is seen on the next request."""

import json
import re

import feedparser
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from releases.models import PressRelease
from tests.factories import PressReleaseFactory

LIST = "/press-releases/"


def tag(name, slug):
    return Tag.objects.create(name=name, slug=slug)


@pytest.fixture
def hate_crimes(db):
    release = PressReleaseFactory(published=True, title="Hate crime report")
    release.tags.add(tag("Hate crimes", "hate-crimes"))
    return release


@pytest.fixture
def shuffled(db):
    """A release whose tags were created and added in orders that are not name order:
    ids Mike, Zulu, Alpha; links Zulu, Mike, Alpha."""
    mike, zulu, alpha = tag("Mike", "mike"), tag("Zulu", "zulu"), tag("Alpha", "alpha")
    release = PressReleaseFactory(published=True, title="Shuffled tags")
    for each in (zulu, mike, alpha):
        release.tags.add(each)
    return release


def json_ld(html):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


# Names, not slugs (item 11) ------------------------------------------------------------


@pytest.mark.django_db
def test_tag_filter_is_described_by_name_in_heading_title_chips_and_feed(client, hate_crimes):
    response = client.get(f"{LIST}?tag=hate-crimes")
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 press release: Hate crimes" in html
    assert re.search(r"<title>Press releases: Hate crimes", html)
    assert [chip["label"] for chip in response.context["chips"]] == ["Hate crimes"]
    assert ": hate-crimes" not in html
    feed = feedparser.parse(client.get("/press-releases/feed/?tag=hate-crimes").content)
    assert feed.feed.title.endswith("press releases: Hate crimes")


@pytest.mark.django_db
def test_every_tag_with_results_is_reachable_from_the_facet(client):
    tags = [tag(f"Topic {n:02d}", f"topic-{n:02d}") for n in range(29)]
    for n, each in enumerate(tags):
        for _copy in range(30 - n):  # topic-00 most used, topic-28 least
            PressReleaseFactory(published=True).tags.add(each)
    response = client.get(LIST)
    facet = next(f for f in response.context["facets"] if f["name"] == "tag")
    assert [o["value"] for o in facet["shown"]] == [f"topic-{n:02d}" for n in range(15)]
    assert [o["value"] for o in facet["more"]] == [f"topic-{n:02d}" for n in range(15, 29)]
    assert facet["more"][-1] == {
        "value": "topic-28",
        "label": "Topic 28",
        "count": 2,
        "selected": False,
        "depth": 0,
    }
    html = response.content.decode()
    assert "Show 14 more</summary>" in html
    assert '<input type="checkbox" name="tag" value="topic-28"> Topic 28' in html


@pytest.mark.django_db
def test_a_selected_tag_beyond_the_first_few_stays_shown_and_ticked(client):
    tags = [tag(f"Topic {n:02d}", f"topic-{n:02d}") for n in range(20)]
    for n, each in enumerate(tags):
        for _copy in range(21 - n):
            PressReleaseFactory(published=True).tags.add(each)
    # The same facet entry serves both pages: the selection is applied after the cache.
    client.get(LIST)
    response = client.get(f"{LIST}?tag=topic-19")
    facet = next(f for f in response.context["facets"] if f["name"] == "tag")
    shown = {o["value"]: o["selected"] for o in facet["shown"]}
    assert shown["topic-19"] is True and len(shown) == 16
    assert "topic-19" not in {o["value"] for o in facet["more"]}


@pytest.mark.django_db
def test_a_selected_tag_without_results_can_still_be_unticked(client, hate_crimes):
    from taxonomy.models import FieldOfWork

    FieldOfWork.objects.create(name="Elections", slug="elections", order=1)
    PressReleaseFactory(published=True, fields_of_work=[FieldOfWork.objects.get()])
    response = client.get(f"{LIST}?field=elections&tag=hate-crimes")
    facet = next(f for f in response.context["facets"] if f["name"] == "tag")
    assert facet["shown"] == [
        {"value": "hate-crimes", "label": "Hate crimes", "count": 0, "selected": True, "depth": 0}
    ]


# Order (item 27) -------------------------------------------------------------------------


@pytest.mark.django_db
def test_release_page_lists_tags_and_keywords_in_name_order(client, shuffled):
    html = client.get(shuffled.get_absolute_url()).content.decode()
    links = re.findall(r'\?tag=(\w+)">', html)
    assert links == ["alpha", "mike", "zulu"]
    assert json_ld(html)["keywords"] == ["Alpha", "Mike", "Zulu"]


@pytest.mark.django_db
def test_prefetched_tags_come_in_name_order(shuffled):
    for release in [shuffled, PressRelease.objects.prefetch_related("tags").get()]:
        assert [t.name for t in release.tags.all()] == ["Alpha", "Mike", "Zulu"]
    with CaptureQueriesContext(connection) as queries:
        list(PressRelease.objects.prefetch_related("tags"))
    assert "ORDER BY" in queries.captured_queries[-1]["sql"]


# Cached pages follow a tag (item 25) ------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.mark.django_db
def test_renamed_tag_shows_on_the_next_request_with_the_page_cache_on(
    client, page_cache, hate_crimes
):
    page, feed = hate_crimes.get_absolute_url(), "/press-releases/feed/?tag=hate-crimes"
    for url in (page, f"{LIST}?tag=hate-crimes", feed):
        assert b"Hate crimes" in client.get(url).content
    etag = client.get(feed)["ETag"]
    assert client.get(page).content == client.get(page).content  # served from the cache

    renamed = Tag.objects.get()
    renamed.name = "Hate-motivated crimes"
    renamed.save()
    assert b"Hate-motivated crimes" in client.get(page).content
    assert (
        b"1 press release: Hate-motivated crimes" in client.get(f"{LIST}?tag=hate-crimes").content
    )
    again = client.get(feed, headers={"if_none_match": etag})
    assert again.status_code == 200 and again["ETag"] != etag
    assert b"Hate-motivated crimes" in again.content

    renamed.slug = "hate-motivated-crimes"
    renamed.save()
    assert b"?tag=hate-motivated-crimes" in client.get(page).content
    assert client.get(f"{LIST}?tag=hate-crimes").status_code == 400
    assert client.get(f"{LIST}?tag=hate-motivated-crimes").status_code == 200


@pytest.mark.django_db
def test_deleted_tag_leaves_cached_pages_on_the_next_request(client, page_cache, hate_crimes):
    page = hate_crimes.get_absolute_url()
    assert b"Hate crimes" in client.get(page).content
    assert b"Hate crimes" in client.get(LIST).content
    Tag.objects.get().delete()
    assert b"Hate crimes" not in client.get(page).content
    assert b"Hate crimes" not in client.get(LIST).content


@pytest.mark.django_db
def test_backup_round_trip_gives_the_same_pages_in_tag_name_order(
    client, reference_data, shuffled, tmp_path
):
    from tests.releases.test_backup import empty_content, render

    other = PressReleaseFactory(published=True, title="Same tags, added the other way")
    for name in ("Alpha", "Zulu", "Mike"):
        other.tags.add(Tag.objects.get(name=name))
    urls = [shuffled.get_absolute_url(), other.get_absolute_url(), LIST, f"{LIST}?tag=mike"]
    before = render(client, urls)
    path = tmp_path / "backup.zip"
    call_command("export_content", str(path), verbosity=0)
    empty_content()
    call_command("import_content", str(path), verbosity=0)
    assert render(client, urls) == before
    for url in urls[:2]:
        assert re.findall(r'\?tag=(\w+)">', before[url][4].decode()) == ["alpha", "mike", "zulu"]
