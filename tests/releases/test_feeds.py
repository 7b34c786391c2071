import datetime
import io
import xml.etree.ElementTree as ET

import feedparser
import html5lib
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone
from freezegun import freeze_time
from PIL import Image

from releases.engine import engine
from releases.feeds import feed_urls
from releases.models import PressRelease
from taxonomy.models import FieldOfWork
from tests.factories import (
    CountryFactory,
    FieldOfWorkFactory,
    ImageFactory,
    PressReleaseFactory,
    StructureFactory,
)

SEED_SLUG = "osce-chairman-urges-kosovo-serbs-to-take-part-in-october-elections"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
}

FEEDS = [
    "/press-releases/feed/",
    "/press-releases/atom/",
    "/press-releases/feed/?field=elections&country=serbia",
    "/press-releases/atom/?field=elections&country=serbia",
    "/press-releases/feed/?type=press_release&from=2000-01-01&q=elections",
    "/fields-of-work/elections/feed/",
    "/fields-of-work/elections/atom/",
    "/countries/serbia/feed/",
    "/countries/serbia/atom/",
    "/structures/field-operations/feed/",
    "/structures/field-operations/atom/",
    "/meetings/annual-osce-asian-conferences/feed/",
    "/meetings/annual-osce-asian-conferences/atom/",
]


def jpeg_upload(width=200, height=100):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 140)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def xml_root(response):
    return ET.fromstring(response.content)  # noqa: S314 (our own output)


def parse(response):
    assert response.status_code == 200, response.content[:300]
    xml_root(response)  # well-formed XML, whatever feedparser forgives
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def rich_release(**kwargs):
    return PressReleaseFactory(
        published=True,
        fields_of_work=FieldOfWorkFactory.create_batch(3),
        countries=CountryFactory.create_batch(3),
        sources=StructureFactory.create_batch(3, parent=StructureFactory()),
        tags=["alpha", "beta", "gamma"],
        lead_image=ImageFactory(file=jpeg_upload(), caption="A caption", credit="OSCE/Someone"),
        **kwargs,
    )


@pytest.fixture
def seed_release(demo_content):
    return PressRelease.objects.get(slug=SEED_SLUG)


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_variant_is_valid_and_complete(client, demo_content, url):
    response = client.get(url)
    feed = parse(response)
    expected_type = "application/atom+xml" if "/atom/" in url else "application/rss+xml"
    assert response["Content-Type"] == f"{expected_type}; charset=utf-8"
    assert feed.version == ("atom10" if "/atom/" in url else "rss20")
    assert feed.feed.title.startswith("OSCE press releases")
    assert feed.feed.language == "en"
    assert feed.entries
    for entry in feed.entries:
        assert entry.title
        assert entry.link.startswith("http://testserver/press-releases/")
        assert entry.id.startswith("tag:testserver,")
        assert entry.published_parsed
        assert entry.tags  # fields of work and countries
        assert entry.content[0].value
        if "/atom/" in url:
            assert entry.updated_parsed


@pytest.mark.django_db
def test_rss_has_the_required_channel_and_item_elements(client, seed_release):
    response = client.get("/press-releases/feed/?field=elections")
    root = xml_root(response)
    channel = root.find("channel")
    assert root.get("version") == "2.0"
    assert channel.findtext("title") == "OSCE press releases: Elections"
    assert channel.findtext("link") == "http://testserver/press-releases/?field=elections"
    assert channel.findtext("description")
    assert channel.findtext("language") == "en"
    self_link = channel.find("atom:link", NS)
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == "http://testserver/press-releases/feed/?field=elections"
    items = channel.findall("item")
    newest = max(
        PressRelease.objects.published().filter(fields_of_work__slug="elections"),
        key=lambda r: r.publish_at,
    )
    assert channel.findtext("lastBuildDate") == items[0].findtext("pubDate")
    assert items[0].findtext("title") == newest.title
    seed = next(item for item in items if item.findtext("title") == seed_release.title)
    # Midnight 23 September 2004 in Vienna, in UTC.
    assert seed.findtext("pubDate") == "Wed, 22 Sep 2004 22:00:00 +0000"
    guid = seed.find("guid")
    assert guid.get("isPermaLink") == "false"
    assert guid.text.endswith(f":press-release:{seed_release.pk}")
    assert [c.text for c in seed.findall("category")] == ["Elections", "Serbia"]
    assert [c.text for c in seed.findall("dc:creator", NS)] == [
        "OSCE Chairpersonship",
        "OSCE Mission in Kosovo",
    ]
    assert seed.findtext("description") == seed_release.standfirst
    assert "NEW YORK, 23 September 2004" in seed.findtext("content:encoded", namespaces=NS)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["feed", "atom"])
