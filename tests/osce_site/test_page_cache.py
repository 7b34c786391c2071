"""The whole-page cache (osce_site.cache.PageCacheMiddleware): anonymous pages come from it, editors
never see or fill it, and no cached page or feed outlives the news."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from releases.models import PressRelease
from tests.factories import FieldOfWorkFactory, PressReleaseFactory

LIST = "/press-releases/"
FEED = "/press-releases/feed/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def rendered(response):
    """The view ran (templates were rendered), so the page is not a stored one. A count
    of queries cannot tell: a view whose fragments are in the data cache needs none."""
    return bool(response.templates)


def stored_pages():
    return sum(":page:" in key for key in cache._cache)  # the local-memory backend


@pytest.fixture
def release(db):
    field = FieldOfWorkFactory(name="Elections", slug="elections")
    return PressReleaseFactory(published=True, title="First story", fields_of_work=[field])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/", LIST, "release", "/fields-of-work/elections/", FEED, "/press-releases/atom/"],
)
def test_second_anonymous_request_is_served_without_a_query(client, release, url):
    url = release.get_absolute_url() if url == "release" else url
    first, cold = get(client, url)
    second, warm = get(client, url)
    assert first.status_code == second.status_code == 200
    assert cold > 0 and warm == 0
    assert second.content == first.content
    for header in ("Content-Type", "ETag", "Last-Modified"):
        assert second[header] == first[header]


@pytest.mark.django_db
def test_pages_carry_cache_control_and_validators(client, release):
    response = client.get(LIST)
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=10"
    assert response["ETag"].startswith('"') and response["Last-Modified"]
    feed = client.get(FEED)
    # The feed keeps its own header and validators; a shared cache gets s-maxage.
    assert feed["Cache-Control"] == "public, max-age=300, s-maxage=10"
    assert client.get(FEED)["ETag"] == feed["ETag"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIST, FEED])
def test_conditional_get_answers_304_from_the_cache(client, release, url):
    first = client.get(url)
    for headers in (
        {"if_none_match": first["ETag"]},
        {"if_modified_since": first["Last-Modified"]},
    ):
        again, queries = get(client, url, **headers)
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == first["ETag"] and queries == 0
    release.title = "Renamed story"
    release.save()
    changed = client.get(url, headers={"if_none_match": first["ETag"]})
    assert changed.status_code == 200 and b"Renamed story" in changed.content
    assert changed["ETag"] != first["ETag"]


@pytest.mark.django_db
def test_conditional_get_on_a_cold_cache_stores_the_full_page(client, release):
    etag = client.get(LIST)["ETag"]
    cache.clear()
    cold = client.get(LIST, headers={"if_none_match": etag})
    assert cold.status_code == 304
    warm, queries = get(client, LIST)
    assert warm.status_code == 200 and b"First story" in warm.content and queries == 0


@pytest.mark.django_db
def test_head_is_answered_from_the_get_entry(client, release):
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        response = client.head(LIST)
    assert response.status_code == 200 and len(queries) == 0


@pytest.mark.django_db
def test_logged_in_staff_get_live_pages_and_never_fill_the_cache(client, admin_client, release):
    draft = PressReleaseFactory(title="Draft preview")
    live, queries = get(admin_client, draft.get_absolute_url())
    assert live.status_code == 200 and queries > 0  # the staff preview
    for _ in range(2):
        response = admin_client.get(LIST)
        assert response.status_code == 200 and rendered(response)
        assert "public" not in response.get("Cache-Control", "")
    # The staff requests stored no page: the first anonymous request renders.
    assert stored_pages() == 0
    assert rendered(client.get(LIST))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert get(admin_client, draft.get_absolute_url())[0].status_code == 200
    # And a page anonymous visitors filled is not what staff get: theirs is rendered.
    staff_page = admin_client.get(LIST)
    assert rendered(staff_page) and "public" not in staff_page.get("Cache-Control", "")
    # Live: a release published now is on the next staff page.
    PressReleaseFactory(published=True, title="Just published")
    assert b"Just published" in admin_client.get(LIST).content


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_requests_with_private_cookies_bypass_the_cache(client, release, cookie):
    client.get(LIST)
    client.cookies[cookie] = "x"
    assert rendered(client.get(LIST))


@pytest.mark.django_db
def test_bad_requests_and_the_admin_are_not_stored(client, release):
    for url in ("/press-releases/?from=nonsense", "/admin/login/", "/healthz"):
        first = client.get(url)
        assert first.status_code in (200, 400)
        assert "s-maxage" not in first.get("Cache-Control", ""), url
    assert stored_pages() == 0


@pytest.mark.django_db
def test_not_found_and_redirects_are_stored(client, release):
    for url in ("/fields-of-work/no-such-field/", "/press-releases/?field=elections&type="):
        first = client.get(url)
        again, queries = get(client, url)
        assert again.status_code == first.status_code in (302, 404) and queries == 0


@pytest.mark.django_db
def test_publishing_unpublishing_and_editing_show_on_the_next_request(client, release):
    def shows(url, text):
        return text.encode() in client.get(url).content

    for url in (LIST, FEED):
        assert shows(url, "First story")
    second = PressReleaseFactory(title="Second story")  # a draft
    assert not shows(LIST, "Second story")
    second.status = PressRelease.Status.PUBLISHED
    second.save()
    for url in (LIST, FEED):
        assert shows(url, "Second story")
    second.title = "Second story, corrected"
    second.save()
    for url in (LIST, FEED):
        assert shows(url, "Second story, corrected")
    second.status = PressRelease.Status.DRAFT
    second.save()
    for url in (LIST, FEED):
        assert not shows(url, "Second story")
    release.delete()
    for url in (LIST, FEED):
        assert not shows(url, "First story")


@pytest.mark.django_db
def test_relations_and_taxonomy_edits_show_on_the_next_request(client, release):
    field_page, field_feed = "/fields-of-work/elections/", "/fields-of-work/elections/feed/"
    other = PressReleaseFactory(published=True, title="Other story")
    assert b"Other story" not in client.get(field_page).content
    other.fields_of_work.add(release.fields_of_work.get())
    assert b"Other story" in client.get(field_page).content
    assert b"Other story" in client.get(field_feed).content
    field = release.fields_of_work.get()
    field.name = "Democratic elections"
    field.save()
    for url in (LIST, field_page, field_feed):
        assert b"Democratic elections" in client.get(url).content, url


@pytest.mark.django_db
@pytest.mark.parametrize("pages", [True, False], ids=["page cache", "fragments only"])
def test_scheduled_release_appears_in_the_cached_listing_and_feed_at_its_time(
    client, release, settings, pages
):
    settings.PAGE_CACHE = pages  # off: the views compose pages from cached fragments
    start = timezone.now()
    PressReleaseFactory(
        title="Scheduled story", scheduled=True, publish_at=start + datetime.timedelta(seconds=90)
    )
    with freeze_time(start):
        for url in (LIST, FEED):
            assert b"Scheduled story" not in client.get(url).content
    with freeze_time(start + datetime.timedelta(seconds=60)):
        for url in (LIST, FEED):
            response, queries = get(client, url)  # still the cached answer
            assert queries == 0 and b"Scheduled story" not in response.content
            if pages:
                assert int(response["Cache-Control"].rsplit("s-maxage=", 1)[1]) <= 10
    with freeze_time(start + datetime.timedelta(seconds=91)):
        for url in (LIST, FEED):
            assert b"Scheduled story" in client.get(url).content, url


@pytest.mark.django_db
def test_cache_lifetime_never_passes_the_next_publication(client, release):
    start = timezone.now()
    PressReleaseFactory(scheduled=True, publish_at=start + datetime.timedelta(seconds=30))
    with freeze_time(start):
        response = client.get(LIST)
    assert "max-age=30" in response["Cache-Control"] or "max-age=29" in response["Cache-Control"]


@pytest.mark.django_db
def test_cache_off_serves_live_pages(client, release, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    from django.test import Client

    fresh = Client()  # middleware is loaded per client handler
    fresh.get(LIST)
    response, queries = get(fresh, LIST)
    assert queries > 0 and "s-maxage" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_cache_off_keeps_the_vocabulary_until_the_database_says_it_changed(
    client, release, settings
):
    """With no cache, a process keeps the vocabulary (and the menu) it read while the
    change log records no change of everything (releases.changes): one indexed read a
    request. The next request after a vocabulary change reads it again, once."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    from django.test import Client

    def vocabulary_reads(budget=12):  # the newsroom's, cold
        with CaptureQueriesContext(connection) as queries:
            response = fresh.get(LIST)
        assert response.status_code == 200
        assert budget is None or len(queries) <= budget
        reads = [q for q in queries.captured_queries if 'AS "section"' in q["sql"]]
        return len(reads), response.content.decode()

    fresh = Client()
    fresh.get(LIST)
    assert vocabulary_reads()[0] == 0
    field = release.fields_of_work.get()
    field.name = "Elections and voting"
    field.save()
    # A change of everything: the listing engine also reads its index again.
    reads, content = vocabulary_reads(budget=None)
    assert reads == 1 and "Elections and voting" in content
    assert vocabulary_reads()[0] == 0


def fragment_keys():
    return [key for key in cache._cache if ":fragment:" in key]  # LocMemCache's store


@pytest.mark.parametrize("path", ["/press-releases/", "/press-releases/feed/", "release"])
def test_a_page_the_page_cache_keeps_stores_no_fragments_of_its_own(
    client, settings, release, path
):
    """Fragments are for pages composed live (an editor's, the page cache off): a page
    the page cache keeps is found before any of its fragments would be."""
    path = release.get_absolute_url() if path == "release" else path
    assert get(client, path)[0].status_code == 200
    assert fragment_keys() == []
    settings.PAGE_CACHE = False
    assert get(client, path)[0].status_code == 200
    assert fragment_keys()
