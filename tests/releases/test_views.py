import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from countries.models import Country
from osce_site.context_processors import navigation_menu
from releases.engine import engine
from releases.models import PressRelease
from taxonomy.models import FieldOfWork, MeetingType, Structure
from tests.factories import (
    CountryFactory,
    FieldOfWorkFactory,
    PressReleaseFactory,
    StructureFactory,
)

SEED_SLUG = "osce-chairman-urges-kosovo-serbs-to-take-part-in-october-elections"


def rich_release(n_each=6):
    """A release with many relations, so budgets are shown not to grow with them."""
    return PressReleaseFactory(
        published=True,
        fields_of_work=FieldOfWorkFactory.create_batch(n_each),
        countries=CountryFactory.create_batch(n_each),
        sources=StructureFactory.create_batch(n_each, parent=StructureFactory()),
        tags=[f"tag {i}" for i in range(n_each)],
    )


@pytest.fixture
def seed_release(demo_content):
    return PressRelease.objects.get(slug=SEED_SLUG)


@pytest.mark.django_db
def test_seed_release_renders_with_exactly_its_metadata(client, seed_release):
    response = client.get(seed_release.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    meta = html[html.index('class="release__meta"') : html.index("</dl>")]
    assert 'Date:</dt><dd><time datetime="2004-09-23">23 September 2004</time>' in meta
    assert "Place:</dt><dd>NEW YORK</dd>" in meta
    assert ">OSCE Chairpersonship</a>, <a" in meta
    assert ">OSCE Mission in Kosovo</a>" in meta
    assert 'href="/fields-of-work/elections/">Elections</a></dd>' in meta
    assert meta.count("<dt>") == 4
    assert ">Press release<" in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_release_page_has_canonical_social_and_json_ld(client, seed_release):
    html = client.get(seed_release.get_absolute_url()).content.decode()
    url = f"http://testserver{seed_release.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta name="twitter:card"' in html
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    import json

    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == seed_release.title
    assert data["dateline"] == "NEW YORK"
    assert {a["name"] for a in data["author"]} == {
        "OSCE Chairpersonship",
        "OSCE Mission in Kosovo",
    }


@pytest.mark.django_db
def test_release_with_image_has_srcset_caption_and_credit(client, demo_content):
    release = PressRelease.objects.filter(lead_image__isnull=False).first()
    html = client.get(release.get_absolute_url()).content.decode()
    assert 'type="image/webp" srcset="' in html
    assert "480w" in html and "960w" in html
    assert release.lead_caption in html
    assert f"Photo: {release.lead_credit}" in html
    assert f'alt="{release.lead_alt}"' in html


@pytest.mark.django_db
def test_wrong_slug_redirects_to_the_canonical_url(client, seed_release):
    response = client.get(reverse("releases:detail", args=[seed_release.pk, "old-slug"]))
    assert response.status_code == 301
    assert response["Location"] == seed_release.get_absolute_url()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_unpublished_release_is_404_for_the_public(client, kind):
    release = PressReleaseFactory(**({"scheduled": True} if kind == "scheduled" else {}))
    response = client.get(release.get_absolute_url())
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_staff_with_change_permission_can_preview_a_draft(admin_client):
    release = PressReleaseFactory()
    response = admin_client.get(release.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this release is not public" in response.content.decode()


@pytest.mark.django_db
def test_related_releases_share_a_field_or_country_and_are_published(client):
    field = FieldOfWorkFactory()
    country = CountryFactory()
    release = PressReleaseFactory(published=True, fields_of_work=[field])
    by_field = PressReleaseFactory(published=True, fields_of_work=[field])
    by_country = PressReleaseFactory(published=True, countries=[country])
    release.countries.add(country)
    PressReleaseFactory(fields_of_work=[field])  # draft
    PressReleaseFactory(published=True)  # unrelated
    related = client.get(release.get_absolute_url()).context["related"]
    assert {r.pk for r in related} == {by_field.pk, by_country.pk}


@pytest.mark.django_db
def test_menu_marks_the_current_chair_from_records_and_date(client, reference_data):
    with freeze_time("2025-06-01"):
        cache.clear()
        html = client.get("/").content.decode()
        assert "Finland – OSCE Chairpersonship 2025" in html
    with freeze_time("2026-06-01"):
        html = client.get("/").content.decode()
        assert "Switzerland – OSCE Chairpersonship 2026" in html
        assert "Finland – OSCE Chairpersonship" not in html


@pytest.mark.django_db
def test_menu_has_the_seed_information_architecture(reference_data):
    cache.clear()
    menu = navigation_menu()
    assert [f.name for f in menu["fields"]][:2] == ["Arms control", "Border management"]
    assert len(menu["fields"]) == FieldOfWork.objects.count()
    assert len(menu["meetings"]) == MeetingType.objects.count()
    assert len(menu["countries"][Country.Group.PARTICIPATING_STATE]) == 57
    roots = [node["name"] for node in menu["structures"]]
    assert roots[:2] == ["Chairpersonship", "Secretariat"]
    operations = next(n for n in menu["structures"] if n["name"] == "Field operations")
    names = [c["name"] for c in operations["children"]]
    assert "Mission in Kosovo" in names and names[-1] == "Closed field activities"


@pytest.mark.django_db
def test_menu_costs_at_most_three_queries_and_none_when_cached(reference_data):
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        navigation_menu()
    assert len(cold) <= 3
    with CaptureQueriesContext(connection) as warm:
        navigation_menu()
    assert len(warm) == 0


@pytest.mark.django_db
def test_menu_cache_is_dropped_when_the_taxonomy_changes(reference_data):
    navigation_menu()
    FieldOfWork.objects.create(name="Space security", slug="space-security", order=99)
    assert "Space security" in [f.name for f in navigation_menu()["fields"]]
    structure = Structure.objects.get(slug="mission-in-kosovo")
    structure.name = "Mission in Kosovo (renamed)"
    structure.save()
    assert "Mission in Kosovo (renamed)" in str(navigation_menu()["structures"])


def budget_cases():
    return [
        ("home", lambda: reverse("releases:home"), 8),
        # The release page reads its public language versions (hreflang, switcher): +1.
        # … and its documents (attachments): +1.
        ("release", lambda: rich_release().get_absolute_url(), 10),
        ("fields", lambda: reverse("releases:fields"), 10),
        ("field", lambda: rich_release().fields_of_work.first().get_absolute_url(), 10),
        ("countries", lambda: reverse("releases:countries"), 10),
        ("country", lambda: rich_release().countries.first().get_absolute_url(), 10),
        ("structures", lambda: reverse("releases:structures"), 10),
        ("structure", lambda: rich_release().sources.first().parent.get_absolute_url(), 10),
        ("meetings", lambda: reverse("releases:meetings"), 10),
        ("meeting", lambda: "/meetings/summit-meetings/", 10),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url", "budget"), budget_cases(), ids=lambda x: x)
def test_query_budget_with_a_cold_menu(
    client, demo_content, django_assert_max_num_queries, name, url, budget
):
    target = url()
    PressReleaseFactory.create_batch(3, published=True)
    cache.clear()
    engine.current()  # built once per process (releases.engine), then kept current
    with django_assert_max_num_queries(budget):
        response = client.get(target)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/fields-of-work/no-such-field/",
        "/countries/atlantis/",
        "/structures/nowhere/",
        "/meetings/none/",
        "/press-releases/99999/x/",
        "/press-releases/10000000000000000000000/x/",
    ],
)
def test_unknown_slugs_give_the_site_404_page(client, reference_data, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'id="site-nav"' in html


@pytest.mark.django_db
def test_country_page_shows_group_chair_years_hosted_operations(client, demo_content):
    html = client.get("/countries/switzerland/").content.decode()
    assert "Participating State" in html
    assert "1996, 2014, 2026" in html
    serbia = client.get("/countries/serbia/").content.decode()
    assert "Mission to Serbia" in serbia


@pytest.mark.django_db
def test_structure_page_includes_releases_of_its_units(client, demo_content):
    response = client.get("/structures/field-operations/")
    kosovo_release = PressRelease.objects.get(slug=SEED_SLUG)
    assert kosovo_release in response.context["releases"]
    html = client.get("/structures/mission-in-kosovo/").content.decode()
    assert "Pristina" in html
    assert kosovo_release.title in html
    assert "Field operations" in html


@pytest.mark.django_db
def test_closed_field_activity_shows_its_dates(client, reference_data):
    html = client.get("/structures/mission-to-croatia/").content.decode()
    assert "Closed; active 1996–2007" in html


@pytest.mark.django_db
def test_countries_index_is_grouped(client, reference_data):
    response = client.get("/countries/")
    groups = {value: countries for value, _label, countries in response.context["groups"]}
    assert len(groups["participating_state"]) == 57
    assert len(groups["asian_partner"]) == 5
    assert len(groups["mediterranean_partner"]) == 6


@pytest.mark.django_db
def test_home_shows_latest_fields_and_chair(client, demo_content):
    with freeze_time(timezone.now().replace(year=2026, month=6)):
        response = client.get("/")
    html = response.content.decode()
    assert "Switzerland – OSCE Chairpersonship 2026" in html
    assert html.count('<article class="card">') == 8
    assert "/fields-of-work/elections/" in html
    assert 'class="breadcrumbs"' not in html


@pytest.mark.django_db
def test_pages_below_home_have_breadcrumbs(client, demo_content):
    for url in ["/press-releases/", "/fields-of-work/", "/countries/serbia/", "/about/"]:
        assert 'class="breadcrumbs"' in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_robots_and_healthz(client):
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    from django.db import DatabaseError

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    assert client.get("/healthz").status_code == 503


@pytest.mark.django_db
def test_server_error_page_needs_no_database(rf, django_assert_num_queries):
    from releases.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Fields of work" in response.content.decode()


@pytest.mark.django_db
def test_drafts_never_appear_on_public_lists(client, demo_content):
    field = FieldOfWork.objects.get(slug="elections")
    PressReleaseFactory(title="Secret draft", fields_of_work=[field])
    PressReleaseFactory(
        title="Future release",
        scheduled=True,
        fields_of_work=[field],
    )
    for url in ["/", "/press-releases/", "/fields-of-work/elections/"]:
        html = client.get(url).content.decode()
        assert "Secret draft" not in html and "Future release" not in html, url
    assert datetime  # keeps the import used for readability of timedelta above


def _links(html, start, end):
    part = html[html.index(start) :]
    return re.findall(r'<a href="([^"#]+)"', part[: part.index(end)])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("index", "panel"),
    [
        ("/fields-of-work/", 'id="menu-fields"'),
        ("/meetings/", 'id="menu-meetings"'),
        ("/countries/", 'id="menu-countries"'),
    ],
)
def test_each_index_lists_its_terms_in_the_order_of_its_menu(client, demo_content, index, panel):
    html = client.get(index).content.decode()
    menu = _links(html, panel, "</div>")
    listed = _links(html, 'id="main"', "</main>")
    # The menu's panel also links to other sections (field operations, projects);
    # every term of the index is in it, and the index has them in the menu's order.
    in_menu = [url for url in menu if url in listed]
    assert listed[: len(in_menu)] == in_menu
    assert len(in_menu) >= 15


@pytest.mark.django_db
def test_indexes_follow_the_curated_order_not_the_database_order(client, demo_content):
    countries = client.get("/countries/").context["groups"][0][2]
    assert [c.name for c in countries[:2]] == ["Albania", "Andorra"]
    assert countries[-1].name == "Uzbekistan"
    meetings = [m.name for m in client.get("/meetings/").context["object_list"]]
    assert meetings == [m.name for m in MeetingType.objects.order_by("order", "name")]
    assert meetings[0] == "Summit meetings"
    fields = client.get("/fields-of-work/").context["object_list"]
    elections = next(f for f in fields if f.name == "Elections")
    # Counted in the page's language: the English releases (translations have their own).
    english = PressRelease.objects.published().filter(language="en")
    assert elections.release_count == english.filter(fields_of_work__slug="elections").count()


@pytest.mark.django_db
def test_release_page_shows_the_standfirst_as_its_lead(client, reference_data):
    release = PressReleaseFactory(
        published=True, standfirst="Observers & monitors <arrive> in Skopje.", body="<p>Text.</p>"
    )
    html = client.get(release.get_absolute_url()).content.decode()
    lead = '<p class="release__lead">Observers &amp; monitors &lt;arrive&gt; in Skopje.</p>'
    assert lead in html
    assert html.index("<h1") < html.index(lead) < html.index('class="release__meta"')
    assert html.index(lead) < html.index('class="release__body')

    without = PressReleaseFactory(published=True, standfirst="")
    assert "release__lead" not in client.get(without.get_absolute_url()).content.decode()
