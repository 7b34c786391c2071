import datetime
import itertools

import pytest
from django.db import connection
from django.utils import timezone

from countries.models import Country
from releases.filters import PressReleaseFilter
from releases.models import PressRelease
from releases.newsroom import canonical_query, facets
from taxonomy.models import FieldOfWork, MeetingType, Structure
from tests.factories import PressReleaseFactory

Type = PressRelease.ReleaseType


def run(params):
    filterset = PressReleaseFilter(params, queryset=PressRelease.objects.published())
    assert filterset.is_valid(), filterset.form.errors
    return filterset


def slugs(params):
    return set(run(params).qs.values_list("slug", flat=True))


@pytest.fixture
def newsroom(reference_data):
    """A small, known newsroom over the real reference data."""
    field = {f.slug: f for f in FieldOfWork.objects.all()}
    country = {c.iso_code: c for c in Country.objects.all()}
    office = {s.slug: s for s in Structure.objects.all()}
    meeting = MeetingType.objects.get(slug="ministerial-council-meetings")

    def make(slug, day, **relations):
        return PressReleaseFactory(
            slug=slug,
            title=relations.pop("title", slug.replace("-", " ")),
            published=relations.pop("published", True),
            date=datetime.date.fromisoformat(day),
            release_type=relations.pop("release_type", Type.PRESS_RELEASE),
            **relations,
        )

    make(
        "serbia-elections",
        "2024-03-01",
        fields_of_work=[field["elections"]],
        countries=[country["RS"]],
        sources=[office["mission-to-serbia"]],
        tags=["election observation"],
    )
    make(
        "kosovo-elections",
        "2024-03-02",
        fields_of_work=[field["elections"], field["democratization"]],
        sources=[office["mission-in-kosovo"], office["chairpersonship"]],
        release_type=Type.PRESS_STATEMENT,
    )
    make(
        "cpc-border",
        "2023-12-31",
        fields_of_work=[field["border-management"]],
        countries=[country["TJ"], country["UZ"]],
        sources=[office["conflict-prevention-centre"]],
        meeting_types=[meeting],
        tags=["training"],
    )
    make(
        "odihr-rights",
        "2024-01-01",
        fields_of_work=[field["human-rights"]],
        countries=[country["RS"], country["UA"]],
        sources=[office["office-for-democratic-institutions-and-human-rights"]],
        release_type=Type.NEWS_ITEM,
        title="Права человека: семинар в Белграде",
        body="<p>Учебный семинар «Права человека» для журналистов прошёл в Белграде.</p>",
    )
    make(
        "secretariat-cyber",
        "2022-06-15",
        fields_of_work=[field["cyberict-security"]],
        sources=[office["secretariat"]],
        title="Cyber confidence-building in Türkiye",
        body="<p>Experts met in Ankara to discuss confidence-building measures.</p>",
    )
    # Never visible: a draft and a scheduled release that match everything above.
    for slug, kwargs in [
        ("draft-elections", {"published": False}),
        (
            "scheduled-elections",
            {"publish_at": timezone.now() + datetime.timedelta(days=2)},
        ),
    ]:
        make(
            slug,
            "2024-03-03",
            fields_of_work=[field["elections"]],
            countries=[country["RS"]],
            sources=[office["mission-to-serbia"], office["secretariat"]],
            meeting_types=[meeting],
            tags=["election observation", "training"],
            **kwargs,
        )


VISIBLE = {
    "serbia-elections",
    "kosovo-elections",
    "cpc-border",
    "odihr-rights",
    "secretariat-cyber",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, VISIBLE),
        ({"type": ["press_statement"]}, {"kosovo-elections"}),
        ({"type": ["news_item", "press_statement"]}, {"kosovo-elections", "odihr-rights"}),
        ({"field": ["elections"]}, {"serbia-elections", "kosovo-elections"}),
        (
            {"field": ["elections", "human-rights"]},
            {"serbia-elections", "kosovo-elections", "odihr-rights"},
        ),
        ({"country": ["serbia"]}, {"serbia-elections", "odihr-rights"}),
        ({"meeting": ["ministerial-council-meetings"]}, {"cpc-border"}),
        ({"tag": ["training"]}, {"cpc-border"}),
        ({"source": ["mission-in-kosovo"]}, {"kosovo-elections"}),
        # A parent office includes its units and operations.
        ({"source": ["secretariat"]}, {"cpc-border", "secretariat-cyber"}),
        ({"source": ["field-operations"]}, {"serbia-elections", "kosovo-elections"}),
        ({"source": ["institutions"]}, {"odihr-rights"}),
        # AND across filters, OR within one.
        ({"field": ["elections"], "country": ["serbia"]}, {"serbia-elections"}),
        (
            {"field": ["elections", "human-rights"], "country": ["serbia"]},
            {"serbia-elections", "odihr-rights"},
        ),
        ({"field": ["elections"], "type": ["news_item"]}, set()),
    ],
    ids=lambda value: str(value)[:60],
)
def test_each_filter_alone_and_combined(newsroom, params, expected):
    assert slugs(params) == expected


@pytest.mark.django_db
def test_date_bounds_are_inclusive(newsroom):
    assert slugs({"from": "2024-01-01"}) == {"serbia-elections", "kosovo-elections", "odihr-rights"}
    assert slugs({"to": "2023-12-31"}) == {"cpc-border", "secretariat-cyber"}
    assert slugs({"from": "2024-03-01", "to": "2024-03-01"}) == {"serbia-elections"}