def test_lead_image_is_an_enclosure_with_its_real_length_and_media_rss(client, kind):
    release = rich_release(title="With a picture")
    image = release.lead_image
    # The 16:9 crop around the focal point, at most 960 wide (here the image's 200).
    name = image.crop_name(image.lead_size(960), "jpg")
    size = image.file.storage.size(name)
    response = client.get(f"/press-releases/{kind}/")
    entry = parse(response).entries[0]
    enclosure = entry.enclosures[0]
    assert enclosure.href == f"http://testserver{image.file.storage.url(name)}"
    assert int(enclosure.length) == size
    assert enclosure.type == "image/jpeg"
    assert entry.media_content[0]["url"] == enclosure.href
    assert entry.media_content[0]["filesize"] == str(size)
    assert entry.media_content[0]["width"] == "178"  # 16:9 of the 200 × 100 image
    assert entry.media_credit[0]["content"] == "OSCE/Someone"
    root = xml_root(response)
    media = root.find(".//media:content", NS)
    assert media.findtext("media:description", namespaces=NS) == "A caption"
    assert media.findtext("media:credit", namespaces=NS) == "OSCE/Someone"


@pytest.mark.django_db
def test_atom_has_the_required_feed_and_entry_elements(client, seed_release):
    response = client.get("/fields-of-work/elections/atom/?country=serbia")
    root = xml_root(response)
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.tag == f"{atom}feed"
    assert root.findtext(f"{atom}title") == "OSCE press releases: Elections · Serbia"
    self_url = "http://testserver/fields-of-work/elections/atom/?country=serbia"
    assert root.findtext(f"{atom}id") == self_url
    assert root.findtext(f"{atom}updated")
    assert root.find(f"{atom}author/{atom}name").text == "OSCE"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{atom}link")}
    assert links == {
        "self": self_url,
        "alternate": "http://testserver/fields-of-work/elections/?country=serbia",
    }
    entry = next(
        e for e in root.findall(f"{atom}entry") if e.findtext(f"{atom}title") == seed_release.title
    )
    assert entry.findtext(f"{atom}published") == "2004-09-22T22:00:00+00:00"
    assert entry.findtext(f"{atom}updated") == "2004-09-22T22:00:00+00:00"
    assert entry.findtext(f"{atom}id").startswith("tag:testserver,")
    assert entry.find(f"{atom}content").get("type") == "html"
    assert entry.find(f"{atom}summary").get("type") == "html"
    names = [a.findtext(f"{atom}name") for a in entry.findall(f"{atom}author")]
    assert names == ["OSCE Chairpersonship", "OSCE Mission in Kosovo"]
    assert {c.get("term") for c in entry.findall(f"{atom}category")} == {"Elections", "Serbia"}


@pytest.mark.django_db
def test_entity_feeds_fix_their_term_and_apply_the_rest_of_the_query(client, seed_release):
    serbia = [e.title for e in parse(client.get("/countries/serbia/feed/")).entries]
    assert seed_release.title in serbia
    filtered = parse(client.get("/countries/serbia/feed/?field=elections")).entries
    assert [e.title for e in filtered] == [seed_release.title]
    # The fixed term wins over the same parameter in the query.
    moldova = parse(client.get("/countries/serbia/feed/?country=moldova")).entries
    assert {e.title for e in moldova} == set(serbia)


