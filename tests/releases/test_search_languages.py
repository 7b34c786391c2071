"""Search per language: each release's vector is built with its own language's text
search configuration, and a query is parsed with the page language's configuration."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test import override_settings
from django.utils import translation

from releases import search
from releases.filters import PressReleaseFilter
from releases.models import PressRelease
from tests.factories import PressReleaseFactory


def postgres_only(test):
    skip = pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
    return pytest.mark.postgres(skip(test))


CANDIDATES = ("simple", "english", "french", "german", "russian")


def found(query, language):
    """Slugs a visitor of the `language` newsroom finds for `query`."""
    with translation.override(language):
        filterset = PressReleaseFilter({"q": query}, queryset=PressRelease.objects.published())
        assert filterset.is_valid(), filterset.form.errors
        return set(filterset.qs.values_list("slug", flat=True))


def built_with(release):
    """The configurations among CANDIDATES that give exactly the stored vector."""
    matches = set()
    with connection.cursor() as cursor:
        for config in CANDIDATES:
            cursor.execute(
                "SELECT search_vector = ("
                " setweight(to_tsvector(%s::regconfig, coalesce(title, '')), 'A')"
                " || setweight(to_tsvector(%s::regconfig, coalesce(standfirst, '')), 'B')"
                " || setweight(to_tsvector(%s::regconfig, coalesce(body, '')), 'C'))"
                " FROM releases_pressrelease WHERE id = %s",
                [config, config, config, release.pk],
            )
            if cursor.fetchone()[0]:
                matches.add(config)
    return matches


def russian_release(**kwargs):
    return PressReleaseFactory(
        published=True,
        language="ru",
        slug=kwargs.pop("slug", "ru-observers"),
        title="Наблюдатели БДИПЧ завершили миссию",
        standfirst="Итоги наблюдения опубликованы сегодня.",
        body="<p>Наблюдатели присутствовали на выборах в двенадцати регионах.</p>",
        **kwargs,
    )


def test_each_language_has_its_configuration_and_others_fall_back_to_simple():
    assert {code: search.config_for(code) for code, _name in settings.LANGUAGES} == {
        "en": "english",
        "fr": "french",
        "de": "german",
        "it": "italian",
        "ru": "russian",
        "es": "spanish",
    }
    assert search.config_for("de-at") == "german"
    assert search.config_for("pt") == "simple"
    assert search.config_for(None) == "simple"


def test_the_query_is_parsed_with_the_active_language_configuration():
    with translation.override("ru"):
        assert search.web_query("выборы").config.config.value == "russian"
    with translation.override("fr"):
        assert search.web_query("élection").config.config.value == "french"
    assert search.web_query("x", language="es").config.config.value == "spanish"


@pytest.mark.django_db
def test_unicode_search_matches_regardless_of_case_on_either_database():
    russian_release()
    assert found("ВЫБОРАХ", "ru") == {"ru-observers"}
    assert found("наблюдатели -сегодня", "ru") == set()


@postgres_only
@pytest.mark.django_db
def test_english_search_finds_a_release_containing_only_the_plural():
    PressReleaseFactory(
        published=True,
        slug="plural-only",
        title="Observers publish their report",
        standfirst="A statement.",
        body="<p>The mission observed the parliamentary elections.</p>",
    )
    assert found("election", "en") == {"plural-only"}
    assert found("observing", "en") == {"plural-only"}


@postgres_only
@pytest.mark.django_db
def test_russian_search_finds_another_case_of_the_word():
    russian_release()
    assert found("выборы", "ru") == {"ru-observers"}
    assert found("наблюдатель", "ru") == {"ru-observers"}


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "body", "query"),
    [
        ("fr", "<p>La mission a observé les élections législatives.</p>", "élection"),
        ("de", "<p>Die Mission beobachtete die Wahlen zum Parlament.</p>", "Wahl"),
    ],
)
def test_french_and_german_search_stem_in_their_language(language, body, query):
    PressReleaseFactory(
        published=True, language=language, slug=f"{language}-release", title="—", body=body
    )
    assert found(query, language) == {f"{language}-release"}


@postgres_only
@pytest.mark.django_db
def test_a_release_vector_is_built_with_its_own_language_configuration():
    russian = russian_release()
    english = PressReleaseFactory(published=True, title="Elections", body="<p>Observers</p>")
    french = PressReleaseFactory(language="fr", title="Élections", body="<p>Observateurs</p>")
    assert built_with(russian) == {"russian"}
    assert "english" in built_with(english)
    assert "simple" not in built_with(english)
    assert built_with(french) == {"french"}
    # An edit in another language rebuilds the vector with that language's configuration.
    russian.refresh_from_db()
    russian.language = "en"
    russian.save()
    assert "russian" not in built_with(russian)


@postgres_only
@pytest.mark.django_db
def test_a_language_without_a_configuration_is_searched_without_stemming():
    languages = [*settings.LANGUAGES, ("pt", "Português")]
    with override_settings(LANGUAGES=languages):
        release = PressReleaseFactory(
            published=True,
            language="pt",
            slug="pt-release",
            title="Observação das eleições",
            body="<p>A missão observou as eleições.</p>",
        )
        assert built_with(release) == {"simple"}
        assert found("eleições", "pt") == {"pt-release"}
        assert found("eleição", "pt") == set()


@postgres_only
@pytest.mark.django_db
def test_generated_releases_get_their_language_vectors(reference_data):
    call_command(
        "generate_releases", "--count", "40", "--seed", "3", "--languages", "en,ru", verbosity=0
    )
    by_language = {
        code: PressRelease.objects.filter(language=code).first() for code in ("en", "ru")
    }
    assert all(by_language.values())
    assert "russian" in built_with(by_language["ru"])
    assert "simple" not in built_with(by_language["ru"])  # English text, Russian rules
    assert "english" in built_with(by_language["en"])


@postgres_only
@pytest.mark.django_db
def test_imported_releases_get_their_language_vectors(reference_data, tmp_path):
    from tests.releases.test_backup import empty_content

    russian_release()
    path = tmp_path / "backup.zip"
    call_command("export_content", str(path), verbosity=0)
    empty_content()
    call_command("import_content", str(path), verbosity=0)
    assert built_with(PressRelease.objects.get(slug="ru-observers")) == {"russian"}
    assert found("выборы", "ru") == {"ru-observers"}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_data_migration_rebuilds_existing_vectors_by_language():
    russian = russian_release()
    call_command("migrate", "releases", "0007_release_language", verbosity=0)
    try:
        before = built_with(russian)  # as before: `simple` for every language
        assert "simple" in before
        assert "russian" not in before
        call_command("migrate", "releases", "0008_search_vector_by_language", verbosity=0)
        assert built_with(russian) == {"russian"}
    finally:
        call_command("migrate", verbosity=0)


@pytest.mark.django_db
def test_generate_releases_spreads_the_languages_asked_for(reference_data):
    call_command(
        "generate_releases", "--count", "60", "--seed", "5", "--languages", "en:1,ru:1,fr:1"
    )
    spread = dict(PressRelease.objects.values_list("language").annotate(n=Count("*")))
    assert set(spread) == {"en", "ru", "fr"}
    assert sum(spread.values()) == 60


@pytest.mark.django_db
def test_generate_releases_is_all_english_by_default(reference_data):
    call_command("generate_releases", "--count", "10", "--seed", "5", verbosity=0)
    assert set(PressRelease.objects.values_list("language", flat=True)) == {"en"}


@pytest.mark.django_db
@pytest.mark.parametrize("languages", ["en,xx", "en,en", "ru:0", "ru:many", ""])
def test_generate_releases_refuses_unknown_or_bad_languages(reference_data, languages):
    with pytest.raises(CommandError, match="--languages"):
        call_command("generate_releases", "--count", "5", "--languages", languages)
    assert not PressRelease.objects.exists()


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize("query", ["the", "-the", "the or and", '"of the"', "a -"])
def test_a_query_of_stop_words_finds_nothing_and_does_not_fail(client, query):
    PressReleaseFactory(published=True, title="The state of the region", body="<p>Of the</p>")
    assert found(query, "en") == set()
    assert client.get("/press-releases/", {"q": query}).status_code == 200


@postgres_only
@pytest.mark.django_db
def test_a_regional_variant_uses_its_language_in_save_and_in_bulk_paths(reference_data):
    with override_settings(LANGUAGES=[*settings.LANGUAGES, ("de-at", "Deutsch (Österreich)")]):
        saved = PressReleaseFactory(language="de-at", title="Wahlen", body="<p>Die Wahlen</p>")
        call_command(
            "generate_releases", "--count", "3", "--languages", "de-at", "--seed", "1", verbosity=0
        )
        generated = PressRelease.objects.filter(language="de-at").exclude(pk=saved.pk).first()
        assert built_with(saved) == {"german"}
        assert "german" in built_with(generated)
        assert "simple" not in built_with(generated)
