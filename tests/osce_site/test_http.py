"""Rules around every view (osce_site.http): TRACE refused, unknown query parameters
redirected away and never stored, compression for anonymous visitors only, and every
answer to a signed-in user private."""

import gzip
import secrets

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import FieldOfWorkFactory, PressReleaseFactory

GZIP = {"accept-encoding": "gzip, deflate, br"}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def release(db):
    field = FieldOfWorkFactory(name="Elections", slug="elections")
    return PressReleaseFactory(published=True, title="First story", fields_of_work=[field])


def stored_pages():
    return sum(":page:" in key for key in cache._cache)  # the local-memory backend


def stored_entries():
    return [cache.get(key.split(":", 2)[-1]) for key in cache._cache if ":page:" in key]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/?utm_source=news&fbclid=1", "/"),
        ("/countries/?x=1", "/countries/"),
        ("/about/?x=1", "/about/"),
        ("/robots.txt?x=1", "/robots.txt"),
        ("/sitemap.xml?p=1", "/sitemap.xml"),
        ("/sitemap-releases.xml?x=1&p=1", "/sitemap-releases.xml?p=1"),
        ("/press-releases/?field=elections&junk=1", "/press-releases/?field=elections"),
        ("/press-releases/feed/?page=2&sort=oldest&limit=5", "/press-releases/feed/?limit=5"),
        (
            "/fields-of-work/elections/?k=v&type=press-release",
            "/fields-of-work/elections/?type=press-release",
        ),
    ],
)
def test_parameters_a_page_does_not_read_redirect_to_its_url_without_them(
    client, release, url, location
):
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == location


@pytest.mark.django_db
def test_a_release_page_with_a_made_up_parameter_redirects_to_itself(client, release):
    response = client.get(f"{release.get_absolute_url()}?ref=twitter")
    assert response.status_code == 301
    assert response["Location"] == release.get_absolute_url()


@pytest.mark.django_db
def test_parameters_pages_read_still_work(client, release):
    assert client.get("/press-releases/?field=elections").status_code == 200
    assert client.get("/sitemap-releases.xml?p=1").status_code == 200
    assert client.get("/press-releases/feed/?field=elections&limit=5").status_code == 200
    # The newsroom still puts its own parameters in canonical order.
    assert client.get("/press-releases/?type=&field=elections").status_code == 302


@pytest.mark.django_db
def test_admin_and_undeclared_views_are_not_redirected(admin_client):
    response = admin_client.get("/admin/releases/pressrelease/?status__exact=draft&o=1")
    assert response.status_code == 200


@pytest.mark.django_db
def test_random_parameters_add_a_bounded_number_of_page_cache_entries(client, release, page_cache):
    for url in ("/", "/sitemap.xml", "/press-releases/"):
        assert client.get(url).status_code == 200
    before = stored_pages()
    for n in range(200):
        token = secrets.token_hex(8)
        for url in (
            f"/?k{n}={token}",
            f"/sitemap.xml?x={token}",
            f"/press-releases/?q_{n}={token}",
            f"/press-releases/?page={1000 + n}",
            f"/no-such-page/?x={token}",
            f"/sitemap-releases.xml?p={n + 50}",
            "/?" + "&" * (n + 1),
            "/sitemap-releases.xml?" + "&".join(["p=1"] * (n + 2)),
            f"/press-releases/feed/?limit=5{'&' * (n + 1)}",
        ):
            assert client.get(url).status_code in (200, 301, 404), url
    assert stored_pages() - before <= 1  # the plain /no-such-page/ at most
    # Queries as the site writes them are still stored.
    for url in ("/press-releases/?field=elections", "/press-releases/feed/?limit=5"):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == 0, url


@pytest.mark.django_db
def test_a_page_larger_than_the_cap_is_served_but_not_stored(client, release, page_cache, settings):
    settings.PAGE_CACHE_MAX_BYTES = 1000
    first = client.get("/")
    assert first.status_code == 200 and len(first.content) > 1000
    assert stored_pages() == 0
    settings.PAGE_CACHE_MAX_BYTES = 10_000_000
    client.get("/")
    assert stored_pages() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/robots.txt", "/sitemap.xml", "/press-releases/feed/", "/admin/", "/healthz"]
)
def test_trace_is_refused_everywhere(client, release, url):
    response = client.generic("TRACE", url)
    assert response.status_code == 405
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_every_answer_to_a_signed_in_user_is_private_and_never_stored(
    client, admin_client, release, page_cache
):
    draft = PressReleaseFactory(title="Draft preview")
    for url in (
        draft.get_absolute_url(),
        release.get_absolute_url(),
        "/",
        "/press-releases/",
        "/press-releases/feed/",
        "/admin/",
        "/admin/releases/pressrelease/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= control, url
        assert "public" not in control, url
    anonymous = client.get(release.get_absolute_url())
    assert "private" not in anonymous["Cache-Control"]
    assert "public" in anonymous["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/press-releases/", "release", "/press-releases/feed/"])
def test_public_pages_are_compressed_and_the_cache_keeps_them_uncompressed(
    client, release, page_cache, url
):
    url = release.get_absolute_url() if url == "release" else url
    packed = client.get(url, headers=GZIP)
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert packed["ETag"].startswith('W/"')
    with CaptureQueriesContext(connection) as queries:
        plain = client.get(url)
    assert len(queries) == 0  # from the page cache, stored by the compressed request
    assert not plain.has_header("Content-Encoding")
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) * 0.6
    assert packed["ETag"] == f"W/{plain['ETag']}"
    assert all(not entry.content.startswith(b"\x1f\x8b") for entry in stored_entries())
    # The weak ETag the browser got revalidates: 304, weak again, no query.
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, headers={**GZIP, "if-none-match": packed["ETag"]})
    assert again.status_code == 304 and len(queries) == 0
    assert again["ETag"] == packed["ETag"]
    assert "Accept-Encoding" in again["Vary"]


@pytest.mark.django_db
def test_nothing_private_or_cookie_bearing_is_compressed(client, admin_client, release):
    assert not admin_client.get("/admin/", headers=GZIP).has_header("Content-Encoding")
    assert not admin_client.get("/", headers=GZIP).has_header("Content-Encoding")
    login = client.get("/admin/login/", headers=GZIP)  # sets the CSRF cookie: a token
    assert login.status_code == 200 and not login.has_header("Content-Encoding")
    client.cookies["csrftoken"] = "x" * 32
    assert not client.get("/", headers=GZIP).has_header("Content-Encoding")