@pytest.mark.django_db
def test_feed_title_names_every_filter_in_words(client, seed_release):
    query = "type=press_release&field=elections&source=mission-in-kosovo&from=2004-09-01&q=Serbs"
    feed = parse(client.get(f"/press-releases/atom/?{query}"))
    assert feed.feed.title.startswith(
        "OSCE press releases: Press release · Elections · Mission in Kosovo · “Serbs” · from "
    )
    assert "2004" in feed.feed.title
    assert [e.title for e in feed.entries] == [seed_release.title]


@pytest.mark.django_db
def test_structure_feed_includes_releases_of_offices_below(client, seed_release):
    feed = parse(client.get("/structures/field-operations/feed/"))
    assert seed_release.title in [e.title for e in feed.entries]
    assert feed.feed.title == "OSCE press releases: Field operations"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["feed", "atom"])
def test_drafts_and_scheduled_releases_never_appear(client, kind):
    field = FieldOfWorkFactory(slug="elections", name="Elections")
    PressReleaseFactory(title="Visible", published=True, fields_of_work=[field])
    PressReleaseFactory(title="Draft", fields_of_work=[field])
    PressReleaseFactory(title="Under review", status=PressRelease.Status.REVIEW)
    PressReleaseFactory(title="Scheduled", scheduled=True, fields_of_work=[field])
    for url in (f"/press-releases/{kind}/", f"/fields-of-work/elections/{kind}/"):
        assert [e.title for e in parse(client.get(url)).entries] == ["Visible"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["feed", "atom"])
def test_guid_survives_an_edit_of_title_and_slug(client, kind):
    release = PressReleaseFactory(published=True, title="First title", slug="first-title")
    before = parse(client.get(f"/press-releases/{kind}/")).entries[0]
    release.title = "Corrected title"
    release.slug = "corrected-title"
    release.save()
    after = parse(client.get(f"/press-releases/{kind}/")).entries[0]
    assert after.title == "Corrected title"
    assert after.link != before.link
    assert after.id == before.id


@pytest.mark.django_db
def test_atom_updated_moves_with_a_major_change_only(client):
    release = PressReleaseFactory(published=True)

    def updated():
        return parse(client.get("/press-releases/atom/")).entries[0].updated

    first = updated()
    release.body = "<p>Typo fixed.</p>"
    release.save()
    assert updated() == first
    release.last_major_change = timezone.now()
    release.change_note = "Figures corrected."
    release.save()
    assert updated() != first


@pytest.mark.django_db
def test_body_links_are_made_absolute(client):
    release = PressReleaseFactory(
        published=True,
        body=(
            '<p><a href="/countries/serbia/">Serbia</a> <a href="#more">more</a> '
            '<a href="//example.org/x">x</a> <a href="https://osce.org/">osce</a></p>'
        ),
    )
    content = parse(client.get("/press-releases/feed/")).entries[0].content[0].value
    page = f"http://testserver{release.get_absolute_url()}"
    assert 'href="http://testserver/countries/serbia/"' in content
    assert f'href="{page}#more"' in content
    assert 'href="http://example.org/x"' in content
    assert 'href="https://osce.org/"' in content


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["feed", "atom"])
def test_non_ascii_and_control_characters_give_well_formed_xml(client, kind):
    country = CountryFactory(name="Türkiye", slug="turkiye")
    PressReleaseFactory(
        published=True,
        title="Türkiye \x0bи Україна\x1f & <partners>",
        standfirst="Vertical\x0btab & العربية",
        body="<p>Кириллица, العربية, Türkiye\x1f\x00 \U0001f30d</p>",
        countries=[country],
        image_caption="caption\x0c",
    )
    entry = parse(client.get(f"/press-releases/{kind}/?country=turkiye")).entries[0]
    assert entry.title == "Türkiye и Україна & <partners>"
    assert "Кириллица, العربية, Türkiye \U0001f30d" in entry.content[0].value
    assert entry.tags[0].term == "Türkiye"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["feed", "atom"])
