"""A subscription matches exactly what its newsroom listing lists: the same FilterSet over
public_releases(), checked with the newsroom's own fuzz strategies and with valid
filters drawn from the vocabulary."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alerts import matching, services
from alerts.models import Subscription
from countries.models import Country
from releases import selectors
from releases.filters import PressReleaseFilter
from taxonomy.models import FieldOfWork, MeetingType, Structure
from tests.factories import PressReleaseFactory
from tests.releases.test_newsroom_fuzz import query_strings

ODIHR = "office-for-democratic-institutions-and-human-rights"
VALID = {
    "field": ["elections", "gender-equality", "media-freedom-and-development"],
    "country": ["serbia", "ukraine", "albania"],
    "source": [
        "secretariat",
        "mission-in-kosovo",
        "office-for-democratic-institutions-and-human-rights",
    ],
    "meeting": ["ministerial-council-meetings"],
    "type": ["press_release", "news_item", "press_statement"],
    "tag": ["elections", "youth"],
    "q": ["observers", "election", "youth -media", "семинар"],
}
valid_queries = st.dictionaries(
    st.sampled_from(sorted(VALID)),
    st.integers(min_value=0, max_value=5),
    max_size=3,
).flatmap(
    lambda keys: st.tuples(
        *[st.lists(st.sampled_from(VALID[k]), min_size=1, max_size=2) for k in sorted(keys)]
    ).map(
        lambda lists, keys=keys: [
            (k, v) for k, vs in zip(sorted(keys), lists, strict=True) for v in vs
        ]
    )
)


@pytest.fixture
def releases(reference_data):
    fields = {f.slug: f for f in FieldOfWork.objects.all()}
    sources = {s.slug: s for s in Structure.objects.all()}
    countries = {c.slug: c for c in Country.objects.all()}
    meeting = MeetingType.objects.first()
    made = [
        PressReleaseFactory(
            published=True,
            title="Observers present election findings",
            fields_of_work=[fields["elections"]],
            sources=[sources[ODIHR]],
            countries=[countries.get("serbia")],
            tags=["elections"],
        ),
        PressReleaseFactory(
            published=True,
            release_type="news_item",
            title="Youth seminar on media",
            fields_of_work=[fields.get("gender-equality", fields["elections"])],
            sources=[sources["mission-in-kosovo"]],
            meeting_types=[meeting],
            tags=["youth"],
        ),
        PressReleaseFactory(
            published=True,
            language="ru",
            title="Семинар для наблюдателей",
            fields_of_work=[fields["elections"]],
            sources=[sources["secretariat"]],
        ),
        PressReleaseFactory(scheduled=True, fields_of_work=[fields["elections"]]),
        PressReleaseFactory(status="draft", fields_of_work=[fields["elections"]]),
        PressReleaseFactory(
            published=True,
            publish_at=timezone.now() - datetime.timedelta(days=400),
            date=timezone.localdate() - datetime.timedelta(days=400),
        ),
    ]
    return made


def check(query, releases):
    canonical, _found = matching.canonical(QueryDict(query))
    if canonical is None:
        return
    # What the newsroom view filters by: an empty box means "no filter" (its own rule).
    data = QueryDict(query, mutable=True)
    for key in list(data):
        data.setlist(key, [value for value in data.getlist(key) if value.strip()])
    for release in releases:
        listing = PressReleaseFilter(data, queryset=selectors.public_releases(release.language)).qs
        expected = listing.filter(pk=release.pk).exists()
        assert (canonical in matching.matching_queries(release, [canonical])) == expected, (
            query,
            canonical,
            release.title,
        )


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=query_strings)
def test_matching_equals_the_newsroom_for_arbitrary_queries(releases, query):
    check(query, releases)


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pairs=valid_queries)
def test_matching_equals_the_newsroom_for_valid_filters(releases, pairs):
    from urllib.parse import urlencode

    check(urlencode(pairs), releases)


@pytest.mark.django_db
def test_many_filters_are_evaluated_in_few_queries(
    releases, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    queries = [f"field={f}" for f in VALID["field"]] + [f"source={s}" for s in VALID["source"]]
    queries += [f"type={t}&country={c}" for t in VALID["type"] for c in VALID["country"]]
    for number, query in enumerate(queries * 10):
        subscription = Subscription.objects.create(
            email=f"s{number}@example.org", language="en", query=query
        )
        services.confirm(subscription)
    release = releases[0]
    (publication_id,) = services.record_publications([release.pk])
    matching.matching_queries(release, queries)  # vocabulary and memo warm
    with django_assert_max_num_queries(8):
        created = services.match_publication(publication_id)
    assert services.pending(release.pk).count() == created
    assert created == 10 * 3  # field=elections, source=ODIHR, type=press_release&country=serbia
