"""The listing engine (releases.engine) is an index of published() and PressReleaseFilter:
for any filter it must find exactly the releases, in the same order, and count exactly
the facets that the ORM finds through the FilterSet. Checked by brute force over every
single-value filter and with generated combinations, on whichever database the suite
runs (CI runs it on SQLite and on PostgreSQL), before and after writes of every kind."""

import datetime
import random

import numpy as np
import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from releases import newsroom
from releases.engine import _bits_under, engine
from releases.filters import PressReleaseFilter
from releases.models import Change, PressRelease
from releases.selectors import public_releases
from taxonomy.models import FieldOfWork
from taxonomy.vocabulary import vocabulary
from tests.factories import PressReleaseFactory

FACETS = PressReleaseFilter.FACETS
WORDS = ["election", "training", "border", "media", "water", "2006", "youth"]


@pytest.fixture
def corpus(reference_data):
    """A few hundred generated releases in two languages, drafts and scheduled ones
    among them, with skewed relations (as generate_releases makes for benchmarks)."""
    call_command("generate_releases", count=240, seed=14, languages="en,ru", verbosity=0)
    # Some scheduled for later, some drafts: published() must leave them out.
    ids = list(PressRelease.objects.order_by("pk").values_list("pk", flat=True))
    rng = random.Random(14)
    later = timezone.now() + datetime.timedelta(days=3)
    PressRelease.objects.filter(pk__in=rng.sample(ids, 12)).update(publish_at=later)
    PressRelease.objects.filter(pk__in=rng.sample(ids, 12)).update(status="draft")
    call_command("generate_releases", count=1, seed=15, verbosity=0)  # records a change


def filterset(params, language="en"):
    data = MultiValueDict({key: list(values) for key, values in params.items()})
    found = PressReleaseFilter(data, queryset=public_releases(language))
    assert found.is_valid(), found.form.errors
    return found


def orm_ids(found):
    return list(found.qs.values_list("pk", flat=True))


def engine_ids(found, language="en"):
    sort = found.form.cleaned_data.get("sort") or "newest"
    chosen = newsroom.selection(found) if language == "en" else None
    if chosen is None:
        from releases import engine as module
        from releases import search

        chosen = module.select(
            found.form.cleaned_data, language=language, matching_ids=search.matching_ids
        )
    return chosen.ids(order="oldest" if sort == "oldest" else "newest")


def orm_facets(found):
    """{facet: {value: count}} counted by the ORM, one term at a time where needed."""
    result = {}
    terms = vocabulary()
    for name in FACETS:
        base = found.filter_queryset_except(name)
        if name == "type":
            rows = base.values("release_type").annotate(n=Count("pk", distinct=True))
            counts = {row["release_type"]: row["n"] for row in rows}
        elif name == "tag":
            rows = base.filter(tags__isnull=False).values("tags__slug")
            rows = rows.annotate(n=Count("pk", distinct=True))
            counts = {row["tags__slug"]: row["n"] for row in rows}
        elif name == "source":
            counts = {}
            for office in terms.structures:
                subtree = terms.subtree_ids([office.pk])
                n = base.filter(sources__in=subtree).distinct().count()
                if n:
                    counts[office.slug] = n
        else:
            relation = {"field": "fields_of_work", "country": "countries"}.get(
                name, "meeting_types"
            )
            rows = base.filter(**{f"{relation}__isnull": False}).values(f"{relation}__slug")
            rows = rows.annotate(n=Count("pk", distinct=True))
            counts = {row[f"{relation}__slug"]: row["n"] for row in rows}
        result[name] = counts
    return result


def engine_facets(found):
    listed = newsroom.facets_for(FACETS, found)
    result = {}
    for name, (items, counts) in listed.items():
        result[name] = {value: counts[key] for key, value, _l, _d in items if counts.get(key)}
    return result


def assert_equal(params, language="en"):
    if params.get("from") and params.get("to") and params["from"][0] > params["to"][0]:
        return  # refused by the form (tests/releases/test_filters.py)
    found = filterset(params, language)
    assert engine_ids(found, language) == orm_ids(found), params
    if language == "en":
        assert engine_facets(found) == orm_facets(found), params