@pytest.mark.django_db
def test_reversed_dates_are_a_form_error(newsroom):
    filterset = PressReleaseFilter(
        {"from": "2024-05-01", "to": "2024-01-01"}, queryset=PressRelease.objects.published()
    )
    assert not filterset.is_valid()
    assert "before the start date" in str(filterset.form.errors["to"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("elections", {"serbia-elections", "kosovo-elections"}),
        ("ELECTIONS serbia", {"serbia-elections"}),
        ('"serbia elections"', {"serbia-elections"}),
        ("elections -kosovo", {"serbia-elections"}),
        ("kosovo or cyber", {"kosovo-elections", "secretariat-cyber"}),
        ("семинар", {"odihr-rights"}),
        ("СЕМИНАР", {"odihr-rights"}),
        ("Türkiye", {"secretariat-cyber"}),
        ("nothing-matches-this", set()),
    ],
)
def test_text_search_on_either_database(newsroom, query, expected):
    assert slugs({"q": query}) == expected


@pytest.mark.django_db
def test_sort_orders_are_stable(newsroom):
    newest = list(run({}).qs.values_list("slug", flat=True))
    assert newest == [
        "kosovo-elections",
        "serbia-elections",
        "odihr-rights",
        "cpc-border",
        "secretariat-cyber",
    ]
    oldest = list(run({"sort": "oldest"}).qs.values_list("slug", flat=True))
    assert oldest == list(reversed(newest))
    same_day = PressReleaseFactory.create_batch(3, published=True, date=datetime.date(2024, 3, 2))
    order = list(run({}).qs.values_list("pk", flat=True))
    ids = [r.pk for r in same_day]
    assert [pk for pk in order if pk in ids] == sorted(ids, reverse=True)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="relevance ranking is PostgreSQL's")
def test_relevance_sort_puts_title_matches_first(newsroom):
    PressReleaseFactory(
        slug="body-only",
        published=True,
        title="A statement",
        body="<p>" + "Text. " * 40 + "border</p>",
        date=datetime.date(2025, 1, 1),
    )
    PressReleaseFactory(
        slug="title-match",
        published=True,
        title="Border border management",
        date=datetime.date(2020, 1, 1),
    )
    ranked = list(run({"q": "border", "sort": "relevance"}).qs.values_list("slug", flat=True))
    assert ranked[0] == "title-match"
    newest = list(run({"q": "border"}).qs.values_list("slug", flat=True))
    assert newest[0] == "body-only"


def independent_counts(name, params):
    """Count published releases per option by brute force, without the facet code."""
    others = {k: v for k, v in params.items() if k != name}
    matching = PressRelease.objects.filter(slug__in=slugs(others))
    counts = {}
    for release in matching:
        if name == "type":
            keys = [release.release_type]
        elif name == "field":
            keys = [f.slug for f in release.fields_of_work.all()]
        elif name == "country":
            keys = [c.slug for c in release.countries.all()]
        elif name == "meeting":
            keys = [m.slug for m in release.meeting_types.all()]
        elif name == "tag":
            keys = [t.slug for t in release.tags.all()]
        else:
            keys = set()
            for source in release.sources.all():
                while source:
                    keys.add(source.slug)
                    source = source.parent
        for key in set(keys):
            counts[key] = counts.get(key, 0) + 1
    return counts


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"field": ["elections"]},
        {"country": ["serbia"], "type": ["press_release", "news_item"]},
        {"source": ["secretariat"], "from": "2020-01-01"},
        {"q": "elections", "tag": ["election-observation"]},
    ],
    ids=str,
)
def test_facet_counts_match_counts_computed_independently(newsroom, params):
    filterset = run(params)
    for facet in facets(filterset):
        got = {o["value"]: o["count"] for o in facet["shown"] + facet["hidden"] if o["count"]}
        assert got == independent_counts(facet["name"], params), facet["name"]


@pytest.mark.django_db
def test_drafts_and_scheduled_never_count(newsroom):
    for facet in facets(run({})):
        for option in facet["shown"]:
            assert option["count"] <= len(VISIBLE)
    counts = {f["name"]: {o["value"]: o["count"] for o in f["shown"]} for f in facets(run({}))}
    assert counts["field"]["elections"] == 2
    assert counts["meeting"]["ministerial-council-meetings"] == 1
    assert counts["source"]["secretariat"] == 2
    assert counts["source"]["field-operations"] == 2
    assert counts["tag"]["training"] == 1


@pytest.mark.django_db
def test_selected_zero_option_stays_visible_and_others_hide(newsroom):
    filterset = run({"field": ["elections"], "country": ["ukraine"]})
    field_facet = next(f for f in facets(filterset) if f["name"] == "field")
    shown = {o["value"]: o for o in field_facet["shown"]}
    assert shown["elections"]["selected"] and shown["elections"]["count"] == 0
    assert "arms-control" in {o["value"] for o in field_facet["hidden"]}


def test_canonical_query_sorts_and_drops_empties():
    data = {
        "q": "",
        "type": [],
        "field": ["elections", "border-management", "elections"],
        "country": ["serbia"],
        "from": datetime.date(2024, 1, 5),
        "to": None,
        "sort": "newest",
        "tag": [],
    }
    assert canonical_query(data) == (
        "country=serbia&field=border-management&field=elections&from=2024-01-05"
    )
    assert canonical_query(data, page=3).endswith("&page=3")
    assert canonical_query(data, exclude=("field",)) == "country=serbia&from=2024-01-05"
    assert canonical_query({**data, "sort": "oldest", "q": "a b"}).endswith("q=a+b&sort=oldest")


@pytest.mark.django_db
def test_every_option_combination_of_two_facets_is_consistent(newsroom):
    """No combination of two types gives more than their sum (OR within a filter)."""
    for a, b in itertools.combinations(Type.values, 2):
        both = len(slugs({"type": [a, b]}))
        assert both == len(slugs({"type": [a]})) + len(slugs({"type": [b]}))