def test_repeated_request_with_validators_gets_304_until_an_edit(client, kind):
    release = PressReleaseFactory(published=True)
    url = f"/press-releases/{kind}/?limit=5"
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=300"
    etag, modified = first["ETag"], first["Last-Modified"]
    for headers in ({"if_none_match": etag}, {"if_modified_since": modified}):
        again = client.get(url, headers=headers)
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == etag
        assert again["Last-Modified"] == modified
        assert again["Cache-Control"] == "public, max-age=300"
    with freeze_time(timezone.now() + datetime.timedelta(minutes=5)):
        release.title = "Edited"
        release.save()
        edited = client.get(url, headers={"if_none_match": etag})
        assert edited.status_code == 200
        assert edited["ETag"] != etag
        assert edited["Last-Modified"] != modified
        assert client.get(url, headers={"if_modified_since": modified}).status_code == 200
        assert client.get(url, headers={"if_none_match": edited["ETag"]}).status_code == 304


@pytest.mark.django_db
def test_feeds_of_different_filters_have_different_validators(client, reference_data):
    PressReleaseFactory(published=True)
    etags = {client.get(url)["ETag"] for url in FEEDS}
    assert len(etags) == len(FEEDS)


@pytest.mark.django_db
def test_scheduled_release_reaching_its_time_changes_validators_and_appears(client):
    now = timezone.now()
    PressReleaseFactory(title="Old", published=True, publish_at=now - datetime.timedelta(days=2))
    PressReleaseFactory(
        title="Scheduled", scheduled=True, publish_at=now + datetime.timedelta(hours=1)
    )
    before = client.get("/press-releases/feed/")
    assert [e.title for e in parse(before).entries] == ["Old"]
    with freeze_time(now + datetime.timedelta(hours=2)):
        after = client.get("/press-releases/feed/", headers={"if_none_match": before["ETag"]})
        assert after.status_code == 200
        assert after["ETag"] != before["ETag"]
        assert after["Last-Modified"] != before["Last-Modified"]
        assert [e.title for e in parse(after).entries] == ["Scheduled", "Old"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["feed", "atom"])
def test_empty_feed_is_valid_with_stable_validators(client, kind):
    PressReleaseFactory(title="Draft only")
    first = client.get(f"/press-releases/{kind}/")
    assert parse(first).entries == []
    with freeze_time(timezone.now() + datetime.timedelta(days=1)):
        second = client.get(f"/press-releases/{kind}/")
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]
        assert second["Last-Modified"] == first["Last-Modified"]
        again = client.get(f"/press-releases/{kind}/", headers={"if_none_match": first["ETag"]})
        assert again.status_code == 304


@pytest.mark.django_db
def test_unpublishing_or_deleting_a_release_changes_the_etag(client):
    PressReleaseFactory(published=True, publish_at=timezone.now() - datetime.timedelta(days=1))
    newer = PressReleaseFactory(published=True)
    first = client.get("/press-releases/feed/")["ETag"]
    newer.status = PressRelease.Status.DRAFT
    newer.save()
    unpublished = client.get("/press-releases/feed/")["ETag"]
    assert unpublished != first
    newer.delete()  # the content version moves, the feed's releases do not
    assert client.get("/press-releases/feed/")["ETag"] == unpublished


@pytest.mark.django_db
def test_validators_are_computed_from_the_feeds_releases():
    """The ETag is a digest of the feed's releases, not of the cache's version stamps:
    a change made behind the application's back (no save signal, no version bump) still
    changes it once computed again."""
    from django.test import RequestFactory

    from releases.feeds import LatestReleasesFeed

    PressReleaseFactory(published=True, publish_at=timezone.now() - datetime.timedelta(days=1))
    newer = PressReleaseFactory(published=True)
    feed = LatestReleasesFeed()

    def etag():
        return feed.select(RequestFactory().get("/press-releases/feed/"), None).compute_validators()

    first = etag()
    assert etag() == first
    PressRelease.objects.filter(pk=newer.pk).update(status=PressRelease.Status.DRAFT)
    assert etag() != first


@pytest.mark.django_db
def test_edit_of_a_release_too_old_to_be_shown_keeps_the_validators(client):
    old = PressReleaseFactory(
        published=True, publish_at=timezone.now() - datetime.timedelta(days=9)
    )
    PressReleaseFactory(published=True)
    first = client.get("/press-releases/feed/?limit=1")
    with freeze_time(timezone.now() + datetime.timedelta(minutes=5)):
        old.title = "Edited"
        old.save()
        again = client.get(
            "/press-releases/feed/?limit=1", headers={"if_none_match": first["ETag"]}
        )
        assert again.status_code == 304
        assert client.get("/press-releases/feed/?limit=2")["ETag"] != first["ETag"]


