"""Releases in several languages: translations share their original's relations and date
(kept in sync on every write), each language version has its own visibility, URL and
history, the public listings of a language list its releases only, and the admin adds,
shows and filters translations."""

import datetime

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from countries.models import Country
from releases import selectors
from releases.filters import PressReleaseFilter
from releases.models import PressRelease
from releases.newsroom import facets
from releases.sitemaps import PressReleaseSitemap
from releases.translations import (
    create_translation,
    is_out_of_date,
    missing_languages,
    out_of_date,
    sync_relations,
)
from taxonomy.models import FieldOfWork, MeetingType, Structure
from tests.factories import ImageFactory, PressReleaseFactory
from tests.releases.test_admin import change_url, form_data
from tests.releases.test_backup import empty_content, rows

Status = PressRelease.Status
LIST = reverse("admin:releases_pressrelease_changelist")
I18N_URLS = "tests.releases.i18n_urls"


def translate_url(release):
    return reverse("admin:releases_pressrelease_translate", args=[release.pk])


def publish(release):
    release.refresh_from_db()
    release.status = Status.PUBLISHED
    release.save()
    return release


def field(slug):
    return FieldOfWork.objects.get(slug=slug)


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


@pytest.fixture
def family(reference_data):
    """An English original with a public Russian translation and a French draft, and a
    release that exists only in Russian."""
    original = PressReleaseFactory(
        slug="observers-welcome-calm-vote",
        title="Observers welcome a calm vote",
        published=True,
        date=datetime.date(2024, 3, 1),
        fields_of_work=[field("elections")],
        countries=[Country.objects.get(iso_code="RS")],
        sources=[Structure.objects.get(slug="mission-in-kosovo")],
        tags=["election observation"],
    )
    russian = publish(create_translation(original, "ru"))
    russian.title = "Наблюдатели приветствуют спокойное голосование"
    russian.save()
    french = create_translation(original, "fr")
    russian_only = PressReleaseFactory(
        slug="forum-v-oshe",
        title="Форум в Оше",
        language="ru",
        published=True,
        date=datetime.date(2024, 2, 1),
        fields_of_work=[field("elections"), field("youth")],
        sources=[Structure.objects.get(slug="programme-office-in-bishkek")],
    )
    return original, russian, french, russian_only


@pytest.fixture
def i18n_urls(settings):
    """Public pages under language prefixes, as the site mounts releases.urls."""
    settings.ROOT_URLCONF = I18N_URLS


def shared(release):
    release.refresh_from_db()
    return (
        release.date,
        ids(release.sources),
        ids(release.fields_of_work),
        ids(release.countries),
        ids(release.meeting_types),
        set(release.tags.values_list("slug", flat=True)),
    )


# Sync of the shared relations ----------------------------------------------------------


@pytest.mark.django_db
def test_editing_the_originals_relations_in_the_admin_updates_every_translation(
    publisher_client, family
):
    original, russian, french, _ = family
    versions = {r.pk: r.history.count() for r in (original, russian, french)}
    meeting = MeetingType.objects.get(slug="ministerial-council-meetings")
    data = form_data(
        original,
        fields_of_work=[field("human-rights").pk, field("youth").pk],
        countries=[Country.objects.get(iso_code="UA").pk],
        meeting_types=[meeting.pk],
        tags="human rights, youth",
        date="2024-03-05",
        minor_change="on",
        language="en",
    )
    response = publisher_client.post(change_url(original), data)
    assert response.status_code == 302, response.content[:2000]

    assert shared(original)[0] == datetime.date(2024, 3, 5)
    assert shared(russian) == shared(original) == shared(french)
    assert shared(russian)[2] == {field("human-rights").pk, field("youth").pk}
    # Still one version per save: the original's save, and one on each translation.
    assert {r.pk: r.history.count() for r in (original, russian, french)} == {
        pk: count + 1 for pk, count in versions.items()
    }
    # An unchanged save of the original records nothing on the translations.
    original.refresh_from_db()
    data.update(loaded_version=original.version)
    assert publisher_client.post(change_url(original), data).status_code == 302
    assert russian.history.count() == versions[russian.pk] + 1


