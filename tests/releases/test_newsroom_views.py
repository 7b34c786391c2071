import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from releases.engine import engine
from releases.models import PressRelease
from taxonomy.models import FieldOfWork
from tests.factories import CountryFactory, PressReleaseFactory

LIST = "/press-releases/"


@pytest.fixture
def many(reference_data):
    """45 published releases on distinct days, plus hidden ones."""
    elections = FieldOfWork.objects.get(slug="elections")
    start = datetime.date(2020, 1, 1)
    releases = [
        PressReleaseFactory(
            published=True,
            slug=f"release-{i:02d}",
            date=start + datetime.timedelta(days=i),
            fields_of_work=[elections] if i % 3 == 0 else [],
        )
        for i in range(45)
    ]
    PressReleaseFactory(slug="hidden-draft", fields_of_work=[elections])
    PressReleaseFactory(
        slug="hidden-scheduled",
        published=True,
        publish_at=timezone.now() + datetime.timedelta(hours=3),
        fields_of_work=[elections],
    )
    return releases


def slugs_on(response):
    return [r.slug for r in response.context["releases"]]


@pytest.mark.django_db
def test_pages_hold_twenty_in_stable_order_with_rel_links(client, many):
    first = client.get(LIST)
    assert first.status_code == 200
    assert slugs_on(first) == [f"release-{i:02d}" for i in range(44, 24, -1)]
    html = first.content.decode()
    assert '<a rel="next" href="/press-releases/?page=2">' in html
    assert "45 press releases" in html
    second = client.get(LIST + "?page=2")
    assert slugs_on(second) == [f"release-{i:02d}" for i in range(24, 4, -1)]
    assert 'rel="prev" href="/press-releases/"' in second.content.decode()
    last = client.get(LIST + "?page=3")
    assert slugs_on(last) == [f"release-{i:02d}" for i in range(4, -1, -1)]
    assert 'rel="next"' not in last.content.decode()
    assert 'aria-current="page">3<' in last.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["4", "99999", "abc", "0", "-1", "1e308", "", "2.0", "9" * 30])
def test_bad_or_missing_pages_are_404_with_a_link_to_the_first(client, many, page):
    response = client.get(f"{LIST}?field=elections&page={page}")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="/press-releases/?field=elections"' in html
    assert "Go to the first page of this list" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("field=elections&country=serbia", "country=serbia&field=elections"),
        ("q=&from=&to=&field=elections&sort=newest", "field=elections"),
        ("page=1&field=elections", "field=elections"),
        ("field=elections&field=elections", "field=elections"),
        ("q=&type=", ""),
    ],
)
def test_urls_are_canonical(client, many, query, canonical):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 302
    assert response["Location"] == (f"{LIST}?{canonical}" if canonical else LIST)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_result_count_chips_and_words(client, many, reference_data):
    serbia = CountryFactory(name="Serbia test", slug="serbia-test", iso_code="XS")
    PressRelease.objects.get(slug="release-03").countries.add(serbia)
    response = client.get(f"{LIST}?country=serbia-test&field=elections")
    html = response.content.decode()
    assert "1 press release: Elections · Serbia test" in html
    chips = re.findall(r'<ul class="chips".*?</ul>', html, re.S)[0]
    assert 'href="/press-releases/?field=elections"' in chips  # removes the country
    assert 'href="/press-releases/?country=serbia-test"' in chips  # removes the field
    assert "Clear all" in chips
    assert '<link rel="canonical"' in html


@pytest.mark.django_db
def test_thousands_are_grouped(client, reference_data):
    PressReleaseFactory.create_batch(3, published=True)
    assert "3 press releases" in client.get(LIST).content.decode()


@pytest.mark.django_db
def test_search_results_show_a_highlighted_escaped_snippet(client, reference_data):
    PressReleaseFactory(
        published=True,
        title="Workshop",
        body="<p>Journalists from <em>Serbia</em> discussed media &lt;freedom&gt; today.</p>",
    )
    html = client.get(LIST, {"q": "freedom"}).content.decode()
    assert "media &lt;<mark>freedom</mark>&gt; today" in html


