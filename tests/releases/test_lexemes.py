"""Searches matched from the lexemes the listing engine holds (releases.lexemes) find
exactly what PostgreSQL's own match finds, for every shape of query the visitor can
type, before and after writes of every kind; on SQLite, which has no stored vectors,
the engine holds none and the fallback answers as before."""

import numpy as np
import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from releases import engine as engine_module
from releases import lexemes
from releases.engine import engine
from releases.models import PressRelease
from tests.factories import PressReleaseFactory
from tests.releases.test_engine import assert_equal, corpus  # noqa: F401 (a fixture)

WORDS = ["training", "border", "media", "water", "2006", "youth", "election", "roma"]

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stored vectors are PostgreSQL's"
)


def held():
    return set(engine.current().words.held)


def matching(text, language="en"):
    """The ids the engine finds for `text` (any state: before the listing's own mask)."""
    index = engine.current()
    mask = lexemes.mask(index, text, language)
    return None if mask is None else set(index.ids[mask].tolist())


def database_matching(text, config="english"):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT release_id FROM releases_searchdocument "
            "WHERE vector @@ websearch_to_tsquery(%s::regconfig, %s)",
            [config, text],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize(
    "text,tree",
    [
        ("training", ("word", "train")),
        ("training border", ("and", [("word", "train"), ("word", "border")])),
        ("media or youth", ("or", [("word", "media"), ("word", "youth")])),
        (
            "media youth or water",
            ("or", [("and", [("word", "media"), ("word", "youth")]), ("word", "water")]),
        ),
        ("the training of the", ("word", "train")),
        ('"border police"', None),  # a phrase: the database matches it
        ("round-table", None),  # a hyphenated word is a phrase too
        ("-training", None),  # a negation
        ("media -youth", None),
        ("the", None),  # stop words only: no lexeme at all
        ("", None),
    ],
)
@postgres_only
@pytest.mark.django_db
def test_a_query_is_parsed_as_the_database_reads_it(text, tree):
    assert lexemes.parse(text, "english").tree == tree


@postgres_only
@pytest.mark.django_db
def test_common_words_are_held_and_match_what_the_database_matches(corpus):  # noqa: F811
    for text in ["training", "training border", "media or youth", "water 2006", "roma"]:
        assert matching(text) == database_matching(text), text
        assert_equal({"q": [text]})
    assert "train" in held()
    index = engine.current()
    rows = len(index.ids)
    for lexeme, bits in index.words.held.items():
        count = int(np.bitwise_count(bits).sum())
        assert count * lexemes.DENSE_SHARE >= rows, lexeme


