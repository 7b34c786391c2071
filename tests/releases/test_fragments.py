"""Fragments rendered once and then taken from the data cache, with the whole-page cache
off (as for a logged-in editor): the newsroom's form and results, a release's article
and head, an entity page's term, a feed's validators and document. Each view still runs
on every request, and nothing is shown after what it was rendered from has changed (a
scheduled release entering them at its time: tests/osce_site/test_page_cache.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from releases.models import PressRelease
from tests.factories import FieldOfWorkFactory, PressReleaseFactory

LIST = "/press-releases/"
FEED = "/press-releases/feed/"


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


@pytest.fixture
def field(db):
    return FieldOfWorkFactory(name="Elections", slug="elections")


@pytest.fixture
def release(field):
    return PressReleaseFactory(
        published=True, title="First story", body="<p>Original body.</p>", fields_of_work=[field]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIST, "/fields-of-work/elections/", f"{LIST}?field=elections"])
def test_newsroom_fragment_is_rendered_once(client, release, url):
    first, cold = get(client, url)
    second, warm = get(client, url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert b"First story" in second.content
    # The entity page's term is kept like the vocabulary: nothing to read.
    assert warm == 0 < cold


@pytest.mark.django_db
def test_entity_page_shows_its_renamed_term_at_once(client, release, field):
    assert "<h1>Elections</h1>" in client.get("/fields-of-work/elections/").content.decode()
    field.name = "Elections and voting"
    field.description = "Observing elections."
    field.save()
    html = client.get("/fields-of-work/elections/").content.decode()
    assert "<h1>Elections and voting</h1>" in html and "Observing elections." in html
    field.delete()
    assert client.get("/fields-of-work/elections/").status_code == 404


@pytest.mark.django_db
def test_newsroom_fragment_shows_every_change_at_once(client, release, field):
    client.get(LIST)
    PressReleaseFactory(published=True, title="Second story", fields_of_work=[field])
    assert b"Second story" in client.get(LIST).content
    release.status = PressRelease.Status.DRAFT
    release.save()
    assert b"First story" not in client.get(LIST).content
    field.name = "Elections and voting"
    field.save()
    assert "Elections and voting" in client.get(LIST).content.decode()


@pytest.mark.django_db
def test_pages_past_the_last_and_bad_filters_are_never_stored(client, release):
    for _ in range(2):
        assert client.get(f"{LIST}?page=2").status_code == 404
        assert client.get(f"{LIST}?from=nonsense").status_code == 400
    assert client.get(LIST).status_code == 200
    assert client.get(f"{LIST}?page=2").status_code == 404


@pytest.mark.django_db
def test_release_page_needs_no_query_once_its_fragments_are_cached(client, release):
    url = release.get_absolute_url()
    first, cold = get(client, url)
    second, warm = get(client, url)
    assert second.content == first.content
    assert b"Original body." in second.content
    assert warm == 0 < cold


@pytest.mark.django_db
def test_release_page_shows_every_change_at_once(client, admin_client, release):
    url = release.get_absolute_url()
    client.get(url)
    release.body = "<p>Corrected body.</p>"
    release.save()
    assert b"Corrected body." in client.get(url).content
    # Renamed: the old address redirects to the new one, cached fragments or not.
    old = url
    release.slug = "first-story-renamed"
    release.save()
    client.get(release.get_absolute_url())
    assert client.get(old)["Location"] == release.get_absolute_url()
    assert client.get(old).status_code == 301
    # Unpublished: gone at once, though its fragments were cached a moment ago.
    release.status = PressRelease.Status.DRAFT
    release.save()
    assert client.get(release.get_absolute_url()).status_code == 404
    # Staff see the preview with its banner, rendered for them and never stored.
    for _ in range(2):
        preview = admin_client.get(release.get_absolute_url())
        assert b"Preview: this release is not public" in preview.content
    release.status = PressRelease.Status.PUBLISHED
    release.save()
    assert b"Preview" not in client.get(release.get_absolute_url()).content
    assert b"Preview" not in admin_client.get(release.get_absolute_url()).content


@pytest.mark.django_db
def test_feed_document_is_rendered_once_per_etag(client, release):
    first, cold = get(client, FEED)
    second, warm = get(client, FEED)
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    assert warm == 0 < cold  # validators and document both kept for this version
    release.title = "First story, corrected"
    release.save()
    third = client.get(FEED)
    assert third["ETag"] != first["ETag"] and b"First story, corrected" in third.content


@pytest.mark.django_db
def test_menu_markup_kept_in_process_follows_a_taxonomy_change(client, release, field):
    client.get("/about/")
    with CaptureQueriesContext(connection) as warm:
        html = client.get("/about/").content.decode()
    assert len(warm) == 0 and '<a href="/fields-of-work/elections/">Elections</a>' in html
    field.name = "Elections and voting"
    field.save()
    html = client.get("/about/").content.decode()
    assert '<a href="/fields-of-work/elections/">Elections and voting</a>' in html


@pytest.mark.django_db
def test_term_index_counts_come_from_the_engine_and_follow_a_publication(client, release, field):
    assert "1 release" in client.get("/fields-of-work/").content.decode()
    with CaptureQueriesContext(connection) as warm:
        client.get("/fields-of-work/")
    assert len(warm) == 1  # the listing engine asking for changes (releases.engine)
    PressReleaseFactory(published=True, fields_of_work=[field])
    assert "2 releases" in client.get("/fields-of-work/").content.decode()