@pytest.mark.django_db
def test_limit_parameter(client):
    PressReleaseFactory.create_batch(25, published=True)
    assert len(parse(client.get("/press-releases/feed/")).entries) == 20
    limited = parse(client.get("/press-releases/feed/?limit=3"))
    assert len(limited.entries) == 3
    self_link = next(link for link in limited.feed.links if link.rel == "self")
    assert self_link.href == "http://testserver/press-releases/feed/?limit=3"
    assert len(parse(client.get("/press-releases/atom/?limit=100")).entries) == 25


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("field=no-such-field", "Field of work: “no-such-field” is not a known value"),
        ("meeting=atlantis&type=blog", "Meeting: “atlantis”"),
        ("type=blog", "Type:"),
        ("tag=no-such-tag", "Tag: “no-such-tag”"),
        ("from=2024-13-01", "From: Enter a date as YYYY-MM-DD"),
        ("from=2024-02-01&to=2024-01-01", "The end date is before the start date."),
        ("to=yesterday", "To:"),
        ("limit=0", "limit: a whole number from 1 to 100."),
        ("limit=101", "limit:"),
        ("limit=ten", "limit:"),
        ("limit=-5", "limit:"),
        ("q=" + "x" * 10_000, "Search text can be at most 200 characters"),
        ("q=a%00b", "NUL"),
        ("tag=a%00b", "NUL"),
        ("field=%ff%fe", "Field of work:"),
    ],
)
@pytest.mark.parametrize("path", ["/press-releases/feed/", "/countries/serbia/atom/"])
def test_bad_query_gives_a_short_plain_text_400(client, reference_data, path, query, reason):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert reason in text
    assert len(text) < 1000


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=%ff%fe", "q=Türkiye", "page=abc", "sort=bogus", "utm=x"])
def test_odd_but_harmless_queries_are_served(client, reference_data, query):
    PressReleaseFactory(published=True)
    # Parameters a feed does not read (page, sort, utm) redirect to the feed without them.
    parse(client.get(f"/press-releases/feed/?{query}", follow=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/fields-of-work/no-such-field/feed/",
        "/countries/atlantis/atom/",
        "/structures/nowhere/feed/",
        "/meetings/none/atom/",
        "/countries/%ff/feed/",
    ],
)
def test_unknown_entity_is_404(client, reference_data, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_only_get_and_head_are_allowed(client, reference_data):
    assert client.post("/press-releases/feed/").status_code == 405
    assert client.head("/press-releases/feed/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["feed", "atom"])
def test_filtered_feed_of_twenty_rich_releases_costs_at_most_five_queries(
    client, django_assert_max_num_queries, kind
):
    field = FieldOfWorkFactory(slug="elections", name="Elections")
    country = CountryFactory(slug="serbia", name="Serbia")
    for _ in range(22):
        release = rich_release()
        release.fields_of_work.add(field)
        release.countries.add(country)
    url = f"/press-releases/{kind}/?field=elections&country=serbia"
    cache.clear()  # a cold vocabulary costs its own queries, within the five
    engine.current()  # built once per process (releases.engine), then kept current
    # Five, the listing engine's question for changes (releases.engine), and for Atom one
    # more: each item's documents (as enclosures).
    budget = 7 if kind == "atom" else 6
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    entries = parse(response).entries
    assert len(entries) == 20
    assert all(len(e.tags) == 8 and len(e.authors) == 3 and len(e.enclosures) == 1 for e in entries)
    # A new query: the engine's question, the window's validators, the items, their
    # relations, and one more for the tag filter's slugs.
    with django_assert_max_num_queries(budget):
        parse(client.get(f"{url}&tag=alpha"))
    # Asked again: nothing to read. The validators are kept per content version, the
    # document per ETag (tests/releases/test_fragments.py).
    with django_assert_max_num_queries(0):
        assert parse(client.get(url)).entries == entries


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/press-releases/feed/?field=elections&tag=alpha",
        "/fields-of-work/elections/atom/?tag=alpha",
    ],
)
def test_not_modified_costs_at_most_two_queries(client, django_assert_max_num_queries, url):
    field = FieldOfWorkFactory(slug="elections", name="Elections")
    PressReleaseFactory.create_batch(3, published=True, fields_of_work=[field], tags=["alpha"])
    first = client.get(url)
    assert first.status_code == 200
    for headers in (
        {"if_none_match": first["ETag"]},
        {"if_modified_since": first["Last-Modified"]},
    ):
        with django_assert_max_num_queries(2):
            assert client.get(url, headers=headers).status_code == 304


