"""Scoped validity (releases.scopes): a page stored before a change stays in the page
cache only if it would show exactly the same thing rendered now. Checked by generated
sequences of writes of every kind (through save() and the relations, as the admin
writes) against listings with and without facets, entity pages, searches, a Russian
listing and release pages: whenever a scope says "still valid", what the page shows
(every matching release as a card shows it, the count, the facets; a release page's
language versions and related releases) is unchanged. And the other way: a change
elsewhere leaves pages stored, through the page cache middleware."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from countries.models import Country
from releases import newsroom, scopes, selectors
from releases.filters import PressReleaseFilter
from releases.models import PressRelease
from releases.selectors import public_releases
from taxonomy.models import FieldOfWork, MeetingType, Structure
from taxonomy.vocabulary import vocabulary
from tests.factories import PressReleaseFactory

FACETS = PressReleaseFilter.FACETS
WORDS = ["election", "training", "border", "media", "water", "youth"]


@pytest.fixture
def corpus(reference_data):
    call_command("generate_releases", count=90, seed=21, languages="en,ru", verbosity=0)
    ids = list(PressRelease.objects.order_by("pk").values_list("pk", flat=True))
    rng = random.Random(21)
    PressRelease.objects.filter(pk__in=rng.sample(ids, 12)).update(status="draft")
    call_command("generate_releases", count=1, seed=22, verbosity=0)  # records a change


def pages():
    """(language, filter params, facets shown) of the listings checked."""
    terms = vocabulary("en")
    field, other_field = terms.fields[0].slug, terms.fields[1].slug
    country = terms.countries[0].slug
    parent = next(office for office in terms.structures if office.parent_id is None)
    meeting = terms.meetings[0].slug
    tag = Tag.objects.order_by("pk").values_list("slug", flat=True).first()
    every = tuple(FACETS)
    return [
        ("en", {}, every),
        ("en", {"field": [field]}, every),
        ("en", {"field": [field], "country": [country]}, every),
        ("en", {"type": ["press_release"], "country": [country]}, every),
        ("en", {"source": [parent.slug]}, every),
        ("en", {"tag": [tag]}, every),
        ("en", {"q": ["training"]}, every),
        ("en", {"q": ["election"], "field": [field]}, every),
        ("en", {"from": ["2020-01-01"], "meeting": [meeting]}, every),
        # entity pages: their own term fixed, not a facet
        ("en", {"field": [other_field]}, tuple(f for f in FACETS if f != "field")),
        ("en", {"source": [parent.slug]}, tuple(f for f in FACETS if f != "source")),
        ("en", {"country": [country], "q": ["media"]}, tuple(f for f in FACETS if f != "country")),
        # a filtered feed: no facets
        ("en", {"field": [field], "country": [country]}, ()),
        ("ru", {}, every),
    ]


def filterset(language, params):
    data = MultiValueDict({key: list(values) for key, values in params.items()})
    with translation.override(language):
        found = PressReleaseFilter(data, queryset=public_releases(language))
        assert found.is_valid(), found.form.errors
        newsroom.selection(found)
    return found


def listing_view(language, params, facets):
    """What the listing shows: every matching release as its card shows it, in order,
    and the counts of the facets it shows."""
    with translation.override(language):
        found = filterset(language, params)
        chosen = newsroom.selection(found)
        ids = chosen.ids()
        cards = public_releases(language).only(*selectors.CARD_FIELDS).in_bulk(ids)
        shown = [
            (pk, cards[pk].title, cards[pk].standfirst, cards[pk].date, cards[pk].release_type)
            for pk in ids
        ]
        counted = {name: chosen.facet_counts(name) for name in facets}
        return shown, counted, scopes.listing(chosen, facets)


def release_view(pk):
    """What a release page shows of other releases: its public language versions and
    its related releases (a change of the release itself always renders it again)."""
    mark = scopes.watermark()
    release = PressRelease.objects.published().filter(pk=pk).first()
    if release is None:
        return None, None
    with translation.override(release.language):
        original = release.translation_of_id or release.pk
        versions = PressRelease.objects.published().filter(
            Q(pk=original) | Q(translation_of_id=original)
        )
        alternates = sorted(versions.values_list("language", "pk", "slug"))
        relations = selectors.release_relations(release)
        related = selectors.related_releases(release=release, limit=4, relations=relations)
        shown = (alternates, [(r.pk, r.title, r.standfirst, r.date) for r in related])
        return shown, scopes.release_page(release, relations, related, 4, mark)


def snapshot(release_ids):
    found = {}
    for language, params, facets in pages():
        shown, counted, scope = listing_view(language, params, facets)
        found[("listing", language, repr(params), facets)] = ((shown, counted), scope)
    for pk in release_ids:
        shown, scope = release_view(pk)
        if scope is not None:
            found[("release", pk)] = (shown, scope)
    return found


def now_shows(key):
    if key[0] == "release":
        return release_view(key[1])[0]
    _kind, language, params, facets = key
    shown, counted, _scope = listing_view(language, eval(params), facets)  # noqa: S307  # nosec B307
    return shown, counted


def write(operation, rng):
    """One write of the given kind, through save() and the relations."""
    releases = list(PressRelease.objects.order_by("pk"))
    release = rng.choice(releases)
    terms = {
        "fields_of_work": list(FieldOfWork.objects.all()),
        "countries": list(Country.objects.all()),
        "sources": list(Structure.objects.all()),
        "meeting_types": list(MeetingType.objects.all()),
    }
    if operation == "publish":
        drafts = [r for r in releases if r.status != PressRelease.Status.PUBLISHED]
        if drafts:
            release = rng.choice(drafts)
            release.status, release.publish_at = PressRelease.Status.PUBLISHED, timezone.now()
            release.save()
    elif operation == "unpublish":
        release.status = PressRelease.Status.DRAFT
        release.save()
    elif operation == "relate":
        relation = rng.choice(list(terms))
        getattr(release, relation).add(rng.choice(terms[relation]))
    elif operation == "unrelate":
        getattr(release, rng.choice(list(terms))).clear()
    elif operation == "tag":
        release.tags.add(rng.choice([*Tag.objects.values_list("name", flat=True), "new tag"]))
    elif operation == "redate":
        release.date = datetime.date(2026, 1, 1) - datetime.timedelta(days=rng.randrange(4000))
        release.save()
    elif operation == "retype":
        release.release_type = rng.choice(PressRelease.ReleaseType.values)
        release.save()
    elif operation == "retitle":
        release.title = " ".join(rng.sample(WORDS, 2)).capitalize()
        release.save()
    elif operation == "delete":
        release.delete()
    elif operation == "new":
        PressReleaseFactory(
            published=True,
            language=rng.choice(["en", "ru"]),
            date=datetime.date(2026, 1, 1) - datetime.timedelta(days=rng.randrange(4000)),
            fields_of_work=rng.sample(terms["fields_of_work"], 1),
            countries=rng.sample(terms["countries"], 2),
        )
    elif operation == "translate":
        originals = [r for r in releases if r.language == "en" and r.translation_of_id is None]
        original = rng.choice(originals)
        if not PressRelease.objects.filter(translation_of=original, language="ru").exists():
            PressReleaseFactory(published=True, language="ru", translation_of=original)


OPERATIONS = [
    "publish",
    "unpublish",
    "relate",
    "unrelate",
    "tag",
    "redate",
    "retype",
    "retitle",
    "delete",
    "new",
    "translate",
]


@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    writes=st.lists(
        st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 2**32)), min_size=1, max_size=3
    )
)
def test_a_page_kept_after_a_change_shows_what_it_would_show_rendered_now(corpus, writes):
    published = list(
        PressRelease.objects.published().order_by("pk").values_list("pk", flat=True)[:12]
    )
    before = snapshot(published)
    for operation, seed in writes:
        write(operation, random.Random(seed))
    for key, (shown, scope) in before.items():
        if scopes.still_valid(scope) is not None:
            assert now_shows(key) == shown, (key, writes)


@pytest.mark.django_db
def test_a_change_elsewhere_keeps_pages_and_a_change_here_does_not(corpus):
    terms = vocabulary("en")
    field, other = FieldOfWork.objects.get(pk=terms.fields[0].pk), terms.fields[1]
    page = ("en", {"field": [other.slug]}, tuple(f for f in FACETS if f != "field"))
    listing = listing_view(*page)[2]
    unfiltered = listing_view("en", {}, tuple(FACETS))[2]
    PressReleaseFactory(published=True, fields_of_work=[field], countries=[])
    # A release of another field: the entity page of `other` shows nothing of it.
    assert scopes.still_valid(listing) is not None
    # The whole newsroom counts it.
    assert scopes.still_valid(unfiltered) is None
    renewed = scopes.still_valid(listing)
    PressReleaseFactory(published=True, fields_of_work=[FieldOfWork.objects.get(pk=other.pk)])
    assert scopes.still_valid(renewed) is None


@pytest.mark.django_db
def test_a_release_page_is_kept_unless_a_related_release_appears_near_it_in_time(corpus):
    field, country = FieldOfWork.objects.first(), Country.objects.first()
    days = datetime.timedelta(days=1)
    long_ago = timezone.now() - 400 * days

    def publish(at, **relations):
        return PressReleaseFactory(published=True, publish_at=at, **relations)

    release = publish(long_ago, fields_of_work=[field], countries=[country])
    for n in range(1, 5):  # four related releases within four days of it
        publish(long_ago + n * days, fields_of_work=[field])
    _shown, old_page = release_view(release.pk)
    newest = publish(timezone.now() - days, countries=[country])
    _shown, new_page = release_view(newest.pk)
    # Unrelated, and related but further away in time than the four shown.
    unrelated_field = FieldOfWork.objects.exclude(pk=field.pk).first()
    unrelated_country = Country.objects.exclude(pk=country.pk).first()
    publish(long_ago, fields_of_work=[unrelated_field], countries=[unrelated_country])
    publish(long_ago - 30 * days, fields_of_work=[field])
    old_page = scopes.still_valid(old_page)
    assert old_page is not None
    # A publication today on the same subjects: only the newest release's page shows it.
    publish(timezone.now(), fields_of_work=[field], countries=[country])
    assert scopes.still_valid(old_page) is not None
    assert scopes.still_valid(new_page) is None
    # A related release published right beside the old one concerns it.
    publish(long_ago + days / 2, countries=[country])
    assert scopes.still_valid(old_page) is None


@pytest.mark.django_db
def test_the_page_cache_keeps_a_page_that_a_publication_does_not_concern(client, settings, corpus):
    settings.PAGE_CACHE = True
    from django.db import connection

    first, second = FieldOfWork.objects.order_by("pk")[:2]
    release = PressRelease.objects.published().filter(language="en").first()
    kept, changed = f"/fields-of-work/{second.slug}/", f"/fields-of-work/{first.slug}/"
    before = {url: client.get(url) for url in (kept, changed, release.get_absolute_url())}
    story = PressReleaseFactory(
        published=True, title="A story of the first field", fields_of_work=[first], countries=[]
    )
    again = client.get(kept)
    assert not again.templates  # served as stored: not rendered again
    assert again.content == before[kept].content
    with CaptureQueriesContext(connection) as queries:
        assert client.get(kept).content == before[kept].content
    assert len(queries) == 0  # stored again under the new stamps
    fresh = client.get(changed)
    assert fresh.templates and story.title.encode() in fresh.content
    # The release page shows the related releases nearest in time to it: the story (the
    # newest release) is among them only if the page's release is the newest on its
    # subjects; either way the page is what a fresh render shows.
    page = client.get(release.get_absolute_url())
    related = selectors.related_releases(release=release)
    assert (story.title.encode() in page.content) == (story.pk in {r.pk for r in related})
