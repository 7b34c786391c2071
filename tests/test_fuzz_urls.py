"""Every public URL pattern, path segments and query strings, feeds included: no 5xx,
and every 4xx carries a real page or message. Runs on SQLite and on PostgreSQL (.ci/run),
because some bad input (a NUL byte) fails only on PostgreSQL."""

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PressReleaseFactory
from tests.releases.test_attachments import attach

EXAMPLES = 300
NASTY_TEXT = ["\x00", "a\x00b", "\ud800", "1e308", "-1", "0", "10000000000000000000000",
              "2024-02-30", "..", "%", "serbia", "elections", "secretariat", "x" * 300,
              "<script>", "' OR 1=1 --", "семинар"]  # fmt: skip


def encode(text):
    return quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe="")


segments = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=30),
    st.binary(max_size=16).map(lambda b: b.decode("latin-1")),
).map(encode)
numbers = st.one_of(
    st.integers(min_value=-5, max_value=10**22).map(str),
    st.sampled_from(["1e308", "0x10", "١٢", "99999999999999999999999"]),
)
query = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "q",
                "field",
                "country",
                "source",
                "meeting",
                "tag",
                "type",
                "from",
                "to",
                "page",
                "sort",
                "limit",
                "p",
                "x",
            ]
        ),  # fmt: skip
        segments,
    ),
    max_size=5,
).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))

ENDPOINTS = {
    "home": st.builds(lambda q: f"/?{q}", query),
    "newsroom": st.builds(lambda q: f"/press-releases/?{q}", query),
    "release": st.builds(lambda n, s, q: f"/press-releases/{n}/{s}/?{q}", numbers, segments, query),
    "document": st.builds(lambda n, q: f"/press-releases/documents/{n}/?{q}", numbers, query),
    "feed": st.builds(lambda q: f"/press-releases/feed/?{q}", query),
    "atom": st.builds(lambda q: f"/press-releases/atom/?{q}", query),
    "indexes": st.builds(
        lambda base, q: f"{base}?{q}",
        st.sampled_from(
            [
                "/fields-of-work/",
                "/countries/",
                "/structures/",
                "/meetings/",
                "/about/",
                "/projects/",
                "/robots.txt",
                "/healthz",
            ]
        ),  # fmt: skip
        query,
    ),
    "entity": st.builds(
        lambda base, s, q: f"{base}{s}/?{q}",
        st.sampled_from(["/fields-of-work/", "/countries/", "/structures/", "/meetings/"]),
        st.one_of(segments, st.sampled_from(["elections", "serbia", "secretariat"])),
        query,
    ),
    "entity_feed": st.builds(
        lambda base, s, kind, q: f"{base}{s}/{kind}/?{q}",
        st.sampled_from(["/fields-of-work/", "/countries/", "/structures/", "/meetings/"]),
        st.one_of(segments, st.sampled_from(["elections", "serbia", "secretariat"])),
        st.sampled_from(["feed", "atom"]),
        query,
    ),
    "sitemap": st.builds(lambda q: f"/sitemap.xml?{q}", query),
    "alerts": st.builds(lambda q: f"/alerts/?{q}", query),
    "alert_links": st.builds(
        lambda kind, token, q: f"/alerts/{kind}/{token}/?{q}",
        st.sampled_from(["confirm", "manage", "unsubscribe"]),
        segments,
        query,
    ),
    "unknown": st.builds(lambda a, b: f"/{a}/{b}", segments, segments),
}
# Every URL also under each language's prefix (English has none).
PREFIXES = st.sampled_from(["", "/fr", "/de", "/it", "/ru", "/es"])
TRIED = {}


def explains_itself(response):
    body = response.content.decode("utf-8", "replace")
    if response["Content-Type"].startswith("text/plain"):
        return len(body.strip()) > 5
    return "Page not found" in body or "could not be used" in body or "<h1" in body


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_no_url_makes_a_server_error(client, reference_data, name):
    for release in PressReleaseFactory.create_batch(3, published=True):
        attach(release)  # documents to download (ids 1 to 3), and Atom enclosures

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(prefix=PREFIXES, url=ENDPOINTS[name])
    def check(prefix, url):
        TRIED[name] = TRIED.get(name, 0) + 1
        url = f"{prefix}{url}"
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code >= 400:
            assert explains_itself(response), url

    check()
    print(f"{name}: {TRIED[name]} URLs, no 5xx")
    assert TRIED[name] >= EXAMPLES