@pytest.mark.django_db
def test_a_translations_form_shows_the_shared_relations_read_only_and_cannot_change_them(
    publisher_client, family
):
    original, russian, _, _ = family
    page = publisher_client.get(change_url(russian)).content.decode()
    assert "Shared with the original" in page
    assert "From the original" in page
    assert 'name="fields_of_work"' not in page and 'name="tags"' not in page
    assert 'id="id_language"' not in page  # the release's own language is fixed
    before = shared(original)
    data = form_data(
        russian,
        fields_of_work=[field("youth").pk],
        tags="something else",
        date="2020-01-01",
        minor_change="on",
        language="de",
        title="Наблюдатели приветствуют спокойное голосование (исправлено)",
    )
    response = publisher_client.post(change_url(russian), data)
    assert response.status_code == 302, response.content[:2000]
    russian.refresh_from_db()
    assert russian.title.endswith("(исправлено)")
    assert russian.language == "ru"
    assert shared(russian) == before == shared(original)


@pytest.mark.django_db
def test_restoring_an_originals_version_brings_its_translations_along(publisher_client, family):
    original, russian, _, _ = family
    first = original.history.latest("history_date")
    edit = form_data(original, fields_of_work=[field("youth").pk], minor_change="on")
    assert publisher_client.post(change_url(original), edit).status_code == 302
    assert shared(russian)[2] == {field("youth").pk}
    restore = reverse("admin:releases_pressrelease_simple_history", args=[original.pk, first.pk])
    form = publisher_client.get(restore).context["adminform"].form
    original.refresh_from_db()
    data = form_data(
        original, fields_of_work=list(form["fields_of_work"].value()), minor_change="on"
    )
    response = publisher_client.post(restore, data)
    assert response.status_code == 302, response.content[:2000]
    assert shared(russian)[2] == {field("elections").pk} == shared(original)[2]


@pytest.mark.django_db
def test_sync_relations_is_the_rule_of_every_write_path(family):
    original, russian, french, _ = family
    original.fields_of_work.set([field("youth")])  # a write that forgot the translations
    original.tags.set(["youth"])
    assert shared(russian) != shared(original)
    changed = sync_relations(original)
    assert {t.pk for t in changed} == {russian.pk, french.pk}
    assert shared(russian) == shared(original) == shared(french)
    assert sync_relations(russian) == []  # given a translation: its family, already in sync


@pytest.mark.django_db
def test_model_validation_refuses_chains_same_language_and_a_second_version_per_language(
    family,
):
    original, russian, _, russian_only = family
    chain = PressRelease(
        translation_of=russian, language="de", title="x", slug="chain", date=original.date
    )
    same = PressRelease(
        translation_of=original, language="en", title="x", slug="same", date=original.date
    )
    twice = PressRelease(
        translation_of=original, language="ru", title="x", slug="twice", date=original.date
    )
    for release, message in [
        (chain, "not of a translation"),
        (same, "another language"),
        (twice, "already has a translation"),
    ]:
        with pytest.raises(ValidationError, match=message):
            release.full_clean()
    original.language = "ru"  # the language of one of its translations
    with pytest.raises(ValidationError, match="already in that language"):
        original.full_clean()
    with pytest.raises(ValidationError):
        create_translation(russian, "de")
    russian_only.translation_of = original  # it has none of its own: allowed in German
    russian_only.language = "de"
    russian_only.full_clean()


# Out of date --------------------------------------------------------------------------