@pytest.mark.django_db
def test_feed_urls_build_the_feed_of_a_listing_filter(reference_data):
    assert feed_urls() == {
        "rss": "/press-releases/feed/",
        "atom": "/press-releases/atom/",
        "alerts": "/alerts/",
    }
    urls = feed_urls("field", "elections", "country=serbia&page=2&sort=oldest")
    assert urls == {
        "rss": "/fields-of-work/elections/feed/?country=serbia",
        "atom": "/fields-of-work/elections/atom/?country=serbia",
        # Email alerts for the same filter, the entity page's fixed one included.
        "alerts": "/alerts/?country=serbia&field=elections",
    }
    for fixed, slug, name in [
        ("country", "serbia", "releases:country_feed"),
        ("source", "mission-in-kosovo", "releases:structure_feed"),
        ("meeting", "summit-meetings", "releases:meeting_feed"),
    ]:
        assert resolve(feed_urls(fixed, slug)["rss"]).view_name == name
    assert reverse("releases:field_atom", kwargs={"slug": "x"}) == "/fields-of-work/x/atom/"


@pytest.mark.django_db
def test_feed_title_follows_a_renamed_term(client, reference_data):
    PressReleaseFactory(published=True, fields_of_work=[FieldOfWork.objects.get(slug="elections")])
    first = client.get("/fields-of-work/elections/feed/")
    field = FieldOfWork.objects.get(slug="elections")
    field.name = "Elections and referendums"
    field.save()
    second = client.get("/fields-of-work/elections/feed/", headers={"if_none_match": first["ETag"]})
    assert second.status_code == 200
    assert parse(second).feed.title == "OSCE press releases: Elections and referendums"


HOSTILE = "<img src=x onerror=alert(1)>"


def live_tags(text):
    """The elements an HTML renderer would create from text."""
    fragment = html5lib.parseFragment(text, namespaceHTMLElements=False)
    return [element.tag for element in fragment.iter() if element is not fragment]


@pytest.mark.django_db
def test_rss_channel_title_and_description_escape_a_hostile_query(client, demo_content):
    response = client.get("/press-releases/feed/", {"q": HOSTILE})
    feed = parse(response)
    channel = xml_root(response).find("channel")
    for text in (channel.findtext("title"), channel.findtext("description")):
        assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
        assert live_tags(text) == []
    # A reader that renders the channel as HTML shows the query as typed.
    assert "&lt;img src=x onerror=alert(1)&gt;" in feed.feed.title
    assert live_tags(feed.feed.title) == [] and live_tags(feed.feed.subtitle) == []


@pytest.mark.django_db
def test_rss_channel_escapes_term_names_and_atom_marks_them_as_text(client, reference_data):
    field = FieldOfWorkFactory(name='<b onmouseover="x()">Bold</b> & co', slug="bold")
    PressReleaseFactory(published=True, fields_of_work=[field])
    rss = client.get("/fields-of-work/bold/feed/")
    parse(rss)
    title = xml_root(rss).find("channel").findtext("title")
    assert (
        title == "OSCE press releases: &lt;b onmouseover=&quot;x()&quot;&gt;Bold&lt;/b&gt; &amp; co"
    )
    assert live_tags(title) == []
    atom = client.get("/fields-of-work/bold/atom/")
    parse(atom)
    element = xml_root(atom).find("{http://www.w3.org/2005/Atom}title")
    assert element.get("type", "text") == "text"  # Atom text: readers show it as is
    assert element.text == f"OSCE press releases: {field.name}"
