"""Arbitrary query strings against the newsroom and every entity page: never a 5xx.

Runs on whichever database the suite runs on; .ci/run runs it on SQLite and PostgreSQL
(NUL bytes, for one, fail only on PostgreSQL when they reach a query)."""

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PATHS = [
    "/press-releases/",
    "/fields-of-work/elections/",
    "/countries/serbia/",
    "/structures/secretariat/",
    "/meetings/ministerial-council-meetings/",
]
KEYS = ["q", "type", "field", "country", "source", "meeting", "tag", "from", "to", "sort", "page"]
NASTY = [
    "",
    "\x00",
    "a\x00b",
    "elections",
    "serbia",
    "secretariat",
    "2024-01-01",
    "2024-02-30",
    "1e308",
    "-1",
    "0",
    "10000000000000000000000",
    '"unclosed',
    "-",
    "or or",
    "ΣΥΝΤΑΓΜΑ",
    "семинар",
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "x" * 300,
]
CASES = {"count": 0}

values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.binary(max_size=20).map(lambda b: b.decode("latin-1")),
)
raw_values = st.one_of(
    values.map(lambda v: quote_from_bytes(v.encode("utf-8", "surrogatepass"))),
    st.binary(max_size=12).map(quote_from_bytes),  # invalid UTF-8 once decoded
)
query_strings = st.lists(
    st.tuples(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), raw_values),
    max_size=6,
).map(
    lambda pairs: "&".join(
        f"{quote_from_bytes(k.encode('utf-8', 'surrogatepass'))}={v}" for k, v in pairs
    )
)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_no_query_string_makes_a_server_error(client, reference_data, path):
    from tests.factories import PressReleaseFactory

    PressReleaseFactory.create_batch(3, published=True)
    examples = 300 if path == "/press-releases/" else 100

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(query=query_strings)
    def check(query):
        CASES["count"] += 1
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, (query, response.status_code)
        if response.status_code >= 400:
            body = response.content.decode()
            assert "Page not found" in body or "could not be used" in body, query

    before = CASES["count"]
    check()
    ran = CASES["count"] - before
    print(f"{path}: {ran} query strings, no 5xx")
    assert ran >= examples * 0.9