@pytest.mark.django_db
def test_out_of_date_is_the_same_rule_for_a_translation_and_the_queryset(family):
    original, russian, _, russian_only = family
    earlier = timezone.now() - datetime.timedelta(days=2)
    later = timezone.now() - datetime.timedelta(days=1)
    cases = [(later, earlier, True), (earlier, later, False), (earlier, earlier, False)]
    for original_change, translation_change, expected in cases:
        PressRelease.objects.filter(pk=original.pk).update(last_major_change=original_change)
        PressRelease.objects.filter(pk=russian.pk).update(last_major_change=translation_change)
        fresh = PressRelease.objects.select_related("translation_of").get(pk=russian.pk)
        assert is_out_of_date(fresh) is expected
        assert (russian.pk in ids(out_of_date(PressRelease.objects.all()))) is expected
    assert not is_out_of_date(original) and not is_out_of_date(russian_only)
    assert not ids(out_of_date(PressRelease.objects.filter(translation_of__isnull=True)))


@pytest.mark.django_db
def test_a_major_change_of_the_original_flags_its_translation_in_the_admin_list(
    publisher_client, family
):
    original, russian, french, russian_only = family
    assert not is_out_of_date(PressRelease.objects.get(pk=russian.pk))
    data = form_data(
        original,
        body="<p>The mission observed the vote and published its findings.</p>",
        change_note="Added the findings.",
        language="en",
    )
    assert publisher_client.post(change_url(original), data).status_code == 302
    assert is_out_of_date(PressRelease.objects.get(pk=russian.pk))
    # A French draft made before the change is out of date too: it was translated from
    # the text as it was then.
    assert ids(out_of_date(PressRelease.objects.all())) == {russian.pk, french.pk}

    listed = publisher_client.get(LIST, {"out_of_date": "yes"})
    assert {r.pk for r in listed.context["cl"].result_list} == {russian.pk, french.pk}
    page = publisher_client.get(LIST).content.decode()
    assert "EN ●" in page and "RU ⚠" in page and "FR ⚠" in page
    assert "translation out of date" in page and "missing in Russian" in page

    def listed_by(params):
        response = publisher_client.get(LIST, params)
        return {r.pk for r in response.context["cl"].result_list}

    assert listed_by({"missing_de": "yes"}) == {original.pk, russian_only.pk}
    assert listed_by({"missing_fr": "yes"}) == {russian_only.pk}
    assert listed_by({"missing_ru": "yes"}) == set()
    assert listed_by({"language": "ru"}) == {russian.pk, russian_only.pk}


@pytest.mark.django_db
def test_the_admin_lists_language_versions_without_a_query_per_release(publisher_client, family):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = publisher_client.get(LIST)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    create_translation(PressReleaseFactory(slug="more"), "de")
    few, _ = queries()
    for number in range(10):
        create_translation(PressReleaseFactory(slug=f"more-{number}"), "de")
    many, page = queries()
    assert many == few
    assert page.count("DE ○") >= 11


# Adding a translation -----------------------------------------------------------------


@pytest.mark.django_db
def test_add_translation_creates_a_prefilled_draft_and_opens_its_form(editor_client, family):
    original, _, _, _ = family
    page = editor_client.get(change_url(original)).content.decode()
    assert translate_url(original) in page  # "Add translation" on the release's page
    form = editor_client.get(translate_url(original))
    assert [code for code, _ in form.context["form"].fields["language"].choices] == [
        "de",
        "it",
        "es",
    ]
    response = editor_client.post(translate_url(original), {"language": "de"})
    german = PressRelease.objects.get(translation_of=original, language="de")
    assert response.status_code == 302 and response.url == change_url(german)
    assert german.status == Status.DRAFT and not german.is_published()
    assert (german.title, german.body, german.standfirst, german.place) == (
        original.title,
        original.body,
        original.standfirst,
        original.place,
    )
    assert shared(german) == shared(original)
    assert german.history.count() == 1
    assert german.slug != original.slug
    # The editor keeps the editor's role on the new version: it opens, and it is theirs.
    assert editor_client.get(response.url).status_code == 200
    # A language that has a version cannot be added again: a form error, not a 500.
    again = editor_client.post(translate_url(original), {"language": "ru"})
    assert again.status_code == 200 and again.context["form"].errors
    assert missing_languages(original) == ["it", "es"]


@pytest.mark.django_db
def test_add_translation_of_a_translation_goes_to_the_original(editor_client, family):
    original, russian, _, _ = family
    response = editor_client.get(translate_url(russian))
    assert response.status_code == 302 and response.url == translate_url(original)
    assert editor_client.get(translate_url(PressRelease(pk=10**20))).status_code == 404