@pytest.mark.django_db
def test_a_result_matching_outside_its_body_shows_its_standfirst_marked(client, reference_data):
    PressReleaseFactory(
        published=True,
        title="Youth & media forum",
        standfirst="Young journalists <and> youth workers met in Skopje.",
        body="<p>Participants discussed the next steps.</p>",
    )
    html = client.get(LIST, {"q": "youth"}).content.decode()
    assert "Young journalists &lt;and&gt; <mark>youth</mark> workers met in Skopje." in html
    assert "Participants discussed" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"field": "no-such-field"}, "is not a known value"),
        ({"country": "atlantis"}, "is not a known value"),
        ({"tag": "no-such-tag"}, "is not a known value"),
        ({"type": "blog"}, "is not a known value"),
        ({"from": "2024-13-45"}, "YYYY-MM-DD"),
        ({"from": "yesterday"}, "YYYY-MM-DD"),
        ({"from": "0001-01-01"}, "between 1900 and 2999"),
        ({"from": "2024-05-01", "to": "2024-01-01"}, "before the start date"),
        ({"q": "x" * 10_000}, "at most 200 characters"),
        ({"q": "a\x00b"}, "Null characters are not allowed"),
        ({"field": "elec\x00tions"}, "is not a known value"),
        ({"tag": "a\x00b"}, "is not a known value"),
        ({"sort": "random"}, "Select a valid choice"),
    ],
    ids=lambda v: str(v)[:40],
)
def test_bad_input_gets_a_clear_message_not_a_500(client, many, params, message):
    response = client.get(LIST, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some of the filters could not be used" in html
    assert message in html
    assert 'href="/press-releases/">Clear all filters' in html


@pytest.mark.django_db
def test_non_utf8_bytes_and_repeated_parameters(client, many):
    response = client.get(LIST + "?q=%ff%fe&q=elections")
    assert response.status_code in (200, 302)
    response = client.get(LIST + "?field=%ff%fe")
    assert response.status_code == 400


@pytest.mark.django_db
def test_hidden_releases_never_in_results_or_counts(client, many):
    response = client.get(LIST + "?field=elections")
    assert "hidden-draft" not in slugs_on(response)
    assert "hidden-scheduled" not in slugs_on(response)
    assert response.context["result_count"] == 15
    field_facet = next(f for f in response.context["facets"] if f["name"] == "field")
    counts = {o["value"]: o["count"] for o in field_facet["shown"]}
    assert counts["elections"] == 15


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "country=serbia&field=elections",
        "field=elections&q=release&source=secretariat&tag=training&type=news_item",
        "from=2020-01-01&meeting=summit-meetings&to=2024-01-01",
        "field=elections&page=2",
    ],
)
def test_listing_costs_at_most_twelve_queries_whatever_the_filter(
    client, many, django_assert_max_num_queries, query
):
    from taggit.models import Tag

    Tag.objects.get_or_create(name="training", slug="training")
    cache.clear()
    engine.current()  # built once per process (releases.engine), then kept current
    with django_assert_max_num_queries(12):
        response = client.get(f"{LIST}?{query}" if query else LIST)
    assert response.status_code in (200, 404)


@pytest.mark.django_db
def test_entity_page_reuses_the_listing_with_its_filter_fixed(client, many):
    assert client.get("/fields-of-work/elections/?page=2").status_code == 404
    first = client.get("/fields-of-work/elections/")
    assert first.context["result_count"] == 15
    names = [f["name"] for f in first.context["facets"]]
    assert "field" not in names and "country" in names
    assert first.context["chips"] == []
    narrowed = client.get("/fields-of-work/elections/?type=news_item")
    assert narrowed.context["result_count"] == 0
    # The fixed filter cannot be widened from the query string.
    widened = client.get("/fields-of-work/elections/?field=human-rights")
    assert widened.status_code == 302