@postgres_only
@pytest.mark.django_db
def test_rare_words_are_read_each_time_and_a_search_of_them_only_is_left_whole(
    corpus,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setattr(lexemes, "DENSE_SHARE", 0)  # nothing is common
    engine.reset()
    assert matching("training border") == database_matching("training border")
    assert held() == set()
    assert engine.current().words.rare >= {"train", "border"}
    assert matching("training border") is None  # all known rare: the database's match
    assert_equal({"q": ["training border"]})
    monkeypatch.setattr(lexemes, "DENSE_SHARE", 64)
    assert matching("media") == database_matching("media")
    assert held() == {"media"}
    # A held word and a rare one: the rare one read again, the two combined here.
    assert matching("media training") == database_matching("media training")
    assert_equal({"q": ["media training"]})


@postgres_only
@pytest.mark.django_db
def test_the_least_recently_used_word_goes_when_the_held_bytes_are_spent(
    corpus,  # noqa: F811
    monkeypatch,
):
    engine.reset()
    one_row = lexemes._words(len(engine.current().ids)) * 8
    monkeypatch.setattr(lexemes, "HELD_BYTES", 2 * one_row)
    for text in ["training", "border", "training", "media"]:
        assert matching(text) == database_matching(text), text
    assert held() == {"train", "media"}


@postgres_only
@pytest.mark.django_db
def test_held_words_follow_every_kind_of_write(corpus):  # noqa: F811
    """Hold the words, then write as the admin and the commands do; the held rows must
    agree with the database on the next use, without a rebuild."""
    texts = ["training", "border", "media or youth", "water training", "follow-up", "-media"]
    for text in texts:
        assert matching(text) == database_matching(text)
    before = engine.current()
    assert {"train", "border", "media", "youth", "water"} <= held()
    phrase = ("query", lexemes.parse("follow-up", "english").written)
    assert phrase in held() and ("query", "!'media'") in held()
    releases = list(PressRelease.objects.published().filter(language="en").order_by("pk")[:4])
    with_training = next(r for r in releases if r.pk in database_matching("training"))
    with_training.title = "A title about something else"
    with_training.standfirst = "Nothing to do with it."
    with_training.body = "<p>Another subject altogether.</p>"
    with_training.save()  # the word is gone from it
    releases[1].body += "<p>Border water training for youth media, and a follow-up.</p>"
    releases[1].save()  # the words are added to it
    releases[2].status = PressRelease.Status.DRAFT
    releases[2].save()
    releases[3].delete()
    PressReleaseFactory(published=True, title="Border training", body="<p>Water media.</p>")
    PressReleaseFactory(
        published=True, language="ru", title="Border training", body="<p>Water.</p>"
    )
    for text in texts:
        assert matching(text) == database_matching(text), text
        assert_equal({"q": [text]})
    index = engine.current()
    assert index is not before and index.built == before.built  # applied, not rebuilt
    assert {"train", "border", phrase} <= set(index.words.held)
    assert with_training.pk not in matching("training") | matching("follow-up")
    assert releases[1].pk in matching("water training") & matching("follow-up")


@postgres_only
@pytest.mark.django_db
def test_a_rebuild_starts_with_no_word_held(corpus):  # noqa: F811
    matching("training")
    assert held()
    PressRelease.objects.filter(pk=PressRelease.objects.first().pk).update(title="x")
    from releases.changes import record

    record()  # a change of everything
    assert held() == set()
    assert matching("training") == database_matching("training")


def queries():
    word = st.sampled_from(WORDS)
    group = st.lists(word, min_size=1, max_size=3).map(" ".join)
    return st.lists(group, min_size=1, max_size=3).map(" or ".join) | st.builds(
        lambda a, b, form: form.format(a, b),
        word,
        word,
        st.sampled_from(['"{} {}"', "{} -{}", "{}-{}", "the {} of {}"]),
    )


@postgres_only
@pytest.mark.django_db
def test_generated_queries_match_what_the_database_matches(corpus):  # noqa: F811
    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(text=queries())
    def check(text):
        found = matching(text)
        if found is not None:
            assert found == database_matching(text), text
        assert_equal({"q": [text]})

    check()


@pytest.mark.django_db
def test_on_sqlite_the_engine_holds_no_word_and_the_fallback_answers(corpus):  # noqa: F811
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's fallback")
    assert matching("training") is None
    assert_equal({"q": ["training"]})
    assert_equal({"q": ["media or youth"]})
    assert held() == set()


def test_refreshed_rows_of_bits_grow_and_take_the_changed_rows(monkeypatch):
    """A derived snapshot's rows of bits: longer by the new rows, the changed rows' bits
    set from their releases' lexemes as the database has them."""
    words = lexemes.Words()
    bits = lexemes._bits(np.array([0, 5, 63, 64, 69]), 70)
    words.hold("train", bits)
    monkeypatch.setattr(
        lexemes, "lexemes_of", lambda ids: {105: frozenset({"train"}), 170: frozenset({"train"})}
    )
    # Rows 5 and 64 changed (release 105 still has the word, 164 no longer), row 70 new.
    fresh = words.refreshed(71, [5, 64, 70], {5: 105, 64: 164, 70: 170})
    found = np.unpackbits(fresh.held["train"].view(np.uint8), bitorder="little")[:71]
    assert np.flatnonzero(found).tolist() == [0, 5, 63, 69, 70]
    assert len(fresh.held["train"]) == engine_module._words(71)
    untouched = np.unpackbits(words.held["train"].view(np.uint8), bitorder="little")[:70]
    assert np.flatnonzero(untouched).tolist() == [0, 5, 63, 64, 69]  # the old snapshot's