@pytest.mark.django_db
def test_a_translation_reuses_the_originals_image_with_its_own_caption(reference_data, tmp_path):
    from tests.releases.test_backup import jpeg_upload

    image = ImageFactory(
        file=jpeg_upload(640, 360), credit="OSCE/Demo", alt_text="A polling station"
    )
    original = PressReleaseFactory(lead_image=image)
    russian = create_translation(original, "ru")
    assert russian.lead_image == original.lead_image  # the same library image
    assert russian.image_alt == "A polling station"  # to translate
    russian.delete()
    original.refresh_from_db()
    assert original.lead_image.file.storage.exists(image.file.name)  # the original shows it


# Per-language public pages ------------------------------------------------------------


@pytest.mark.django_db
def test_each_languages_newsroom_lists_its_own_releases(client, family, i18n_urls):
    original, russian, french, russian_only = family
    english = client.get("/press-releases/").content.decode()
    russian_page = client.get("/ru/press-releases/").content.decode()
    french_page = client.get("/fr/press-releases/").content.decode()
    assert original.title in english and russian_only.title not in english
    assert russian.title not in english
    assert russian_only.title in russian_page and russian.title in russian_page
    assert original.title not in russian_page
    # A draft translation is not public: the French newsroom has nothing yet.
    assert french.title not in french_page or original.title not in french_page
    assert PressRelease.objects.get(pk=french.pk).get_absolute_url() not in french_page
    entity = client.get("/ru/fields-of-work/elections/").content.decode()
    assert russian_only.title in entity and russian.title in entity
    assert original.title not in entity
    home = client.get("/ru/").content.decode()
    assert russian_only.title in home and original.title not in home


@pytest.mark.django_db
def test_published_applies_to_each_language_version(client, family, i18n_urls):
    original, russian, french, _ = family
    assert client.get(french.get_absolute_url()).status_code == 404
    assert client.get(russian.get_absolute_url()).status_code == 200
    assert original.public_versions() == [original, russian]
    assert PressRelease.objects.get(pk=russian.pk).public_versions() == [original, russian]
    publish(french)
    assert [r.language for r in original.public_versions()] == ["en", "fr", "ru"]


@pytest.mark.django_db
def test_a_release_lives_under_its_own_language_and_other_prefixes_redirect(
    client, family, i18n_urls
):
    original, russian, _, _ = family
    own = russian.get_absolute_url()
    assert own.startswith("/ru/press-releases/")
    assert original.get_absolute_url().startswith("/press-releases/")
    with translation.override("de"):
        assert russian.get_absolute_url() == own  # whatever the current language
    for wrong in (own.removeprefix("/ru"), "/fr" + own.removeprefix("/ru")):
        response = client.get(wrong)
        assert response.status_code == 301 and response.url == own
    response = client.get("/ru" + original.get_absolute_url())
    assert response.status_code == 301 and response.url == original.get_absolute_url()
    page = client.get(own)
    assert page.status_code == 200 and russian.title in page.content.decode()
    # The cached page answers the same way.
    assert client.get(own.removeprefix("/ru")).status_code == 301


@pytest.mark.django_db
def test_feeds_list_and_declare_their_language(client, family, i18n_urls):
    original, russian, _, russian_only = family
    for url in ("/ru/press-releases/feed/", "/ru/press-releases/atom/"):
        parsed = feedparser.parse(client.get(url).content)
        assert parsed.feed.language == "ru", url
        titles = {entry.title for entry in parsed.entries}
        assert titles == {russian.title, russian_only.title}, url
        assert all("/ru/press-releases/" in entry.link for entry in parsed.entries)
    english = feedparser.parse(client.get("/press-releases/feed/").content)
    assert english.feed.language == "en"
    assert {entry.title for entry in english.entries} == {original.title}