def field_count(response, slug="elections"):
    """The count shown beside a field's checkbox, read from the page (a cached fragment
    has no template context to read)."""
    pattern = rf'name="field" value="{slug}"[^>]*>[^<]*<span class="count">(\d+)</span>'
    match = re.search(pattern, response.content.decode())
    return int(match.group(1)) if match else 0


@pytest.mark.django_db
def test_cached_facet_counts_follow_a_publication_at_once(client, many):
    assert field_count(client.get(LIST)) == 15
    assert field_count(client.get(LIST)) == 15  # served from the cache
    draft = PressRelease.objects.get(slug="hidden-draft")
    draft.status = PressRelease.Status.PUBLISHED
    draft.save()
    assert field_count(client.get(LIST)) == 16
    draft.fields_of_work.clear()
    assert field_count(client.get(LIST)) == 15


@pytest.mark.django_db
def test_scheduled_release_enters_cached_counts_at_its_time(client, many):
    from freezegun import freeze_time

    scheduled = PressRelease.objects.get(slug="hidden-scheduled")
    with freeze_time(timezone.now()) as clock:
        # Due in one minute: well inside the five minutes a cached count may live.
        scheduled.publish_at = timezone.now() + datetime.timedelta(seconds=60)
        scheduled.save()
        assert field_count(client.get(LIST)) == 15
        clock.move_to(scheduled.publish_at + datetime.timedelta(seconds=1))
        response = client.get(LIST)
        assert field_count(response) == 16
        assert "hidden-scheduled" in slugs_on(response)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/meetings/summit-meetings/", "/countries/holy-see/", LIST])
def test_a_listing_with_nothing_published_says_so_without_facets(client, reference_data, url):
    PressReleaseFactory(slug="a-draft")  # not published: still nothing to show
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No press releases have been published" in html
    assert "match these filters" not in html
    assert 'class="filters"' not in html and 'type="checkbox"' not in html
    assert "/feed/" in html  # a visitor can still subscribe for the first one


@pytest.mark.django_db
def test_a_filter_that_finds_nothing_still_offers_the_facets(client, many):
    html = client.get("/meetings/summit-meetings/?type=news_item").content.decode()
    assert "No press releases match these filters." in html
    assert 'class="filters"' in html
    assert "No press releases have been published" not in html


@pytest.mark.django_db
def test_filters_are_a_disclosure_that_counts_the_active_ones(client, many):
    html = client.get(LIST + "?field=elections&from=2020-01-01&q=report").content.decode()
    form = html[html.index('<form class="filters"') : html.index("</form>")]
    # The search box stays outside the disclosure; the facets and dates are inside it,
    # and its summary says how many of them are in use (the words are not counted).
    assert form.index('name="q"') < form.index('<details class="filters__panel">')
    summary = re.search(r'<summary class="filters__toggle">(.*?)</summary>', form).group(1)
    assert re.sub(r"<[^>]+>", "", summary).split() == ["Filter", "2", "active"]
    assert form.index("<summary") < form.index('name="field"') < form.index('name="from"')
    assert "Apply filters" in form[form.index("<summary") :]
    # One status line for announcements, outside the part that is replaced.
    assert html.count('role="status"') == 1
    assert html.index("data-newsroom-status") > html.index('<section class="results"')
    assert "js/newsroom.js" in html

    plain = client.get(LIST).content.decode()
    assert '<summary class="filters__toggle">Filter</summary>' in plain


@pytest.mark.django_db
def test_invalid_filters_open_the_disclosure_to_show_their_errors(client, many):
    response = client.get(LIST + "?from=2020-13-45")
    assert response.status_code == 400
    assert '<details class="filters__panel" open>' in response.content.decode()


def test_a_snippet_keeps_the_words_of_adjacent_elements_apart():
    from releases.search import snippet

    body = "<p>Border</p><p>police <strong>training</strong> &amp; <em>exercises</em>.</p>"
    assert snippet(body, "training") == "Border police <mark>training</mark> &amp; exercises."