def single_value_filters():
    terms = vocabulary()
    yield {}
    for name, listed in [
        ("field", terms.fields),
        ("country", terms.countries),
        ("source", terms.structures),
        ("meeting", terms.meetings),
    ]:
        for term in listed:
            yield {name: [term.slug]}
    for value, _label in PressRelease.ReleaseType.choices:
        yield {"type": [value]}
    for slug in Tag.objects.values_list("slug", flat=True):
        yield {"tag": [slug]}
    for word in WORDS:
        yield {"q": [word]}
    yield {"from": ["2020-01-01"], "sort": ["oldest"]}
    yield {"to": ["2019-06-30"]}


@pytest.mark.django_db
def test_every_single_value_filter_finds_and_counts_what_the_orm_does(corpus):
    for params in single_value_filters():
        found = filterset(params)
        assert engine_ids(found) == orm_ids(found), params
    # Facets (the costly brute force) for a sample of them, every kind represented.
    sample = list(single_value_filters())
    for params in sample[:: max(1, len(sample) // 25)]:
        assert_equal(params)


@pytest.mark.django_db
def test_the_russian_listing_finds_what_the_orm_does(corpus):
    for params in [{}, {"q": ["выборы"]}, {"field": ["elections"]}]:
        assert_equal(params, language="ru")


@pytest.mark.django_db
@pytest.mark.parametrize("share", [1, 64, 10**9], ids=["all-rare", "as-shipped", "all-dense"])
def test_tag_facets_count_alike_from_bits_and_from_pairs(corpus, monkeypatch, share):
    """Common tags are counted from rows of bits, rare ones from their pairs
    (Index.tag_bits): whichever way each tag goes, the counts are the ORM's."""
    from releases import engine as module

    monkeypatch.setattr(module, "DENSE_TAG_SHARE", share)
    engine.reset()
    tags = list(Tag.objects.order_by("slug").values_list("slug", flat=True))
    for params in [{}, {"tag": tags[:1]}, {"tag": tags[-2:], "field": ["elections"]}]:
        assert_equal(params)


@pytest.mark.django_db
def test_a_page_of_ids_is_that_slice_of_all_of_them(corpus):
    """Selection.ids() reads the order in steps when it is asked for a page."""
    for params in [{}, {"field": ["elections"]}, {"q": ["water"]}, {"type": ["press_statement"]}]:
        chosen = newsroom.selection(filterset(params))
        for order in ("newest", "oldest", "publication"):
            every = chosen.ids(order=order)
            for start, stop in [(0, 1), (0, 20), (20, 40), (len(every) - 3, len(every) + 5)]:
                assert chosen.ids(order=order, start=start, stop=stop) == every[start:stop]


def filters():
    terms = vocabulary()

    def some(values, most=2):
        return st.lists(st.sampled_from(values), max_size=most, unique=True)

    return st.fixed_dictionaries(
        {},
        optional={
            "field": some([t.slug for t in terms.fields]),
            "country": some([t.slug for t in terms.countries]),
            "source": some([t.slug for t in terms.structures]),
            "meeting": some([t.slug for t in terms.meetings], 1),
            "type": some([v for v, _l in PressRelease.ReleaseType.choices]),
            "tag": some(list(Tag.objects.values_list("slug", flat=True)), 1),
            "q": some(WORDS, 1),
            "from": some(["2019-01-01", "2022-06-30"], 1),
            "to": some(["2021-12-31", "2025-01-01"], 1),
            "sort": some(["newest", "oldest"], 1),
        },
    )


@pytest.mark.django_db
def test_generated_filter_combinations_find_and_count_what_the_orm_does(corpus):
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(params=filters())
    def check(params):
        assert_equal(params)

    check()


@pytest.mark.django_db
def test_the_index_follows_every_kind_of_write(corpus):
    """Warm, then write as the admin and the commands do; the engine must agree with the
    ORM again on the next use, without being rebuilt by hand."""
    assert_equal({})
    before = engine.index
    releases = list(PressRelease.objects.published().order_by("pk")[:6])
    elections = FieldOfWork.objects.get(slug="elections")
    releases[0].fields_of_work.add(elections)  # a relation added
    releases[1].fields_of_work.clear()  # and cleared
    releases[2].status = PressRelease.Status.DRAFT  # unpublished
    releases[2].save()
    releases[3].delete()  # deleted
    releases[4].tags.add("engine test")  # a new tag
    releases[5].countries.set([])  # set(), as the admin form does
    later = timezone.now() + datetime.timedelta(hours=1)
    PressReleaseFactory(published=True, publish_at=later, fields_of_work=[elections])
    PressReleaseFactory(published=True, countries=[], sources=[])
    for params in [
        {},
        {"field": ["elections"]},
        {"tag": ["engine-test"]},
        {"type": [PressRelease.ReleaseType.values[1]]},
    ]:
        assert_equal(params)
    assert engine.index is not before
    assert engine.index.built == before.built  # applied in place, not rebuilt


@pytest.mark.django_db
def test_a_scheduled_release_appears_at_its_time_without_a_write(corpus):
    soon = timezone.now() + datetime.timedelta(minutes=5)
    release = PressReleaseFactory(published=True, publish_at=soon)
    found = filterset({})
    assert release.pk not in engine_ids(found)
    chosen = engine.current()
    later = soon + datetime.timedelta(seconds=1)
    assert chosen.visible("en", later)[chosen.rows_of([release.pk])].all()


@pytest.mark.django_db
def test_a_tag_rename_rebuilds_and_changes_the_facet(corpus):
    tag = Tag.objects.filter(taggit_taggeditem_items__isnull=True).first() or Tag.objects.first()
    assert_equal({})
    tag.name = "Renamed tag"
    tag.save()
    assert_equal({})


def orm_related(release, limit=4):
    """The ORM's definition of a release page's related releases: the published releases
    of its language sharing a field or a country with it, the `limit` published nearest
    in time to it (ties: the higher id), newest first."""
    from django.db.models import Q

    fields = list(release.fields_of_work.values_list("pk", flat=True))
    countries = list(release.countries.values_list("pk", flat=True))
    if not fields and not countries:
        return []
    shares = PressRelease.objects.filter(Q(fields_of_work__in=fields) | Q(countries__in=countries))
    found = public_releases(release.language).filter(pk__in=shares.values("pk"))
    moment = release.publish_at or timezone.now()
    candidates = found.exclude(pk=release.pk).values_list("pk", "publish_at")
    nearest = sorted(candidates, key=lambda row: (abs(row[1] - moment), -row[0]))[:limit]
    return [pk for pk, _at in sorted(nearest, key=lambda row: (row[1], row[0]), reverse=True)]


def assert_related_equal():
    from releases.selectors import related_releases

    for release in PressRelease.objects.order_by("pk"):  # drafts and scheduled too
        for limit in (1, 4):
            found = [r.pk for r in related_releases(release=release, limit=limit)]
            assert found == orm_related(release, limit), (release.pk, limit)


@pytest.mark.django_db
def test_related_releases_are_what_the_orm_finds_before_and_after_writes(corpus):
    assert_related_equal()
    releases = list(PressRelease.objects.published().order_by("-publish_at")[:3])
    elections = FieldOfWork.objects.get(slug="elections")
    releases[0].fields_of_work.set([elections])
    releases[1].countries.clear()
    releases[2].status = PressRelease.Status.DRAFT
    releases[2].save()
    PressReleaseFactory(published=True, fields_of_work=[elections], language="ru")
    assert_related_equal()


def assert_relations_equal():
    """A release page's terms and tags, read from the index and the vocabulary, are the
    release's own in the database."""
    from releases.selectors import release_relations

    for release in PressRelease.objects.prefetch_related(
        "fields_of_work", "countries", "sources", "tags"
    ):
        found = release_relations(release)
        assert [t.pk for t in found.fields] == [
            t.pk
            for t in vocabulary().fields
            if t.pk in {f.pk for f in release.fields_of_work.all()}
        ], release.pk
        assert {t.pk for t in found.countries} == {c.pk for c in release.countries.all()}
        assert {t.pk for t in found.sources} == {s.pk for s in release.sources.all()}
        assert {(t.slug, t.name) for t in found.tags} == {
            (t.slug, t.name) for t in release.tags.all()
        }, release.pk


@pytest.mark.django_db
def test_a_release_pages_terms_are_what_the_database_holds_before_and_after_writes(corpus):
    assert_relations_equal()
    releases = list(PressRelease.objects.order_by("pk")[:4])
    releases[0].fields_of_work.set([FieldOfWork.objects.get(slug="elections")])
    releases[1].countries.clear()
    releases[2].tags.add("a new tag")
    releases[3].sources.set([])
    PressReleaseFactory(published=True, tags=["another new tag"])
    assert_relations_equal()


@pytest.mark.parametrize("terms,words", [(1, 1), (3, 5), (68, 1875), (5, 40_000), (300, 200)])
def test_bits_under_a_mask_are_counted_block_by_block_as_in_one_go(terms, words):
    """Facet counts are popcounts of rows of bits under a mask, taken a block of columns
    at a time in each thread's working space (releases.engine.Scratch)."""
    rng = np.random.default_rng(terms * words)
    bits = rng.integers(0, 2**64, size=(terms, words), dtype=np.uint64)
    packed = rng.integers(0, 2**64, size=words, dtype=np.uint64)
    expected = np.bitwise_count(bits & packed).sum(axis=1, dtype=np.int64)
    assert _bits_under(bits, packed).tolist() == expected.tolist()


@pytest.mark.django_db
def test_the_change_log_is_read_again_only_when_the_shared_stamp_moves(
    corpus, monkeypatch, django_assert_num_queries
):
    """With a content stamp shared by every process (Redis), an unchanged stamp means no
    write since the change log was last read; without one it is read every time."""
    from osce_site import cache as caching

    stamp = {"value": "one"}
    monkeypatch.setattr(caching, "shared_version", lambda namespace: stamp["value"])
    engine.reset()
    engine.current()
    with django_assert_num_queries(0):
        engine.current()
    release = PressRelease.objects.published().filter(language="en").first()
    # Another process unpublishes it: its change row, then (on commit) a new stamp.
    PressRelease.objects.filter(pk=release.pk).update(status="draft")
    Change.objects.create(release_id=release.pk)
    index = engine.current()  # the stamp has not moved yet: not read again
    assert index.published[index.rows_of([release.pk])].tolist() == [True]
    stamp["value"] = "two"
    assert_equal({})
    assert_equal({"q": ["water"]})
    stamp["value"] = None  # not shared (no cache, Redis away): read every time
    with django_assert_num_queries(1):
        engine.current()
    with django_assert_num_queries(1):
        engine.current()


@pytest.mark.django_db
def test_shared_facet_counts_hold_only_while_published_shows_the_same(corpus, monkeypatch):
    """The facets of the newsroom and of an entity page are counted once per snapshot
    (Index.shared_counts) and used only between the publish-at times around the moment
    they were counted: a scheduled release coming due is counted, without a write."""
    from releases import engine as module

    elections = FieldOfWork.objects.get(slug="elections")
    now = timezone.now()
    soon = now + datetime.timedelta(minutes=5)
    PressReleaseFactory(published=True, publish_at=soon, fields_of_work=[elections])

    def counted(moment, data=None):
        chosen = module.select(data or {}, language="en", now=moment)
        return chosen.facet_counts("field").get(elections.pk, 0)

    before = counted(now)
    assert counted(soon + datetime.timedelta(seconds=1)) == before + 1
    assert counted(now) == before  # an earlier moment: not the later counts
    assert counted(soon) == before + 1  # due at that very moment (publish_at <= now)
    index = engine.current()
    assert len(index._derived["counts"]) == 1  # one selection, three windows in turn
    monkeypatch.setattr(module, "SHARED_COUNTS", 2)
    for slug in ["elections", "gender-equality", "media-freedom-and-development"]:
        data = {"field": [slug]} if FieldOfWork.objects.filter(slug=slug).exists() else {}
        assert_equal({"field": [slug]} if data else {})
    assert len(index._derived["counts"]) <= 2