@pytest.mark.django_db
def test_related_releases_are_in_the_releases_language(family):
    original, russian, _, russian_only = family
    related = selectors.related_releases(release=russian)
    assert [r.pk for r in related] == [russian_only.pk]
    assert selectors.related_releases(release=original) == []


@pytest.mark.django_db
def test_each_languages_sitemap_lists_its_public_versions_at_their_own_urls(family, i18n_urls):
    original, russian, french, russian_only = family
    listed = {}
    for code in ("en", "ru", "fr"):
        with translation.override(code):
            sitemap = PressReleaseSitemap()
            listed[code] = sorted(sitemap.location(r) for r in sitemap.items()[0:100])
    assert listed["en"] == [original.get_absolute_url()]
    assert listed["ru"] == sorted(r.get_absolute_url() for r in (russian, russian_only))
    assert all(url.startswith("/ru/press-releases/") for url in listed["ru"])
    assert french.get_absolute_url() not in listed["fr"] or french.is_published()


def brute_force_counts(language, params):
    """Facet counts of a language's newsroom by brute force, without the facet code."""
    counts = {}
    for release in PressRelease.objects.published().filter(language=language):
        if params.get("field") and not set(params["field"]) & {
            f.slug for f in release.fields_of_work.all()
        }:
            continue
        keys = {
            "type": [release.release_type],
            "field": [f.slug for f in release.fields_of_work.all()],
            "country": [c.slug for c in release.countries.all()],
            "meeting": [m.slug for m in release.meeting_types.all()],
            "tag": [t.slug for t in release.tags.all()],
        }
        for name, values in keys.items():
            if name == "field" and params.get("field"):
                continue
            for value in set(values):
                counts.setdefault(name, {}).setdefault(value, 0)
                counts[name][value] += 1
    return counts


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{}, {"field": ["youth"]}], ids=str)
def test_facet_counts_per_language_equal_brute_force(family, params):
    original, russian, french, _ = family
    publish(french)
    for language in ("en", "ru", "fr", "en"):  # cached per language, not shared
        with translation.override(language):
            filterset = PressReleaseFilter(params, queryset=selectors.public_releases())
            assert filterset.is_valid()
            got = {
                facet["name"]: {o["value"]: o["count"] for o in facet["shown"] if o["count"]}
                for facet in facets(filterset)
                if facet["name"] != "source" and not (params.get(facet["name"]))
            }
        expected = brute_force_counts(language, params)
        for name, counted in got.items():
            assert counted == expected.get(name, {}), (language, name)


# Demo content and backups -------------------------------------------------------------


@pytest.mark.django_db
def test_demo_content_has_translations_a_russian_only_release_and_one_out_of_date(
    demo_content,
):
    translated = PressRelease.objects.filter(translation_of__isnull=False)
    assert set(translated.values_list("language", flat=True)) >= {"ru", "fr", "de"}
    assert translated.values("translation_of").distinct().count() >= 5
    seed = PressRelease.objects.get(
        slug="osce-chairman-urges-kosovo-serbs-to-take-part-in-october-elections"
    )
    assert seed.translations.filter(language="ru").exists()
    alone = PressRelease.objects.filter(language="ru", translation_of__isnull=True)
    assert alone.filter(translations__isnull=True, sources__slug="programme-office-in-bishkek")
    stale = list(out_of_date(PressRelease.objects.all()))
    assert len(stale) == 1 and stale[0].translation_of.change_note
    for release in translated:
        assert shared(release) == shared(release.translation_of)
    call_command("load_demo_content", verbosity=0)  # idempotent
    assert PressRelease.objects.filter(translation_of__isnull=False).count() == translated.count()


@pytest.mark.django_db
def test_translations_survive_a_backup_round_trip(family, tmp_path):
    path = tmp_path / "backup.zip"
    before = rows()
    call_command("export_content", str(path), verbosity=0)
    empty_content()
    call_command("import_content", str(path), verbosity=0)
    assert rows() == before
    original, russian, french, _ = family
    assert shared(russian) == shared(original) == shared(french)
    assert PressRelease.objects.get(pk=russian.pk).translation_of_id == original.pk
